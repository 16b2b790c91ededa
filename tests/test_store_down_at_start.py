"""A state store that cannot be opened at start (Redis down, a data folder that cannot be
written) costs one clear log line, not the bot: it answers from the knowledge base with
default settings, and uses the store once it can be opened."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from bot.settings import Settings
from bot.state.records import ChatRecord
from bot.state.reopening import RETRY_SECONDS, open_resilient
from bot.state.store import open_store
from tests.fake_bot_api import FakeBotApi, start_fake_bot_api, stop_fake_bot_api
from tests.redis_server import free_port, redis_binary, run_redis
from tests.test_serve_state import serving
from tests.test_telegram_bot import TOKEN, replies_to, until

OUTAGE = "state store unavailable"


@pytest.mark.skipif(redis_binary() is None, reason="redis-server is not installed")
async def test_serve_answers_while_redis_is_down_and_stores_once_it_is_up(
        tmp_path: Path) -> None:
    port = free_port()  # nothing listens here yet
    url = f"redis://127.0.0.1:{port}/0"
    log = tmp_path / "serve.log"
    api = start_fake_bot_api(FakeBotApi(TOKEN))
    try:
        async with serving(api, tmp_path, MAILBOT_STATE_URL=url):
            api.push_message("qq smtp server?", user_id=51)
            await until(lambda: len(replies_to(api, 51)) == 1, timeout=20)
            assert "smtp.qq.com" in str(replies_to(api, 51)[0].params["text"])
            with run_redis(tmp_path, port=port):
                await asyncio.sleep(RETRY_SECONDS + 0.5)  # the next call opens it
                api.push_message("/lang zh", user_id=52, entities=[
                    {"type": "bot_command", "offset": 0, "length": 5}])
                await until(lambda: len(replies_to(api, 52)) == 1, timeout=20)
                from bot.state.redis_store import RedisStore

                store = await RedisStore.open(url)
                try:
                    assert await store.get_chat(52) == ChatRecord(lang="zh")
                finally:
                    await store.close()
    finally:
        stop_fake_bot_api(api)
    lines = [line for line in log.read_text().splitlines() if OUTAGE in line]
    assert len(lines) == 1, log.read_text()
    assert f"Redis at 127.0.0.1:{port}" in lines[0] and "ERROR" in lines[0]
    assert "state store back" in log.read_text()


async def test_an_unwritable_data_folder_is_used_once_it_can_be(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocked = tmp_path / "data"
    blocked.write_text("a file where the data folder should be")
    settings = Settings(data_dir=blocked)
    with caplog.at_level(logging.INFO):
        store = await open_resilient(lambda: open_store(settings), retry_seconds=0.05)
        for _ in range(3):
            assert await store.call(lambda s: s.get_chat(-1), ChatRecord()) == ChatRecord()
            await asyncio.sleep(0.06)
        blocked.unlink()
        await asyncio.sleep(0.06)
        await store.call(lambda s: s.put_chat(-1, ChatRecord(quiet=True)), None)
        assert await store.call(lambda s: s.get_chat(-1), ChatRecord()) == ChatRecord(
            quiet=True)
        await store.store.close()
    outages = [r.getMessage() for r in caplog.records if OUTAGE in r.getMessage()]
    assert len(outages) == 1 and "the SQLite file" in outages[0]
    assert (blocked / "state.sqlite3").is_file()
