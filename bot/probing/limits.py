"""Rate limits and a short result cache: how a public probe stays polite and cheap.

- per user and per chat: at most N probe requests in a sliding window;
- per target (host, port, protocol, security): one real probe per cooldown; requests in
  between share the running probe or get its cached result.
Every table is bounded: strangers can invent endless user ids and targets.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
MAX_TRACKED_KEYS = 10_000


@dataclass(frozen=True)
class RateLimit:
    requests: int
    per_seconds: float


class SlidingWindowLimiter:
    def __init__(self, limit: RateLimit, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self._clock = clock
        self._events: OrderedDict[Hashable, deque[float]] = OrderedDict()

    def allow(self, key: Hashable) -> bool:
        """Count one request for ``key``; False when it is over the limit (not counted)."""
        now = self._clock()
        events = self._events.pop(key, None) or deque()
        while events and events[0] <= now - self.limit.per_seconds:
            events.popleft()
        allowed = len(events) < self.limit.requests
        if allowed:
            events.append(now)
        self._events[key] = events
        while len(self._events) > MAX_TRACKED_KEYS:
            self._events.popitem(last=False)
        return allowed

    def retry_after(self, key: Hashable) -> float:
        events = self._events.get(key)
        if not events:
            return 0.0
        return max(0.0, events[0] + self.limit.per_seconds - self._clock())


class CoalescingCache(Generic[T]):
    """Runs one producer per key at a time and keeps its result for ``ttl`` seconds."""

    def __init__(self, ttl: float, clock: Callable[[], float] = time.monotonic, *,
                 max_bytes: int | None = None,
                 size_of: Callable[[T], int] | None = None,
                 keep: Callable[[T], bool] | None = None) -> None:
        self.ttl = ttl
        self._keep = keep  # False: the value is shared with the waiters but not stored
        self._clock = clock
        self._done: OrderedDict[Hashable, tuple[float, T]] = OrderedDict()
        self._running: dict[Hashable, asyncio.Task[T]] = {}
        self._max_bytes = max_bytes
        self._size_of = size_of
        self._sizes: dict[Hashable, int] = {}
        self.bytes = 0  # what the stored values take, by ``size_of``

    async def get(self, key: Hashable, produce: Callable[[], Awaitable[T]]) -> tuple[T, bool]:
        """The value for ``key`` and whether it came from the cache."""
        held = self._done.get(key)
        if held is not None and held[0] > self._clock():
            return held[1], True
        task = self._running.get(key)
        if task is None:
            task = asyncio.ensure_future(produce())
            self._running[key] = task
            task.add_done_callback(lambda finished: self._store(key, finished))
            return await asyncio.shield(task), False
        return await asyncio.shield(task), True

    def _store(self, key: Hashable, task: asyncio.Task[T]) -> None:
        self._running.pop(key, None)
        if task.cancelled() or task.exception() is not None:
            return
        now = self._clock()
        self._forget(key)
        value = task.result()
        if self._keep is not None and not self._keep(value):
            return
        self._done[key] = (now + self.ttl, value)
        self._sizes[key] = self._size_of(value) if self._size_of is not None else 0
        self.bytes += self._sizes[key]
        # Oldest first: expired entries go at once, then whatever exceeds the caps.
        while self._done:
            oldest, (expires, _) = next(iter(self._done.items()))
            over = (len(self._done) > MAX_TRACKED_KEYS
                    or (self._max_bytes is not None and self.bytes > self._max_bytes))
            if expires > now and not over:
                break
            self._forget(oldest)

    def _forget(self, key: Hashable) -> None:
        if self._done.pop(key, None) is not None:
            self.bytes -= self._sizes.pop(key, 0)

    def __len__(self) -> int:
        return len(self._done)
