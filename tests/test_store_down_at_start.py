"""A state store that cannot be opened at start (Redis down, a data folder that cannot be
written) costs one clear log line, not the bot: it answers from the knowledge base with
default settings, and uses the store once it can be opened."""

from __future__ import annotations

import asyncio
import json
import logging
import time
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


def left_unanswered(update_id: int, user: int, text: str) -> bytes:
    """A private question as a previous run journaled it and never answered."""
    return json.dumps({"update_id": update_id, "message": {
        "message_id": update_id, "date": int(time.time()) - 60,
        "chat": {"id": user, "type": "private"},
        "from": {"id": user, "is_bot": False, "first_name": f"user{user}"},
        "text": text}}).encode()


@pytest.mark.skipif(redis_binary() is None, reason="redis-server is not installed")
async def test_the_journal_a_previous_run_left_is_answered_once_the_store_opens(
        tmp_path: Path) -> None:
    """Redis is down when serve starts; once it opens, the updates a previous run left
    unanswered are answered, each claimed as at start (one another replica claimed is left
    to it), and this process's own updates are not answered twice."""
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    api = start_fake_bot_api(FakeBotApi(TOKEN))
    try:
        async with serving(api, tmp_path, MAILBOT_STATE_URL=url):
            with run_redis(tmp_path, port=port):
                from bot.state.redis_store import RedisStore

                store = await RedisStore.open(url)
                try:
                    await store.journal(900001, left_unanswered(900001, 61, "qq smtp server?"))
                    await store.journal(900002, left_unanswered(900002, 62, "163 imap"))
                    await store.allow("replay:900002", 1, 3600)  # another replica has it
                    await asyncio.sleep(RETRY_SECONDS + 0.5)
                    api.push_message("gmail imap", user_id=63)  # its journaling opens it
                    await until(lambda: bool(replies_to(api, 61) and replies_to(api, 63)),
                                timeout=20)
                    await asyncio.sleep(1.0)
                    assert [e.update_id for e in await store.pending()] == [900002]
                finally:
                    await store.close()
    finally:
        stop_fake_bot_api(api)
    assert "smtp.qq.com" in str(replies_to(api, 61)[0].params["text"])
    assert [len(replies_to(api, user)) for user in (61, 62, 63)] == [1, 0, 1]
