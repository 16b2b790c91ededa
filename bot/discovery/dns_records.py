"""MX and SRV lookups through dnspython's async resolver, with timeouts from settings.

Every failure (no such domain, no answer, timeout, a broken server) reads as "no records":
discovery goes on to the next step rather than failing the answer.
"""

from __future__ import annotations

import ipaddress
import time
from dataclasses import dataclass
from typing import Any

import dns.asyncresolver
import dns.exception
import dns.rdatatype
import dns.resolver

from bot.probing.resolver import DnsResolver, async_resolver
from bot.settings import parse_nameserver

__all__ = ["parse_nameserver"]  # where discovery's callers have always found it



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


# A name server that left this many lookups in a row unanswered counts as down for a while.
SILENCES_BEFORE_DOWN = 3
DOWN_SECONDS = 30.0


class DnsDown(OSError):
    """The name server does not answer: no lookup can succeed now."""


class DnsLookups:
    def __init__(self, nameserver: tuple[str, int] | None, timeout: float) -> None:
        self._resolver = async_resolver(nameserver, timeout)
        self._addresses = DnsResolver(nameserver, timeout)  # the probe's, on the same server
        self._silences = 0  # lookups in a row the server did not answer
        self._down_until = 0.0

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

    @property
    def down(self) -> bool:
        """The name server has not answered several lookups in a row, lately: further
        lookups fail at once instead of each waiting out its timeout."""
        return time.monotonic() < self._down_until

    async def _query(self, name: str, kind: str) -> list[Any]:
        if self.down:
            raise DnsDown("the DNS server is not answering")
        try:
            answer = await self._resolver.resolve(name, kind, raise_on_no_answer=False)
        except dns.exception.Timeout as exc:  # silence; a refusal is an answer
            self._silences += 1
            if self._silences >= SILENCES_BEFORE_DOWN:
                self._down_until = time.monotonic() + DOWN_SECONDS
            raise DnsDown(f"no DNS answer ({type(exc).__name__})") from exc
        except (dns.exception.DNSException, OSError, ValueError):
            self._silences = 0
            return []
        self._silences = 0
        if answer.rrset is None:
            return []
        return list(answer.rrset)
