"""The probe as the engine offers it to every front end: guarded, limited, concurrent.

    prober = Prober(engine, ProbeSettings())
    report = await prober.probe("smtp.qq.com:465", user="tg:42", chat="tg:-100")

One request may stand for several servers (an address, a provider); they are probed
concurrently, so the request takes as long as the slowest server, not the sum.
"""

from __future__ import annotations

import asyncio
import ipaddress
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.engine import Engine
from bot.models import Protocol, Security, Text
from bot.probing.codes import ErrorKind, RefusalCode, Severity
from bot.probing.conversation import Limits
from bot.probing.diagnosis import diagnose
from bot.probing.guard import IPAddress, TargetRefused, check_address, check_port, refuse
from bot.probing.limits import CoalescingCache, RateLimit, SlidingWindowLimiter
from bot.probing.resolver import DnsResolver
from bot.probing.results import (
    Finding,
    ProbeReport,
    ProbeResult,
    ServerSpec,
    approximate_size,
    stored_form,
)
from bot.probing.session import SessionSettings, probe_server
from bot.probing.targets import expand

Resolver = Callable[[str], Awaitable[list[IPAddress]]]
UNRESTRICTED_ENV = "MAILBOT_PROBE_UNRESTRICTED"


@dataclass(frozen=True)
class ProbeSettings:
    deadline: float = 15.0  # one server, everything included
    step_timeout: float = 6.0  # one connect / handshake / reply
    dns_timeout: float = 5.0
    nameserver: tuple[str, int] | None = None  # None: the system's (resolv.conf)
    cache_bytes: int = 8 * 1024 * 1024  # results kept for the cooldown, oldest evicted first
    max_concurrent_connections: int = 32  # across all users
    per_user: RateLimit = field(default_factory=lambda: RateLimit(5, 60.0))
    per_chat: RateLimit = field(default_factory=lambda: RateLimit(20, 60.0))
    cooldown: float = 60.0  # one real probe per target in this time; others share it
    # Real connections to one address and port, whatever name led there: many names can point
    # at one attacker-chosen address, and each name has a cooldown of its own.
    per_address: RateLimit = field(default_factory=lambda: RateLimit(4, 60.0))
    unrestricted: bool = False  # tests and people probing their own servers; never chats
    ca_file: Path | None = None
    limits: Limits = field(default_factory=Limits)


class Prober:
    def __init__(self, engine: Engine, settings: ProbeSettings,
                 resolver: Resolver | None = None) -> None:
        self.engine = engine
        self.settings = settings
        self._resolve = resolver or DnsResolver(settings.nameserver, settings.dns_timeout)
        self._connections = asyncio.Semaphore(settings.max_concurrent_connections)
        self._per_user = SlidingWindowLimiter(settings.per_user)
        self._per_chat = SlidingWindowLimiter(settings.per_chat)
        self._per_address = SlidingWindowLimiter(settings.per_address)
        self._cache: CoalescingCache[ProbeResult] = CoalescingCache(
            settings.cooldown, max_bytes=settings.cache_bytes, size_of=approximate_size,
            keep=lambda result: result.error_kind is not ErrorKind.RATE_LIMITED)
        self._session = SessionSettings.create(settings.deadline, settings.step_timeout,
                                               settings.ca_file, settings.limits)

    async def probe(self, target: str, *, protocol: Protocol | None = None,
                    security: Security | None = None, user: str | None = None,
                    chat: str | None = None) -> ProbeReport:
        report = ProbeReport(target=target)
        try:
            self._check_rate(user, chat)
            specs = expand(target, self.engine, protocol=protocol, security=security,
                           unrestricted=self.settings.unrestricted)
            if not self.settings.unrestricted:
                for spec in specs:
                    check_port(spec.port)
                    _check_literal(spec.host)
            results = await asyncio.gather(*(self._probe_one(spec) for spec in specs))
        except TargetRefused as refused:
            report.refused = refused.refusal.text
            report.refused_code = refused.refusal.code
            return report
        report.results = [result for result, _ in results]
        report.cached = bool(results) and all(cached for _, cached in results)
        refusals = {r.error_kind for r in report.results}
        if report.results and refusals <= {ErrorKind.NOT_PUBLIC}:
            # Every server is off limits: that is the answer to the whole request.
            report.refused = report.results[0].diagnosis[0].text
            report.refused_code = RefusalCode.NOT_PUBLIC
        return report

    def allows(self, user: str | None, chat: str | None) -> bool:
        """Take one probe from ``user``'s and ``chat``'s allowance: False when either is spent.
        Work done for them elsewhere (discovery's guesses) is counted here."""
        try:
            self._check_rate(user, chat)
        except TargetRefused:
            return False
        return True

    def _check_rate(self, user: str | None, chat: str | None) -> None:
        for limiter, key in ((self._per_user, user), (self._per_chat, chat)):
            if key is not None and not limiter.allow(key):
                wait = max(1, round(limiter.retry_after(key)))
                raise refuse(RefusalCode.RATE_LIMITED, f"Too many probes; try again in {wait} s.",
                             f"探测太频繁，请 {wait} 秒后再试。")

    async def _probe_one(self, spec: ServerSpec) -> tuple[ProbeResult, bool]:
        key = (spec.host, spec.port, spec.protocol, spec.security)
        async def probe_and_trim() -> ProbeResult:
            return stored_form(await self._probe_uncached(spec))

        return await self._cache.get(key, probe_and_trim)

    async def _probe_uncached(self, spec: ServerSpec) -> ProbeResult:
        started = time.perf_counter()
        try:
            addresses = await self._addresses(spec.host)
        except TargetRefused as refused:
            # One refused server of several still lets the others be probed.
            result = ProbeResult(host=spec.host, port=spec.port, protocol=spec.protocol,
                                 security=spec.security, error=refused.refusal.text.en,
                                 error_kind=ErrorKind(refused.refusal.code))
            result.diagnosis = [_refusal_finding(refused.refusal.text)]
            return result
        dns_ms = round((time.perf_counter() - started) * 1000, 1)
        busy = self._address_busy(addresses[0], spec.port)
        if busy is not None:
            result = ProbeResult(host=spec.host, port=spec.port, protocol=spec.protocol,
                                 security=spec.security, ip=str(addresses[0]),
                                 error=busy.en, error_kind=ErrorKind.RATE_LIMITED)
            result.diagnosis = [Finding("rate-limited", busy, Severity.WARNING)]
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
                addresses = await self._resolve(host)
            except (OSError, TimeoutError) as exc:
                raise refuse(RefusalCode.DNS, f"{host} could not be resolved ({exc}).",
                             f"无法解析 {host}（{exc}）。") from exc
            if not addresses:
                raise refuse(RefusalCode.DNS, f"{host} has no address.", f"{host} 没有 IP 地址。")
        if not self.settings.unrestricted:
            for address in addresses:
                check_address(address)
        return addresses


def _check_literal(host: str) -> None:
    """An IP literal is refused before anything is resolved or connected."""
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        return
    check_address(literal)


def _refusal_finding(text: Text) -> Finding:
    return Finding("refused-target", text, Severity.ERROR)
