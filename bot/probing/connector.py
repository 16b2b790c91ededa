"""The only way from a probe to a mail server: guarded, limited per address, capped.

Everything that touches the network for one server is here: the guard (public addresses
and mail ports only, see ``guard``), the name lookup (once: the socket goes to the address
that was checked), the limit of real connections to one address and port, the cap on
connections across all users, and the session's byte and time caps. Above it the prober
decides who may ask and what is shared; below it the session speaks the protocol.
"""

from __future__ import annotations

import asyncio
import ipaddress
import time
from collections.abc import Awaitable, Callable

from bot.models import Text
from bot.probing.codes import ErrorKind, FindingCode, RefusalCode, Severity
from bot.probing.diagnosis import diagnose
from bot.probing.guard import (
    IPAddress,
    TargetRefused,
    check_address,
    check_port,
    parse_host,
    refuse,
)
from bot.probing.limits import SlidingWindowLimiter
from bot.probing.results import Finding, ProbeResult, ServerSpec
from bot.probing.session import SessionSettings, probe_server
from bot.probing.settings import ProbeSettings

Resolver = Callable[[str], Awaitable[list[IPAddress]]]


class Connector:
    def __init__(self, settings: ProbeSettings, resolver: Resolver | None = None) -> None:
        self.settings = settings
        self._resolver = resolver  # built on first use: an IP literal needs no DNS
        self._connections = asyncio.Semaphore(settings.max_concurrent_connections)
        self._per_address = SlidingWindowLimiter(settings.per_address)
        self._session = SessionSettings.create(settings.deadline, settings.step_timeout,
                                               settings.ca_file, settings.limits)

    def _resolve(self) -> Resolver:
        if self._resolver is None:
            from bot.probing.resolver import DnsResolver  # dnspython: only to resolve a name

            self._resolver = DnsResolver(self.settings.nameserver, self.settings.dns_timeout)
        return self._resolver

    def admit(self, spec: ServerSpec) -> None:
        """Refuse (TargetRefused) a server the guard rules out before any lookup: a port that
        is no mail port, a name no person writes, a private IP literal. Unrestricted: all."""
        if self.settings.unrestricted:
            return
        check_port(spec.port)
        host = parse_host(spec.host)
        if not isinstance(host, str):
            check_address(host)

    @property
    def session(self) -> SessionSettings:
        return self._session

    async def checked_address(self, spec: ServerSpec) -> IPAddress:
        """The one address of ``spec`` the guard allows connecting to (a login check
        connects there); TargetRefused when there is none."""
        self.admit(spec)
        return (await self._addresses(spec.host))[0]

    async def probe(self, spec: ServerSpec) -> ProbeResult:
        """Probe one admitted server; every failure, refusals included, is in the result."""
        started = time.perf_counter()
        try:
            addresses = await self._addresses(spec.host)
        except TargetRefused as refused:
            # One refused server of several still lets the others be probed.
            result = ProbeResult(host=spec.host, port=spec.port, protocol=spec.protocol,
                                 security=spec.security, error=refused.refusal.text.en,
                                 error_kind=ErrorKind(refused.refusal.code))
            result.diagnosis = [Finding(FindingCode.REFUSED_TARGET, refused.refusal.text,
                                        Severity.ERROR)]
            return result
        dns_ms = round((time.perf_counter() - started) * 1000, 1)
        busy = self._address_busy(addresses[0], spec.port)
        if busy is not None:
            result = ProbeResult(host=spec.host, port=spec.port, protocol=spec.protocol,
                                 security=spec.security, ip=str(addresses[0]),
                                 error=busy.en, error_kind=ErrorKind.RATE_LIMITED)
            result.diagnosis = [Finding(FindingCode.RATE_LIMITED, busy, Severity.WARNING)]
            return result
        async with self._connections:
            result = await probe_server(spec, addresses[0], self._session, dns_ms)
        result.diagnosis = diagnose(result)
        return result

    def _address_busy(self, address: IPAddress, port: int) -> Text | None:
        """Why ``address`` must not be connected to now, or None. Strangers only: someone
        probing their own servers (unrestricted) may probe them as often as they like."""
        if self.settings.unrestricted or self._per_address.allow((str(address), port)):
            return None
        wait = max(1, round(self._per_address.retry_after((str(address), port))))
        return Text(f"{address} port {port} was probed several times in the last minute; "
                    f"try again in {wait} s.",
                    f"{address} 的 {port} 端口在一分钟内已被探测多次，请 {wait} 秒后再试。")

    async def _addresses(self, host: str) -> list[IPAddress]:
        """Resolve once, check every address, and connect to the checked one only."""
        try:
            literal: IPAddress | None = ipaddress.ip_address(host)
        except ValueError:
            literal = None
        if literal is not None:
            addresses = [literal]
        else:
            try:
                addresses = await self._resolve()(host)
            except (OSError, TimeoutError) as exc:
                raise refuse(RefusalCode.DNS, f"{host} could not be resolved ({exc}).",
                             f"无法解析 {host}（{exc}）。") from exc
            if not addresses:
                raise refuse(RefusalCode.DNS, f"{host} has no address.",
                             f"{host} 没有 IP 地址。")
        if not self.settings.unrestricted:
            for address in addresses:
                check_address(address)
        return addresses
