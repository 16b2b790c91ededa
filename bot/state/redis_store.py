"""The state store for several replicas: Redis (``MAILBOT_STATE_URL=redis://…``).

Holds what ``SqliteStore`` holds, under keys that start ``mailbot:``, so that two ``mailbot
serve`` processes behind one load balancer read the same settings, the same group answers
and the same rate-limit counters. Rate limits are a sliding window in a sorted set, checked
and counted in one Lua script: two replicas cannot both take the last slot.
"""

from __future__ import annotations

import json
import secrets
import time
import uuid
from collections import Counter
from typing import Any

import redis.asyncio as redis

from bot.state.records import AnswerEvent, ChatRecord, FaqEntry, JournalEntry, Stats
from bot.state.store import MAX_FAQ_PER_CHAT, MAX_QUESTION_CHARS, faq_fits, top

PREFIX = "mailbot:"
MAX_CONNECTIONS = 16  # per process
POOL_WAIT_SECONDS = 5.0  # a caller waits this long for a free connection, then fails
# KEYS[1] the window's sorted set; ARGV: now, window, limit, member. 1 when allowed.
SLIDING_WINDOW = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1] - ARGV[2])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('PEXPIRE', KEYS[1], math.ceil(ARGV[2] * 1000))
return 1
"""
# KEYS[1] the chat's FAQ hash, KEYS[2] its counter; ARGV: entry JSON, limit. The number.
ADD_FAQ = """
if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
local number = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], number, ARGV[1])
return number
"""


class RedisStore:
    shared = True  # every replica sees the same keys

    def __init__(self, client: redis.Redis) -> None:
        self._redis = client
        self._sliding_window = client.register_script(SLIDING_WINDOW)
        self._add_faq = client.register_script(ADD_FAQ)

    @classmethod
    async def open(cls, url: str) -> RedisStore:
        # A bounded pool that makes callers wait for a free connection: a burst of answers
        # must queue for Redis, not open a connection each (which Redis ends up refusing).
        pool = redis.BlockingConnectionPool.from_url(
            url, max_connections=MAX_CONNECTIONS, timeout=POOL_WAIT_SECONDS, socket_timeout=5,
            socket_connect_timeout=5)
        client = redis.Redis(connection_pool=pool)
        await client.ping()  # fail now, with the URL's problem, not at the first question
        await client.set(PREFIX + "secret", secrets.token_bytes(32), nx=True)
        return cls(client)

    async def get_chat(self, chat: int) -> ChatRecord:
        fields = await self._redis.hgetall(f"{PREFIX}chat:{chat}")
        if not fields:
            return ChatRecord()
        lang = _text(fields.get(b"lang", b"")) or None
        return ChatRecord(lang=lang, auto_answer=fields.get(b"auto_answer") == b"1",
                          quiet=fields.get(b"quiet") == b"1")

    async def put_chat(self, chat: int, record: ChatRecord) -> None:
        await self._redis.hset(f"{PREFIX}chat:{chat}", mapping={
            "lang": record.lang or "", "auto_answer": int(record.auto_answer),
            "quiet": int(record.quiet)})

    async def add_faq(self, chat: int, trigger: str, answer: str) -> FaqEntry | None:
        if not faq_fits(trigger, answer):
            return None
        body = json.dumps([trigger.strip(), answer.strip()], ensure_ascii=False)
        number = int(await self._add_faq(keys=[f"{PREFIX}faq:{chat}", f"{PREFIX}faqseq:{chat}"],
                                         args=[body, MAX_FAQ_PER_CHAT]))
        return FaqEntry(number, trigger.strip(), answer.strip()) if number else None

    async def faq(self, chat: int) -> list[FaqEntry]:
        entries = await self._redis.hgetall(f"{PREFIX}faq:{chat}")
        return sorted((FaqEntry(int(number), *json.loads(body))
                       for number, body in entries.items()), key=lambda e: e.number)

    async def remove_faq(self, chat: int, number: int) -> bool:
        return bool(await self._redis.hdel(f"{PREFIX}faq:{chat}", str(number)))

    async def record_answer(self, event: AnswerEvent) -> None:
        question = (event.question or "")[:MAX_QUESTION_CHARS] if not event.answered else ""
        row = json.dumps({"id": uuid.uuid4().hex, "at": event.at, "chat": event.chat,
                          "person": event.person, "kind": event.chat_kind,
                          "answered": event.answered, "intent": event.intent,
                          "provider": event.provider, "codes": list(event.codes),
                          "question": question or None}, ensure_ascii=False)
        await self._redis.zadd(f"{PREFIX}events:{event.chat}", {row: event.at})

    async def _events(self, chat: int | None, since: float) -> list[dict[str, Any]]:
        keys = ([f"{PREFIX}events:{chat}"] if chat is not None
                else [key async for key in self._redis.scan_iter(f"{PREFIX}events:*")])
        rows: list[dict[str, Any]] = []
        for key in keys:
            rows += [json.loads(_text(row)) for row in await self._redis.zrangebyscore(
                key, since, "+inf")]
        return rows

    async def stats(self, chat: int | None, since: float) -> Stats:
        rows = await self._events(chat, since)
        providers: Counter[str] = Counter(r["provider"] for r in rows if r["provider"])
        codes: Counter[str] = Counter(c for r in rows for c in r["codes"])
        answered = sum(1 for r in rows if r["answered"])
        return Stats(answered, len(rows) - answered, top(providers), top(codes))

    async def unanswered(self, chat: int, limit: int) -> list[AnswerEvent]:
        rows = [r for r in await self._events(chat, 0) if not r["answered"]]
        rows.sort(key=lambda r: r["at"], reverse=True)
        return [_event(r) for r in rows[:limit]]

    async def forget(self, person: str) -> int:
        gone = 0
        async for key in self._redis.scan_iter(f"{PREFIX}events:*"):
            mine = [_text(row) for row in await self._redis.zrange(key, 0, -1)
                    if json.loads(_text(row))["person"] == person]
            if mine:
                gone += int(await self._redis.zrem(key, *mine))
        return gone

    async def purge(self, before: float) -> int:
        gone = 0
        async for key in self._redis.scan_iter(f"{PREFIX}events:*"):
            gone += int(await self._redis.zremrangebyscore(key, "-inf", f"({before}"))
        await self._redis.zremrangebyscore(f"{PREFIX}journal-at", "-inf", f"({before}")
        return gone

    async def journal(self, update_id: int, body: bytes) -> None:
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.hsetnx(f"{PREFIX}journal", str(update_id), body)
            pipe.zadd(f"{PREFIX}journal-at", {str(update_id): time.time()})
            await pipe.execute()

    async def answered(self, update_id: int) -> None:
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.hdel(f"{PREFIX}journal", str(update_id))
            pipe.zrem(f"{PREFIX}journal-at", str(update_id))
            await pipe.execute()

    async def pending(self) -> list[JournalEntry]:
        entries = await self._redis.hgetall(f"{PREFIX}journal")
        return sorted((JournalEntry(int(update_id), _bytes(body))
                       for update_id, body in entries.items()), key=lambda e: e.update_id)

    async def get_value(self, key: str) -> str | None:
        value = await self._redis.get(f"{PREFIX}kv:{key}")
        return None if value is None else _text(value)

    async def put_value(self, key: str, value: str, ttl: float) -> None:
        await self._redis.set(f"{PREFIX}kv:{key}", value, px=max(1, int(ttl * 1000)))

    async def allow(self, key: str, limit: int, window: float) -> bool:
        allowed = await self._sliding_window(keys=[f"{PREFIX}rate:{key}"], args=[
            time.time(), window, limit, uuid.uuid4().hex])
        return bool(int(allowed))

    async def secret(self) -> bytes:
        value = await self._redis.get(PREFIX + "secret")
        if value is None:  # flushed since start: make a new one (old hashes no longer match)
            await self._redis.set(PREFIX + "secret", secrets.token_bytes(32), nx=True)
            value = await self._redis.get(PREFIX + "secret")
        return _bytes(value)

    async def close(self) -> None:
        await self._redis.aclose()
        await self._redis.connection_pool.disconnect()


def _event(row: dict[str, Any]) -> AnswerEvent:
    return AnswerEvent(at=row["at"], chat=row["chat"], person=row["person"],
                       chat_kind=row["kind"], answered=row["answered"], intent=row["intent"],
                       provider=row["provider"], codes=tuple(row["codes"]),
                       question=row["question"])


def _bytes(value: object) -> bytes:
    """redis-py types every reply loosely; with decode_responses off they are bytes."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode()
    raise TypeError(f"unexpected reply from Redis: {type(value).__name__}")


def _text(value: object) -> str:
    return _bytes(value).decode()
