"""The state store: what must outlive a process, behind one interface.

    store = await open_store(settings)          # SQLite in MAILBOT_DATA_DIR, or Redis
    await store.put_chat(-100123, ChatRecord(lang="zh", auto_answer=True))
    record = await store.get_chat(-100123)

Two backends implement ``StateStore``: ``SqliteStore`` (the default: a file, zero set-up) and
``RedisStore`` (``MAILBOT_STATE_URL=redis://…``, for several replicas behind one load
balancer). ``Resilient`` wraps either: a store that is down costs one clear log line, and the
bot goes on answering from the knowledge base with default settings.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar
from urllib.parse import urlsplit

from bot.settings import Settings
from bot.state.records import AnswerEvent, ChatRecord, FaqEntry, JournalEntry, Stats

log = logging.getLogger(__name__)
T = TypeVar("T")

MAX_FAQ_PER_CHAT = 100
MAX_TRIGGER_CHARS = 200
MAX_ANSWER_CHARS = 2000
MAX_QUESTION_CHARS = 500  # a redacted unanswered question is cut to this
TOP = 5  # providers and codes listed by /stats


class StateStore(Protocol):
    """Every method is safe to call from any chat at any time; writes are durable when the
    call returns (a setting acknowledged to a person survives a kill -9).

    ``shared``: whether other processes see the same store (Redis), so that what only makes
    sense across replicas (Telegram's flood limits) is counted there."""

    @property
    def shared(self) -> bool: ...

    async def get_chat(self, chat: int) -> ChatRecord: ...
    async def put_chat(self, chat: int, record: ChatRecord) -> None: ...

    async def add_faq(self, chat: int, trigger: str, answer: str) -> FaqEntry | None: ...
    async def faq(self, chat: int) -> list[FaqEntry]: ...
    async def remove_faq(self, chat: int, number: int) -> bool: ...

    async def record_answer(self, event: AnswerEvent) -> None: ...
    async def stats(self, chat: int | None, since: float) -> Stats: ...
    async def unanswered(self, chat: int, limit: int) -> list[AnswerEvent]: ...
    async def forget(self, person: str) -> int: ...
    async def purge(self, before: float) -> int: ...

    async def journal(self, update_id: int, body: bytes) -> None: ...
    async def answered(self, update_id: int) -> None: ...
    async def pending(self) -> list[JournalEntry]: ...

    async def get_value(self, key: str) -> str | None: ...
    async def put_value(self, key: str, value: str, ttl: float) -> None: ...
    async def allow(self, key: str, limit: int, window: float) -> bool: ...

    async def secret(self) -> bytes: ...
    async def close(self) -> None: ...


async def person_key(store: StateStore, user_id: int) -> str:
    """A keyed hash of a Telegram user id: rows can be found again for /forget, but the id
    cannot be read back from the store."""
    digest = hmac.new(await store.secret(), str(user_id).encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def faq_fits(trigger: str, answer: str) -> bool:
    return (0 < len(trigger.strip()) <= MAX_TRIGGER_CHARS
            and 0 < len(answer.strip()) <= MAX_ANSWER_CHARS)


def top(counts: dict[str, int]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP])


class StoreUnavailable(Exception):
    """The store cannot be opened; the message says which store and why (no password)."""


def describe_store(settings: Settings) -> str:
    """Which store the settings name, for a log line: never the URL's password."""
    if settings.state_url:
        url = urlsplit(settings.state_url)
        try:
            where = f"{url.hostname or 'localhost'}:{url.port or 6379}"
        except ValueError:  # a port that is not a number
            where = "an unreadable MAILBOT_STATE_URL"
        return f"Redis at {where}"
    return f"the SQLite file {settings.data_dir / 'state.sqlite3'}"


async def open_store(settings: Settings) -> StateStore:
    """The configured store, opened (Redis when ``MAILBOT_STATE_URL`` is set);
    ``StoreUnavailable`` when it cannot be."""
    try:
        if settings.state_url:
            from bot.state.redis_store import RedisStore

            return await RedisStore.open(settings.state_url)
        from bot.state.sqlite_store import SqliteStore

        return await SqliteStore.open(settings.data_dir / "state.sqlite3")
    except Exception as exc:  # a bad URL, a server that is down, a folder we cannot write
        raise StoreUnavailable(f"{describe_store(settings)}: {type(exc).__name__}: "
                               f"{exc}") from exc


class Resilient:
    """A store whose failures are logged once per outage and answered with defaults."""

    def __init__(self, store: StateStore) -> None:
        self.store = store
        self.down_since: float | None = None

    async def call(self, operation: Callable[[StateStore], Awaitable[T]], default: T) -> T:
        try:
            result = await operation(self.store)
        except Exception as exc:  # any store failure: keep answering
            self.went_down(f"{type(exc).__name__}: {exc}")
            return default
        if self.down_since is not None:
            log.warning("state store back after %.0f s", time.monotonic() - self.down_since)
            self.down_since = None
        return result

    def went_down(self, reason: str) -> None:
        """Log the outage once (the first failure, or a store that could not be opened)."""
        if self.down_since is None:
            self.down_since = time.monotonic()
            log.error("state store unavailable (%s); answering from the knowledge base with "
                      "default settings until it is back", reason)
