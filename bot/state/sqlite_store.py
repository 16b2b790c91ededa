"""The default state store: one SQLite file, zero set-up.

The standard sqlite3 module, driven from one worker thread of its own (never the event
loop, never the default executor the Bot API client needs), in WAL mode. Every committed
write survives a kill -9 (WAL with ``synchronous=NORMAL``); a setting or a group's answer,
acknowledged to a person, is also synced to the disk before its call returns
(``synchronous=FULL``), so it survives a power cut too. Statistics and the journal are not
synced one by one: each fsync would cost more than the answer itself. The schema is versioned
(``PRAGMA user_version``); a newer file than this code knows is refused, not damaged.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import sqlite3
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from bot.state.records import AnswerEvent, ChatRecord, FaqEntry, JournalEntry, Stats
from bot.state.store import MAX_FAQ_PER_CHAT, MAX_QUESTION_CHARS, faq_fits, top

T = TypeVar("T")

# Each step takes the schema from version N to N+1; a new step goes at the end.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
    CREATE TABLE chats (chat INTEGER PRIMARY KEY, lang TEXT, auto_answer INTEGER NOT NULL,
                        quiet INTEGER NOT NULL);
    CREATE TABLE faq (chat INTEGER NOT NULL, number INTEGER NOT NULL, trigger TEXT NOT NULL,
                      answer TEXT NOT NULL, PRIMARY KEY (chat, number));
    CREATE TABLE events (at REAL NOT NULL, chat INTEGER NOT NULL, person TEXT NOT NULL,
                         chat_kind TEXT NOT NULL, answered INTEGER NOT NULL,
                         intent TEXT NOT NULL, provider TEXT, codes TEXT NOT NULL,
                         question TEXT);
    CREATE INDEX events_by_chat ON events (chat, at);
    CREATE INDEX events_by_person ON events (person);
    CREATE TABLE journal (update_id INTEGER PRIMARY KEY, body BLOB NOT NULL,
                          at REAL NOT NULL);
    CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires REAL NOT NULL);
    CREATE TABLE hits (key TEXT NOT NULL, at REAL NOT NULL);
    CREATE INDEX hits_by_key ON hits (key, at);
    """,
)


class SchemaTooNew(RuntimeError):
    """The file was written by a newer mailbot."""


class SqliteStore:
    shared = False  # one process's file

    def __init__(self, connection: sqlite3.Connection, worker: ThreadPoolExecutor) -> None:
        self._db = connection
        self._worker = worker

    @classmethod
    async def open(cls, path: Path) -> SqliteStore:
        worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mailbot-state")

        def connect() -> sqlite3.Connection:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA busy_timeout=5000")
            _migrate(db)
            if path.exists():
                os.chmod(path, 0o600)  # redacted questions only, but still people's words
            return db

        loop = asyncio.get_running_loop()
        try:
            db = await loop.run_in_executor(worker, connect)
        except BaseException:
            worker.shutdown(wait=False)
            raise
        return cls(db, worker)

    async def _run(self, work: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._worker, work, *args)

    def _write(self, sql: str, *args: Any) -> sqlite3.Cursor:
        with self._db:  # one transaction, committed before returning
            return self._db.execute(sql, args)

    def _write_synced(self, sql: str, *args: Any) -> sqlite3.Cursor:
        """A write acknowledged to a person: on the disk, not only in the OS, on return."""
        self._db.execute("PRAGMA synchronous=FULL")
        try:
            return self._write(sql, *args)
        finally:
            self._db.execute("PRAGMA synchronous=NORMAL")

    async def get_chat(self, chat: int) -> ChatRecord:
        row = await self._run(lambda: self._db.execute(
            "SELECT lang, auto_answer, quiet FROM chats WHERE chat = ?", (chat,)).fetchone())
        if row is None:
            return ChatRecord()
        return ChatRecord(lang=row[0], auto_answer=bool(row[1]), quiet=bool(row[2]))

    async def put_chat(self, chat: int, record: ChatRecord) -> None:
        await self._run(self._write_synced, "INSERT OR REPLACE INTO chats VALUES (?, ?, ?, ?)",
                        chat, record.lang, int(record.auto_answer), int(record.quiet))

    async def add_faq(self, chat: int, trigger: str, answer: str) -> FaqEntry | None:
        if not faq_fits(trigger, answer):
            return None

        def add() -> FaqEntry | None:
            self._db.execute("PRAGMA synchronous=FULL")
            try:
                return add_entry()
            finally:
                self._db.execute("PRAGMA synchronous=NORMAL")

        def add_entry() -> FaqEntry | None:
            with self._db:
                count, highest = self._db.execute(
                    "SELECT COUNT(*), COALESCE(MAX(number), 0) FROM faq WHERE chat = ?",
                    (chat,)).fetchone()
                if count >= MAX_FAQ_PER_CHAT:
                    return None
                self._db.execute("INSERT INTO faq VALUES (?, ?, ?, ?)",
                                 (chat, highest + 1, trigger.strip(), answer.strip()))
                return FaqEntry(highest + 1, trigger.strip(), answer.strip())

        return await self._run(add)  # type: ignore[no-any-return]

    async def faq(self, chat: int) -> list[FaqEntry]:
        rows = await self._run(lambda: self._db.execute(
            "SELECT number, trigger, answer FROM faq WHERE chat = ? ORDER BY number",
            (chat,)).fetchall())
        return [FaqEntry(*row) for row in rows]

    async def remove_faq(self, chat: int, number: int) -> bool:
        cursor = await self._run(self._write_synced,
                                 "DELETE FROM faq WHERE chat = ? AND number = ?", chat, number)
        return bool(cursor.rowcount)

    async def record_answer(self, event: AnswerEvent) -> None:
        question = event.question[:MAX_QUESTION_CHARS] if event.question else None
        await self._run(self._write, "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        event.at, event.chat, event.person, event.chat_kind,
                        int(event.answered), event.intent, event.provider,
                        json.dumps(list(event.codes)), None if event.answered else question)

    async def stats(self, chat: int | None, since: float) -> Stats:
        where, args = ("at >= ?", [since]) if chat is None else ("chat = ? AND at >= ?",
                                                                  [chat, since])
        rows = await self._run(lambda: self._db.execute(
            f"SELECT answered, provider, codes FROM events WHERE {where}", args).fetchall())
        providers: Counter[str] = Counter(p for _, p, _ in rows if p)
        codes: Counter[str] = Counter(c for _, _, cs in rows for c in json.loads(cs))
        answered = sum(1 for a, _, _ in rows if a)
        return Stats(answered, len(rows) - answered, top(providers), top(codes))

    async def unanswered(self, chat: int, limit: int) -> list[AnswerEvent]:
        rows = await self._run(lambda: self._db.execute(
            "SELECT at, chat, person, chat_kind, answered, intent, provider, codes, question "
            "FROM events WHERE chat = ? AND answered = 0 ORDER BY at DESC LIMIT ?",
            (chat, limit)).fetchall())
        return [_event(row) for row in rows]

    async def forget(self, person: str) -> int:
        cursor = await self._run(self._write, "DELETE FROM events WHERE person = ?", person)
        return int(cursor.rowcount)

    async def purge(self, before: float) -> int:
        def purge() -> int:
            with self._db:
                gone = self._db.execute("DELETE FROM events WHERE at < ?", (before,)).rowcount
                self._db.execute("DELETE FROM journal WHERE at < ?", (before,))
                self._db.execute("DELETE FROM kv WHERE expires < ?", (time.time(),))
                self._db.execute("DELETE FROM hits WHERE at < ?", (before,))
                return int(gone)

        return await self._run(purge)  # type: ignore[no-any-return]

    async def journal(self, update_id: int, body: bytes) -> None:
        await self._run(self._write, "INSERT OR IGNORE INTO journal VALUES (?, ?, ?)",
                        update_id, body, time.time())

    async def answered(self, update_id: int) -> None:
        await self._run(self._write, "DELETE FROM journal WHERE update_id = ?", update_id)

    async def pending(self) -> list[JournalEntry]:
        rows = await self._run(lambda: self._db.execute(
            "SELECT update_id, body FROM journal ORDER BY update_id").fetchall())
        return [JournalEntry(update_id, bytes(body)) for update_id, body in rows]

    async def get_value(self, key: str) -> str | None:
        row = await self._run(lambda: self._db.execute(
            "SELECT value FROM kv WHERE key = ? AND expires >= ?",
            (key, time.time())).fetchone())
        return None if row is None else str(row[0])

    async def put_value(self, key: str, value: str, ttl: float) -> None:
        await self._run(self._write, "INSERT OR REPLACE INTO kv VALUES (?, ?, ?)",
                        key, value, time.time() + ttl)

    async def allow(self, key: str, limit: int, window: float) -> bool:
        def allow() -> bool:
            now = time.time()
            with self._db:
                self._db.execute("DELETE FROM hits WHERE key = ? AND at <= ?",
                                 (key, now - window))
                (count,) = self._db.execute("SELECT COUNT(*) FROM hits WHERE key = ?",
                                            (key,)).fetchone()
                if count >= limit:
                    return False
                self._db.execute("INSERT INTO hits VALUES (?, ?)", (key, now))
                return True

        return await self._run(allow)  # type: ignore[no-any-return]

    async def secret(self) -> bytes:
        row = await self._run(lambda: self._db.execute(
            "SELECT value FROM meta WHERE key = 'secret'").fetchone())
        return bytes(row[0])

    async def close(self) -> None:
        await self._run(self._db.close)
        self._worker.shutdown(wait=True)


def _migrate(db: sqlite3.Connection) -> None:
    (version,) = db.execute("PRAGMA user_version").fetchone()
    if version > len(MIGRATIONS):
        raise SchemaTooNew(f"state file is schema {version}; this mailbot knows "
                           f"{len(MIGRATIONS)}: upgrade mailbot or use another data folder")
    for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
        db.executescript(f"BEGIN; {script}; PRAGMA user_version = {number}; COMMIT;")
    with db:
        db.execute("INSERT OR IGNORE INTO meta VALUES ('secret', ?)", (secrets.token_bytes(32),))


def _event(row: tuple[Any, ...]) -> AnswerEvent:
    at, chat, person, kind, answered, intent, provider, codes, question = row
    return AnswerEvent(at=at, chat=chat, person=person, chat_kind=kind,
                       answered=bool(answered), intent=intent, provider=provider,
                       codes=tuple(json.loads(codes)), question=question)
