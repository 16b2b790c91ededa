"""The probe's result cache (issue 10 item 6): bounded by bytes and age, not by count only,
and what a hostile server sends is cut before it is kept; and the per-address cooldown
(item 5)."""

from __future__ import annotations

import asyncio
import ipaddress
import socket

import pytest

from bot.models import Protocol, Security
from bot.probing import session
from bot.probing.codes import ErrorKind
from bot.probing.guard import IPAddress
from bot.probing.limits import CoalescingCache, RateLimit
from bot.probing.prober import Prober, ProbeSettings
from bot.probing.results import (
    MAX_STORED_CAPABILITIES,
    MAX_STORED_TEXT,
    ProbeResult,
    approximate_size,
    stored_form,
)
from tests.mail_servers import CountingGreeter, raw_server, static_resolver


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_expired_results_are_dropped_not_kept() -> None:
    clock = Clock()
    cache: CoalescingCache[str] = CoalescingCache(60.0, clock, size_of=len)

    async def value() -> str:
        return "x" * 1000

    for key in range(10):
        await cache.get(key, value)
    assert len(cache) == 10 and cache.bytes == 10_000
    clock.now = 61.0  # all ten expired; the next store sweeps them out
    await cache.get("fresh", value)
    assert len(cache) == 1 and cache.bytes == 1000


async def test_the_byte_cap_evicts_the_oldest() -> None:
    cache: CoalescingCache[str] = CoalescingCache(60.0, Clock(), max_bytes=5_000, size_of=len)

    async def value() -> str:
        return "x" * 1000

    for key in range(20):
        await cache.get(key, value)
    assert cache.bytes <= 5_000 and len(cache) == 5
    assert (await cache.get(19, value))[1] is True  # the newest is still cached
    assert (await cache.get(0, value))[1] is False  # the oldest was evicted


def test_a_flood_of_capabilities_is_cut_before_it_is_kept() -> None:
    flood = ProbeResult(host="mx.example.net", port=143, protocol=Protocol.IMAP,
                        security=Security.STARTTLS, banner="* OK " + "B" * 60_000,
                        capabilities=[f"X-CAP-{i}-" + "Z" * 50 for i in range(1_200)])
    assert approximate_size(flood) > 100_000
    kept = stored_form(flood)
    assert len(kept.capabilities) == MAX_STORED_CAPABILITIES
    assert kept.banner is not None and len(kept.banner) == MAX_STORED_TEXT
    assert approximate_size(kept) < 10_000


async def test_many_names_for_one_address_share_its_cooldown(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 10 item 5: twenty names that all point at one (public) address make at most the
    per-address allowance of real connections, whoever asks; the rest are told to wait. The
    address is public so the guard lets it through; the connection itself is redirected to a
    counting server on loopback, so nothing leaves the machine."""
    greeter = CountingGreeter()

    async with raw_server(greeter) as port:
        real_connect = session._connect

        async def to_loopback(address: IPAddress, _port: int, timeout: float,
                              result: ProbeResult) -> socket.socket:
            assert str(address) == "8.8.8.8"
            return await real_connect(ipaddress.ip_address("127.0.0.1"), port, timeout, result)

        monkeypatch.setattr(session, "_connect", to_loopback)
        names = [f"mail{i}.attacker.example" for i in range(20)]
        prober = Prober(ProbeSettings(per_address=RateLimit(4, 60.0), step_timeout=2,
                                              deadline=3),
                        resolver=static_resolver({n: [ipaddress.ip_address("8.8.8.8")]
                                                  for n in names}))
        reports = [await prober.probe(f"{name}:25", user=f"tg:{i}")
                   for i, name in enumerate(names)]
        await asyncio.sleep(0.05)
    kinds = [report.results[0].error_kind for report in reports]
    assert greeter.accepted == 4
    assert kinds.count(ErrorKind.RATE_LIMITED) == 16
    waiting = reports[-1].results[0]
    assert waiting.ip == "8.8.8.8" and "try again" in waiting.diagnosis[0].text.en
    # A refusal to connect is not kept: once the address is free the name is probed for real.
    assert (await prober.probe(f"{names[-1]}:25")).cached is False


async def test_people_probing_their_own_servers_have_no_address_cooldown() -> None:
    greeter = CountingGreeter()

    async with raw_server(greeter) as port:
        prober = Prober(ProbeSettings(unrestricted=True, per_address=RateLimit(1, 60.0),
                                              cooldown=0, step_timeout=2, deadline=3))
        reports = [await prober.probe(f"127.0.0.1:{port}", protocol=Protocol.SMTP,
                                      security=Security.NONE) for _ in range(3)]
    assert greeter.accepted == 3
    assert all(r.results[0].error_kind != "rate-limited" for r in reports)
