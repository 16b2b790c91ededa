"""Resolve a host name for the probe through dnspython's async resolver, with a deadline.

Not getaddrinfo: asyncio runs it in the default thread pool, where a name whose DNS never
answers holds a thread for ~10 s; a stranger sending one such name a second took every
thread, and the bot's own connections to Telegram (which need the same pool) stalled for all
chats. dnspython speaks DNS on the event loop itself: a silent server costs a timer, not a
thread. ``localhost`` is answered here (no DNS server knows it).
"""

from __future__ import annotations

import asyncio
import ipaddress

import dns.asyncresolver
import dns.exception
import dns.resolver

from bot.probing.guard import IPAddress

LOCALHOST = (ipaddress.IPv4Address("127.0.0.1"), ipaddress.IPv6Address("::1"))


def async_resolver(nameserver: tuple[str, int] | None,
                   timeout: float) -> dns.asyncresolver.Resolver:
    """dnspython's async resolver on ``nameserver`` (None: the system's), one deadline."""
    if nameserver is None:
        resolver = dns.asyncresolver.Resolver()
    else:
        resolver = dns.asyncresolver.Resolver(configure=False)
        resolver.nameservers = [nameserver[0]]
        resolver.port = nameserver[1]
    resolver.timeout = timeout
    resolver.lifetime = timeout
    return resolver


class DnsResolver:
    """A and AAAA records of a name, asked together; OSError when nothing could be learnt."""

    def __init__(self, nameserver: tuple[str, int] | None, timeout: float) -> None:
        self._resolver = async_resolver(nameserver, timeout)
        self.timeout = timeout

    async def __call__(self, host: str) -> list[IPAddress]:
        if host.casefold().rstrip(".") == "localhost":
            return list(LOCALHOST)
        try:
            async with asyncio.timeout(self.timeout):
                answers = await asyncio.gather(self._records(host, "A"),
                                               self._records(host, "AAAA"),
                                               return_exceptions=True)
        except TimeoutError as exc:
            raise OSError(f"no DNS answer within {self.timeout:g} s") from exc
        addresses: list[IPAddress] = []
        failures = [a for a in answers if isinstance(a, BaseException)]
        for answer in answers:
            if not isinstance(answer, BaseException):
                addresses += [a for a in answer if a not in addresses]
        if not addresses and failures:
            raise OSError(str(failures[0]) or type(failures[0]).__name__)
        return addresses

    async def _records(self, host: str, kind: str) -> list[IPAddress]:
        try:
            answer = await self._resolver.resolve(host, kind, raise_on_no_answer=False)
        except dns.resolver.NXDOMAIN as exc:
            raise OSError(f"{host} does not exist") from exc
        except dns.exception.Timeout as exc:
            raise OSError("the DNS lookup timed out") from exc
        except dns.exception.DNSException as exc:
            raise OSError(str(exc)) from exc
        if answer.rrset is None:
            return []
        return [ipaddress.ip_address(record.address) for record in answer.rrset]
