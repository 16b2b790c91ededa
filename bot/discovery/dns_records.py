"""MX and SRV lookups through dnspython's async resolver, with timeouts from settings.

Every failure (no such domain, no answer, timeout, a broken server) reads as "no records":
discovery goes on to the next step rather than failing the answer.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any

import dns.asyncresolver
import dns.exception
import dns.rdatatype
import dns.resolver

from bot.probing.resolver import DnsResolver, async_resolver

DEFAULT_DNS_PORT = 53


@dataclass(frozen=True, slots=True)
class MxRecord:
    preference: int
    host: str


@dataclass(frozen=True, slots=True)
class SrvRecord:
    priority: int
    weight: int
    port: int
    target: str  # "." means: this service is not offered (RFC 2782, RFC 6186)


def parse_nameserver(text: str) -> tuple[str, int]:
    """``HOST[:PORT]`` or ``[V6]:PORT`` -> (host, port)."""
    text = text.strip()
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        return host, int(rest.lstrip(":") or DEFAULT_DNS_PORT)
    if text.count(":") == 1:
        host, _, port = text.partition(":")
        return host, int(port)
    return text, DEFAULT_DNS_PORT


class DnsLookups:
    def __init__(self, nameserver: tuple[str, int] | None, timeout: float) -> None:
        self._resolver = async_resolver(nameserver, timeout)
        self._addresses = DnsResolver(nameserver, timeout)  # the probe's, on the same server

    async def mx(self, domain: str) -> list[MxRecord]:
        """MX records, most preferred (lowest number) first."""
        answer = await self._query(domain, "MX")
        records = [MxRecord(int(r.preference), str(r.exchange).rstrip(".").lower())
                   for r in answer]
        return sorted(records, key=lambda r: (r.preference, r.host))

    async def srv(self, name: str) -> list[SrvRecord]:
        """SRV records by priority (lowest first), then weight (highest first)."""
        answer = await self._query(name, "SRV")
        records = [SrvRecord(int(r.priority), int(r.weight), int(r.port),
                             str(r.target).rstrip(".").lower() or ".") for r in answer]
        return sorted(records, key=lambda r: (r.priority, -r.weight, r.target))

    async def addresses(self, host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        """A and AAAA records of ``host`` (none when it cannot be resolved)."""
        try:
            return await self._addresses(host)
        except OSError:
            return []

    async def _query(self, name: str, kind: str) -> list[Any]:
        try:
            answer = await self._resolver.resolve(name, kind, raise_on_no_answer=False)
        except (dns.exception.DNSException, OSError, ValueError):
            return []
        if answer.rrset is None:
            return []
        return list(answer.rrset)
