"""A store that could not be opened at start, opened later: the bot does not wait for it.

    resilient = await open_resilient(services.open_state_store)

When the store opens, this is ``Resilient(store)``. When it does not (Redis down, a bad URL,
a data folder that cannot be written), one clear log line says so, the bot answers from the
knowledge base with default settings, and each later call tries to open the store again (at
most every ``RETRY_SECONDS``, one attempt at a time), so a store that comes back is used from
then on without a restart. What must happen once it opens (answering the updates a previous
run left in the journal) is registered with ``when_open``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from bot.state.records import AnswerEvent, ChatRecord, FaqEntry, JournalEntry, Stats
from bot.state.store import Resilient, StateStore

log = logging.getLogger(__name__)

RETRY_SECONDS = 2.0
Opener = Callable[[], Awaitable[StateStore]]
OpenHook = Callable[[StateStore], Awaitable[None]]


class StoreNotOpen(Exception):
    """The store is not open yet, and it is not time to try again."""


async def open_resilient(opener: Opener, retry_seconds: float = RETRY_SECONDS) -> Resilient:
    try:
        return Resilient(await opener())
    except Exception as exc:  # whatever the backend raises: the bot answers all the same
        resilient = Resilient(ReopeningStore(opener, retry_seconds))
        resilient.went_down(f"cannot open it at start: {exc}; trying again every "
                            f"{retry_seconds:g} s while questions come")
        return resilient


class ReopeningStore:
    """Every call goes to the store once it has opened; until then each fails."""

    def __init__(self, opener: Opener, retry_seconds: float = RETRY_SECONDS) -> None:
        self._opener = opener
        self._retry_seconds = retry_seconds
        self._store: StateStore | None = None
        self._next_try = time.monotonic() + retry_seconds
        self._opening = asyncio.Lock()
        self._hooks: list[OpenHook] = []

    @property
    def shared(self) -> bool:
        return self._store is not None and self._store.shared

    @property
    def is_open(self) -> bool:
        return self._store is not None

    def when_open(self, hook: OpenHook) -> None:
        """``hook(store)`` runs once the store opens, before any other call reaches it (so
        it sees the store as the outage left it); a hook that fails is logged."""
        self._hooks.append(hook)

    async def _open(self) -> StateStore:
        if self._store is not None:
            return self._store
        if self._opening.locked() or time.monotonic() < self._next_try:
            raise StoreNotOpen("not open yet")
        async with self._opening:
            try:
                store = await self._opener()
            except Exception:
                self._next_try = time.monotonic() + self._retry_seconds
                raise
            log.info("state store opened")
            for hook in self._hooks:  # meanwhile other calls fail, as while it was down
                try:
                    await hook(store)
                except Exception:  # the store is open all the same
                    log.exception("after the state store opened")
            self._store = store
        return store

    async def get_chat(self, chat: int) -> ChatRecord:
        return await (await self._open()).get_chat(chat)

    async def put_chat(self, chat: int, record: ChatRecord) -> None:
        await (await self._open()).put_chat(chat, record)

    async def add_faq(self, chat: int, trigger: str, answer: str) -> FaqEntry | None:
        return await (await self._open()).add_faq(chat, trigger, answer)

    async def faq(self, chat: int) -> list[FaqEntry]:
        return await (await self._open()).faq(chat)

    async def remove_faq(self, chat: int, number: int) -> bool:
        return await (await self._open()).remove_faq(chat, number)

    async def record_answer(self, event: AnswerEvent) -> None:
        await (await self._open()).record_answer(event)

    async def stats(self, chat: int | None, since: float) -> Stats:
        return await (await self._open()).stats(chat, since)

    async def unanswered(self, chat: int, limit: int) -> list[AnswerEvent]:
        return await (await self._open()).unanswered(chat, limit)

    async def forget(self, person: str) -> int:
        return await (await self._open()).forget(person)

    async def purge(self, before: float) -> int:
        return await (await self._open()).purge(before)

    async def journal(self, update_id: int, body: bytes) -> None:
        await (await self._open()).journal(update_id, body)

    async def answered(self, update_id: int) -> None:
        await (await self._open()).answered(update_id)

    async def pending(self) -> list[JournalEntry]:
        return await (await self._open()).pending()

    async def get_value(self, key: str) -> str | None:
        return await (await self._open()).get_value(key)

    async def put_value(self, key: str, value: str, ttl: float) -> None:
        await (await self._open()).put_value(key, value, ttl)

    async def allow(self, key: str, limit: int, window: float) -> bool:
        return await (await self._open()).allow(key, limit, window)

    async def secret(self) -> bytes:
        return await (await self._open()).secret()

    async def close(self) -> None:
        if self._store is not None:
            await self._store.close()
