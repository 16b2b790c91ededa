"""How fast each state store answers the bot's calls. Prints figures; asserts nothing.

    python benchmarks/state_store_speed.py [--ops N]

For each backend (a SQLite file; a redis-server on 127.0.0.1 when installed): what one
answer costs the store (read the chat's settings, count the answer), as calls per second
and p50/p99 latency, one at a time and 50 chats at once; and a settings write (durable
before it returns). The knowledge answer itself takes ~0.2 ms: the store must stay well
below the bot's other costs, and never the bottleneck.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.state.records import AnswerEvent, ChatRecord  # noqa: E402
from bot.state.sqlite_store import SqliteStore  # noqa: E402
from bot.state.store import StateStore  # noqa: E402
from tests.redis_server import redis_binary, run_redis  # noqa: E402


async def one_answer(store: StateStore, chat: int) -> float:
    started = time.perf_counter()
    await store.get_chat(chat)
    await store.record_answer(AnswerEvent(at=time.time(), chat=chat, person="bench",
                                          chat_kind="group", answered=True,
                                          intent="settings", provider="qq-mail"))
    return time.perf_counter() - started


async def measure(name: str, store: StateStore, ops: int) -> None:
    await one_answer(store, -1)
    serial = [await one_answer(store, -(i % 50) - 1) for i in range(ops)]
    started = time.perf_counter()
    await asyncio.gather(*(one_answer(store, -(i % 50) - 1) for i in range(ops)))
    concurrent = time.perf_counter() - started
    writes = []
    for i in range(min(ops, 300)):
        begun = time.perf_counter()
        await store.put_chat(-(i % 50) - 1, ChatRecord(lang="zh", auto_answer=bool(i % 2)))
        writes.append(time.perf_counter() - begun)
    serial.sort()
    writes.sort()
    print(f"{name}: per answer (read settings + count it) p50 "
          f"{statistics.median(serial) * 1000:.2f} ms, p99 "
          f"{serial[int(len(serial) * 0.99)] * 1000:.2f} ms, {ops / sum(serial):,.0f}/s one "
          f"at a time, {ops / concurrent:,.0f}/s with 50 chats at once; a settings write "
          f"p50 {statistics.median(writes) * 1000:.2f} ms")


async def main(ops: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        sqlite = await SqliteStore.open(Path(folder) / "state.sqlite3")
        try:
            await measure("SQLite (WAL; settings synced to disk)", sqlite, ops)
        finally:
            await sqlite.close()
        if redis_binary() is None:
            print("Redis: skipped, redis-server is not installed")
            return
        from bot.state.redis_store import RedisStore

        with run_redis(Path(folder)) as url:
            redis = await RedisStore.open(url)
            try:
                await measure("Redis (loopback)", redis, ops)
            finally:
                await redis.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ops", type=int, default=2000)
    asyncio.run(main(parser.parse_args().ops))
