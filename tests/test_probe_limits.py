"""The probe's result cache (issue 10 item 6): bounded by bytes and age, not by count only,
and what a hostile server sends is cut before it is kept."""

from __future__ import annotations

from bot.models import Protocol, Security
from bot.probing.limits import CoalescingCache
from bot.probing.results import (
    MAX_STORED_CAPABILITIES,
    MAX_STORED_TEXT,
    ProbeResult,
    approximate_size,
    stored_form,
)


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
