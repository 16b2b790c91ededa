"""Telegram's flood limits, kept local to the chat they concern, and transient faults retried.

python-telegram-bot's AIORateLimiter paces messages (30/s overall, 20/min per group) but on
a 429 it halts *every* request until the wait is over: one flooded chat paused all others.
Here a 429 pauses only its own chat. A 5xx or a dropped connection is retried with backoff,
so one fault does not lose an answer; a timed-out send is not retried (Telegram may have
delivered it, and the person would get the answer twice).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import NetworkError, RetryAfter, TimedOut
from telegram.ext import AIORateLimiter

log = logging.getLogger(__name__)

Result = Any  # bool | JSONDict | list[JSONDict], as python-telegram-bot returns it
TRANSIENT_RETRIES = 3
BACKOFF_SECONDS = (0.3, 1.0, 2.0)
MAX_PAUSED_CHATS = 10_000


class ChatLocalRateLimiter(AIORateLimiter):
    def __init__(self, overall_max_rate: float, max_retries: int) -> None:
        super().__init__(overall_max_rate=overall_max_rate, max_retries=max_retries)
        self._flood_retries = max_retries
        self._paused_until: dict[object, float] = {}  # chat id -> monotonic time

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
        flood_retries = rate_limit_args or self._flood_retries
        transient = 0
        while True:
            await self._wait_for_chat(chat)
            try:
                # no RetryAfter handling in the parent: that is this loop's, per chat
                return await self._run_request(
                    chat=chat is not None, group=_group_of(chat),
                    allow_paid_broadcast=data.get("allow_paid_broadcast", False),
                    callback=callback, args=args, kwargs=kwargs)
            except RetryAfter as exc:
                if flood_retries <= 0:
                    raise
                flood_retries -= 1
                wait = exc._retry_after.total_seconds() + 0.1
                log.info("flood limit in one chat: that chat waits %.1f s", wait)
                self._pause(chat, wait)
            except TimedOut:
                raise  # maybe delivered: never send twice
            except NetworkError as exc:  # 5xx, a dropped connection
                if transient >= TRANSIENT_RETRIES:
                    raise
                log.info("%s failed (%s); retrying", endpoint, type(exc).__name__)
                await asyncio.sleep(BACKOFF_SECONDS[transient])
                transient += 1

    def _pause(self, chat: object, seconds: float) -> None:
        if len(self._paused_until) >= MAX_PAUSED_CHATS:
            now = time.monotonic()
            self._paused_until = {k: v for k, v in self._paused_until.items() if v > now}
        self._paused_until[chat] = time.monotonic() + seconds

    async def _wait_for_chat(self, chat: object) -> None:
        until = self._paused_until.get(chat)
        if until is None:
            return
        left = until - time.monotonic()
        if left > 0:
            await asyncio.sleep(left)
        else:
            self._paused_until.pop(chat, None)


def _group_of(chat: object) -> int | str | bool:
    """Groups and channels have their own per-minute limit (negative ids, @names)."""
    try:
        chat_id = int(chat)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return chat if isinstance(chat, str) else False
    return chat_id if chat_id < 0 else False
