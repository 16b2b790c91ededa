"""Telegram's flood limits, kept local to the chat they concern, and transient faults retried.

python-telegram-bot's AIORateLimiter paces messages (30/s overall, 20/min per group) but on
a 429 it halts *every* request until the wait is over: one flooded chat paused all others.
Here a 429 pauses only its own chat. A 5xx or a dropped connection is retried with backoff,
so one fault does not lose an answer; a timed-out send is not retried (Telegram may have
delivered it, and the person would get the answer twice).

With a shared state store (Redis, several replicas), the bot's overall limit (about 30
messages a second, whatever the chat) and a group's per-minute limit are counted in the
store (``allow``: a request waits and tries again while a window is full, holding no other
chat), and a 429's pause is put there for its chat with the wait as its lifetime, so every
replica waits it out. Without one (SQLite, no store) or while the store does not answer,
the counting is this process's own, as python-telegram-bot's.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

from telegram.error import NetworkError, RetryAfter, TimedOut
from telegram.ext import AIORateLimiter

from bot.state.store import Resilient, StateStore

log = logging.getLogger(__name__)
T = TypeVar("T")

Result = Any  # bool | JSONDict | list[JSONDict], as python-telegram-bot returns it
TRANSIENT_RETRIES = 3
BACKOFF_SECONDS = (0.3, 1.0, 2.0)
MAX_PAUSED_CHATS = 10_000
GROUP_MESSAGES, GROUP_SECONDS = 20, 60.0  # Telegram's limit per group
STORE_SECONDS = 1.0  # a store slower than this is treated as down: the local limiter counts
MAX_POLL_SECONDS = 1.0  # how often a request tries again for a slot in a full window
MAX_PAUSE_SECONDS = 3600.0
OVERALL_KEY = "flood:all"  # the bot's overall window, shared by every replica


class ChatLocalRateLimiter(AIORateLimiter):
    def __init__(self, overall_max_rate: float, max_retries: int,
                 store: Resilient | None = None, group_max_rate: int = GROUP_MESSAGES,
                 group_time_period: float = GROUP_SECONDS) -> None:
        """``store``: shares the group limits and 429 pauses when ``store.store.shared``."""
        super().__init__(overall_max_rate=overall_max_rate, max_retries=max_retries,
                         group_max_rate=group_max_rate, group_time_period=group_time_period)
        self._flood_retries = max_retries
        self._paused_until: dict[object, float] = {}  # chat id -> monotonic time
        self._store = store
        self._group_limit = group_max_rate
        self._group_period = group_time_period
        self._overall_limit = max(1, int(overall_max_rate))
        self._poll = min(MAX_POLL_SECONDS, group_time_period / max(1, group_max_rate) / 2)

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        chat = data.get("chat_id")
        group = _group_of(chat)
        flood_retries = rate_limit_args or self._flood_retries
        transient = 0
        while True:
            await self._wait_for_chat(chat)
            await self._take_shared_overall_slot()
            counted = await self._take_shared_slot(group)
            try:
                # no RetryAfter handling in the parent: that is this loop's, per chat
                return await self._run_request(
                    chat=chat is not None, group=False if counted else group,
                    allow_paid_broadcast=data.get("allow_paid_broadcast", False),
                    callback=callback, args=args, kwargs=kwargs)
            except RetryAfter as exc:
                if flood_retries <= 0:
                    raise
                flood_retries -= 1
                wait = exc._retry_after.total_seconds() + 0.1
                log.info("flood limit in one chat: that chat waits %.1f s", wait)
                await self._pause(chat, wait)
            except TimedOut:
                raise  # maybe delivered: never send twice
            except NetworkError as exc:  # 5xx, a dropped connection
                if transient >= TRANSIENT_RETRIES:
                    raise
                log.info("%s failed (%s); retrying", endpoint, type(exc).__name__)
                await asyncio.sleep(BACKOFF_SECONDS[transient])
                transient += 1

    def _shared(self) -> Resilient | None:
        store = self._store
        return store if store is not None and store.store.shared else None

    async def _ask(self, store: Resilient, operation: Callable[[StateStore], Awaitable[T]],
                   default: T) -> T:
        return await store.call(
            lambda s: asyncio.wait_for(operation(s), STORE_SECONDS), default)

    async def _take_shared_overall_slot(self) -> None:
        """With a shared store, wait for a slot in the bot's overall one-second window, which
        every replica counts in (each also keeps its own local limit)."""
        store = self._shared()
        if store is None:
            return
        while True:
            allowed = await self._ask(
                store, lambda s: s.allow(OVERALL_KEY, self._overall_limit, 1.0), None)
            if allowed is None or allowed:
                return
            await asyncio.sleep(random.uniform(0.5, 1.0) / self._overall_limit)

    async def _take_shared_slot(self, group: int | str | bool) -> bool:
        """Wait for a slot in the group's shared window; False when there is no shared store
        (or it does not answer) and the local limiter is to count this request."""
        store = self._shared()
        if group is False or store is None:
            return False
        key = f"flood:group:{group}"
        while True:
            allowed = await self._ask(
                store, lambda s: s.allow(key, self._group_limit, self._group_period), None)
            if allowed is None:
                return False
            if allowed:
                return True
            await asyncio.sleep(self._poll * random.uniform(0.5, 1.0))

    async def _pause(self, chat: object, seconds: float) -> None:
        if len(self._paused_until) >= MAX_PAUSED_CHATS:
            now = time.monotonic()
            self._paused_until = {k: v for k, v in self._paused_until.items() if v > now}
        self._paused_until[chat] = time.monotonic() + seconds
        store = self._shared()
        if store is not None and chat is not None:
            until = str(time.time() + seconds)
            await self._ask(store, lambda s: s.put_value(f"flood:pause:{chat}", until,
                                                         seconds), None)

    async def _wait_for_chat(self, chat: object) -> None:
        while True:
            left = max(self._local_pause(chat), await self._shared_pause(chat))
            if left <= 0:
                return
            await asyncio.sleep(left)

    def _local_pause(self, chat: object) -> float:
        until = self._paused_until.get(chat)
        if until is None:
            return 0.0
        left = until - time.monotonic()
        if left <= 0:
            self._paused_until.pop(chat, None)
        return left

    async def _shared_pause(self, chat: object) -> float:
        """What is left of a 429's pause another replica saw in this chat."""
        store = self._shared()
        if store is None or chat is None:
            return 0.0
        value = await self._ask(store, lambda s: s.get_value(f"flood:pause:{chat}"), None)
        try:
            return min(float(value or 0) - time.time(), MAX_PAUSE_SECONDS)
        except ValueError:
            return 0.0


def _group_of(chat: object) -> int | str | bool:
    """Groups and channels have their own per-minute limit (negative ids, @names)."""
    try:
        chat_id = int(chat)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return chat if isinstance(chat, str) else False
    return chat_id if chat_id < 0 else False
