"""Two `mailbot serve --webhook-url …` processes sharing one real redis-server, as behind a
load balancer: the test delivers updates to them alternately, and they behave as one bot
(settings, the group's entries, conversation topics, the probe's limits)."""

from __future__ import annotations

import asyncio
import itertools
import os
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import REPO
from tests.fake_bot_api import FakeBotApi, start_fake_bot_api, stop_fake_bot_api
from tests.redis_server import redis_binary, run_redis
from tests.test_telegram_bot import TOKEN, replies_to, until
from tests.test_telegram_modes import free_port

pytestmark = pytest.mark.skipif(redis_binary() is None,
                                reason="redis-server is not installed (.ci/run installs it)")
SECRET = "shared-webhook-secret"
GROUP = -100999
ADMIN, MEMBER = 7, 8


@pytest.fixture()
def redis_url(tmp_path: Path) -> Iterator[str]:
    with run_redis(tmp_path) as url:
        yield url


def serve_env(api: FakeBotApi, redis_url: str, **extra: str) -> dict[str, str]:
    return {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": api.base_url,
            "MAILBOT_STATE_URL": redis_url, **extra}


@asynccontextmanager
async def replica(api: FakeBotApi, redis_url: str, log: Path) -> AsyncIterator[str]:
    """One webhook replica; yields its webhook URL on loopback."""
    port = free_port()
    with log.open("ab") as out:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "serve", "--webhook-url",
            "https://bot.example.invalid/telegram", "--port", str(port), cwd=REPO,
            env=serve_env(api, redis_url, TELEGRAM_WEBHOOK_SECRET=SECRET),
            stdout=out, stderr=out)
    url = f"http://127.0.0.1:{port}/telegram"
    try:
        async def listening() -> bool:
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", port)
            except OSError:
                return False
            writer.close()
            return True

        for _ in range(300):
            if await listening():
                break
            assert process.returncode is None, log.read_text()
            await asyncio.sleep(0.1)
        yield url
    finally:
        process.terminate()
        await asyncio.wait_for(process.wait(), timeout=15)


class Telegram:
    """Delivers updates the way Telegram would, to whichever replica comes next."""

    def __init__(self, urls: list[str]) -> None:
        self.urls = itertools.cycle(urls)
        self.ids = itertools.count(1)

    async def send(self, text: str, user: int, chat: int | None = None) -> None:
        chat_id = chat if chat is not None else user
        message: dict[str, Any] = {
            "message_id": next(self.ids) + 5000, "date": 0, "text": text,
            "chat": {"id": chat_id, "type": "supergroup" if chat_id < 0 else "private"},
            "from": {"id": user, "is_bot": False, "first_name": "u", "language_code": "en"}}
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0,
                                    "length": len(text.split()[0])}]
        async with httpx.AsyncClient(timeout=10) as client:
            answer = await client.post(next(self.urls), json={
                "update_id": next(self.ids), "message": message},
                headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
        assert answer.status_code == 200


def texts_to(api: FakeBotApi, chat: int) -> list[str]:
    return [str(sent.params["text"]) for sent in replies_to(api, chat)]


async def test_two_replicas_behave_as_one_bot(redis_url: str, tmp_path: Path) -> None:
    api = start_fake_bot_api(FakeBotApi(TOKEN, admins={ADMIN}))
    try:
        async with replica(api, redis_url, tmp_path / "a.log") as a, \
                replica(api, redis_url, tmp_path / "b.log") as b:
            telegram = Telegram([a, b])
            # A setting made through one replica is obeyed by the other.
            await telegram.send("/autoanswer on", ADMIN, GROUP)  # -> a
            await until(lambda: len(replies_to(api, GROUP)) == 1, timeout=20)
            await telegram.send("qq smtp server and port?", MEMBER, GROUP)  # -> b, unaddressed
            await until(lambda: len(replies_to(api, GROUP)) == 2, timeout=20)
            assert "smtp.qq.com" in texts_to(api, GROUP)[1]
            # The group's own entry, added through one, answered by the other.
            await telegram.send("/faq add company mail = Exmail, with your @acme.cn address",
                                ADMIN, GROUP)  # -> a
            await until(lambda: len(replies_to(api, GROUP)) == 3, timeout=20)
            await telegram.send("where do I set up company mail", MEMBER, GROUP)  # -> b
            await until(lambda: len(replies_to(api, GROUP)) == 4, timeout=20)
            assert "@acme.cn" in texts_to(api, GROUP)[3]
            # A follow-up reaches the other replica, which knows what it follows.
            await telegram.send("gmail smtp", 31)  # -> a
            await until(lambda: len(replies_to(api, 31)) == 1, timeout=20)
            await telegram.send("and imap?", 31)  # -> b
            await until(lambda: len(replies_to(api, 31)) == 2, timeout=20)
            assert "imap.gmail.com" in texts_to(api, 31)[1]
            # The probe's per-user allowance (5 a minute) counts across both replicas.
            for _ in range(6):
                await telegram.send("/probe 192.0.2.1:993", 32)
            await until(lambda: len(replies_to(api, 32)) == 6, timeout=20)
    finally:
        stop_fake_bot_api(api)
    refused = [text for text in texts_to(api, 32) if "Too many probes" in text]
    assert len(refused) == 1


async def test_a_shared_store_needs_the_webhook_secret(redis_url: str) -> None:
    api = start_fake_bot_api(FakeBotApi(TOKEN))
    env = {k: v for k, v in serve_env(api, redis_url).items()
           if k != "TELEGRAM_WEBHOOK_SECRET"}
    try:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "serve", "--webhook-url",
            "https://bot.example.invalid/telegram", cwd=REPO, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        _, err = await asyncio.wait_for(process.communicate(), timeout=30)
    finally:
        stop_fake_bot_api(api)
    assert process.returncode == 2
    assert b"TELEGRAM_WEBHOOK_SECRET" in err
