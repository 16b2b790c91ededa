"""Answers per second and reply latency through the whole Telegram bot, with each state
store. Prints figures; asserts nothing.

    python benchmarks/bot_store_speed.py [--questions N]

The real python-telegram-bot loop polls the fake Bot API (tests/fake_bot_api.py) on
loopback, Telegram's flood limit lifted so the bot's own speed shows. N private questions
from N people arrive at once; each answer is journaled, its chat's settings read, its
topic and AnswerEvent written, and its journal entry cleared: every store call an answer
makes. Stores: none (process memory, as before issue 13), a SQLite file, and a
redis-server on 127.0.0.1 when installed.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.adapters.telegram_ui.app import TelegramSettings, build_application  # noqa: E402
from bot.engine import Engine  # noqa: E402
from bot.state.redis_store import RedisStore  # noqa: E402
from bot.state.sqlite_store import SqliteStore  # noqa: E402
from bot.state.store import StateStore  # noqa: E402
from tests.fake_bot_api import FakeBotApi, start_fake_bot_api, stop_fake_bot_api  # noqa: E402
from tests.redis_server import redis_binary, run_redis  # noqa: E402

TOKEN = "123456789:benchmark-token"
QUESTIONS = ["qq smtp", "zhang@163.com", "gmail imap", "hotmail smtp port",
             "535 Login Fail. Please enter your authorization code to login"]


async def burst(engine: Engine, store: StateStore | None, count: int) -> str:
    api = start_fake_bot_api(FakeBotApi(TOKEN))
    settings = TelegramSettings(token=TOKEN, base_url=api.base_url, discovery=None,
                                messages_per_second=100_000.0)
    application = build_application(settings, engine, store=store)
    await application.initialize()
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(timeout=1, poll_interval=0.0)
    try:
        started = time.monotonic()
        pushed = {api.push_message(QUESTIONS[i % len(QUESTIONS)], user_id=10_000 + i): i
                  for i in range(count)}
        while len(api.sent("sendMessage")) < count:
            await asyncio.sleep(0.01)
        elapsed = time.monotonic() - started
        by_user = {10_000 + i: update for update, i in pushed.items()}
        latencies = sorted(sent.at - api.pushed_at[by_user[int(sent.params["chat_id"])]]
                           for sent in api.sent("sendMessage"))
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()
        stop_fake_bot_api(api)
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(0.99 * (len(latencies) - 1))] * 1000
    return (f"{count / elapsed:7.0f} answers/s   reply latency p50 {p50:5.0f} ms, "
            f"p99 {p99:5.0f} ms")


@asynccontextmanager
async def opened(make: Callable[[], Awaitable[StateStore]]) -> AsyncIterator[StateStore]:
    store = await make()
    try:
        yield store
    finally:
        await store.close()


async def main(count: int) -> None:
    engine = Engine.load()
    await burst(engine, None, count)  # warm-up: first connections, lazy imports
    print(f"{count} private questions at once, through the bot:")
    print(f"  no store    {await burst(engine, None, count)}")
    with tempfile.TemporaryDirectory() as folder:
        async with opened(lambda: SqliteStore.open(Path(folder) / "state.sqlite3")) as store:
            print(f"  SQLite      {await burst(engine, store, count)}")
        if redis_binary() is not None:
            with run_redis(Path(folder)) as url:
                async with opened(lambda: RedisStore.open(url)) as store:
                    print(f"  Redis       {await burst(engine, store, count)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=500)
    asyncio.run(main(parser.parse_args().questions))
