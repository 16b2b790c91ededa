"""The bot under load, as a process (`mailbot serve`), and in webhook mode."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import statistics
import sys
import time
from pathlib import Path

import httpx
import pytest

from bot.adapters.telegram_ui.app import TelegramSettings, build_application, post_init
from bot.adapters.telegram_ui.webhook import start_webhook_server
from bot.engine import Engine
from tests.conftest import REPO
from tests.fake_bot_api import FakeBotApi, start_fake_bot_api, stop_fake_bot_api
from tests.mail_servers import Certificates
from tests.test_telegram_bot import TOKEN, _running_bot, replies_to, until

BURST = 200


@pytest.mark.parametrize("rate", [30.0, 10_000.0], ids=["telegram-flood-limit", "unlimited"])
async def test_burst_of_200_users_all_answered(engine: Engine, certs: Certificates,
                                               capsys: pytest.CaptureFixture[str],
                                               rate: float) -> None:
    """With Telegram's 30 messages/s the limiter paces the replies; lifted, the figure is
    the bot's own speed."""
    async with _running_bot(engine, certs, messages_per_second=rate) as bot:
        api = bot.api
        questions = ["qq smtp", "zhang@163.com", "gmail imap", "hotmail smtp port",
                     "535 Login Fail. Please enter your authorization code to login"]
        started = time.monotonic()
        pushed = {api.push_message(questions[i % len(questions)], user_id=10_000 + i): i
                  for i in range(BURST)}
        await until(lambda: len(api.sent("sendMessage")) >= BURST, timeout=60)
        elapsed = time.monotonic() - started
        answered = {int(s.params["chat_id"]) for s in api.sent("sendMessage")}
        assert answered == {10_000 + i for i in range(BURST)}
        latencies = []
        for sent in api.sent("sendMessage"):
            update_id = next(u for u, i in pushed.items()
                             if 10_000 + i == int(sent.params["chat_id"]))
            latencies.append(sent.at - api.pushed_at[update_id])
    latencies.sort()
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(0.99 * (len(latencies) - 1))] * 1000
    with capsys.disabled():
        print(f"\n[measure] burst of {BURST} at {rate:g} msg/s: all answered in {elapsed:.2f} s;"
              f" reply latency p50 {p50:.0f} ms, p99 {p99:.0f} ms")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_webhook_checks_the_secret(engine: Engine) -> None:
    api = start_fake_bot_api(FakeBotApi(TOKEN))
    settings = TelegramSettings(token=TOKEN, base_url=api.base_url, webhook_secret="s3cret")
    application = build_application(settings, engine)
    port = free_port()
    await application.initialize()
    await post_init(application)
    await application.start()
    await application.bot.set_webhook("https://bot.example.invalid/telegram",
                                      secret_token="s3cret")
    server = start_webhook_server(application, "127.0.0.1", port, "telegram", "s3cret")
    try:
        update = {"update_id": 1, "message": {
            "message_id": 1, "date": 0, "text": "gmail imap", "chat": {"id": 51, "type": "private"},
            "from": {"id": 51, "is_bot": False, "first_name": "u"}}}
        async with httpx.AsyncClient(timeout=5) as client:
            url = f"http://127.0.0.1:{port}/telegram"
            without = await client.post(url, json={**update, "update_id": 2})
            wrong = await client.post(url, json={**update, "update_id": 3},
                                      headers={"X-Telegram-Bot-Api-Secret-Token": "nope"})
            right = await client.post(url, json=update,
                                      headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret"})
        assert without.status_code == 403 and wrong.status_code == 403
        assert right.status_code == 200
        await until(lambda: bool(replies_to(api, 51)))
        await asyncio.sleep(0.3)
        assert len(replies_to(api, 51)) == 1
        (hook,) = api.sent("setWebhook")
        assert hook.params["url"] == "https://bot.example.invalid/telegram"
        assert hook.params["secret_token"] == "s3cret"
    finally:
        server.stop()
        await application.stop()
        await application.shutdown()
        stop_fake_bot_api(api)


async def test_webhook_refuses_before_reading_the_body(engine: Engine) -> None:
    """Issue 10 item 11: a request without the secret, or announcing a huge body, is refused
    as soon as its headers arrive; nothing of a 50 MB body is waited for or kept."""
    api = start_fake_bot_api(FakeBotApi(TOKEN))
    application = build_application(TelegramSettings(token=TOKEN, base_url=api.base_url,
                                                      webhook_secret="s3cret"), engine)
    port = free_port()
    server = start_webhook_server(application, "127.0.0.1", port, "telegram", "s3cret")

    async def status_of(headers: str) -> int:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write((f"POST /telegram HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                      f"\r\nContent-Length: 50000000\r\n{headers}\r\n").encode())
        await writer.drain()  # and not one byte of the announced body
        line = await asyncio.wait_for(reader.readline(), timeout=2)
        writer.close()
        return int(line.split()[1])

    try:
        assert await status_of("") == 403
        assert await status_of("X-Telegram-Bot-Api-Secret-Token: nope\r\n") == 403
        assert await status_of("X-Telegram-Bot-Api-Secret-Token: s3cret\r\n") == 413
    finally:
        server.stop()
        stop_fake_bot_api(api)


async def test_serve_process_never_prints_the_token(tmp_path: Path) -> None:
    api = start_fake_bot_api(FakeBotApi(TOKEN))
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": api.base_url}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "serve", "--verbose", cwd=REPO, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        api.push_message("my password is hunter2secret, qq smtp?", user_id=61)
        await until(lambda: bool(replies_to(api, 61)), timeout=30)
    finally:
        process.terminate()
        out, err = await asyncio.wait_for(process.communicate(), timeout=30)
        stop_fake_bot_api(api)
    output = (out + err).decode()
    assert "Application started" in output  # it did log
    assert TOKEN not in output
    assert TOKEN.split(":")[1] not in output
    assert "hunter2secret" not in output  # message text is never logged
    assert json.dumps(TOKEN) not in output


async def test_sigterm_stops_within_dockers_grace(tmp_path: Path) -> None:
    """Issue 10 item 7: with answers waiting for a group's flood limit, SIGTERM stops new
    questions, still sends what it can, and ends the process inside Docker's 10 s grace."""
    from tests.test_telegram_bot import BOT_USERNAME, GROUP, mention

    api = start_fake_bot_api(FakeBotApi(TOKEN))
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": api.base_url}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "serve", cwd=REPO, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        await until(lambda: any(path.endswith("/getUpdates") for path in api.requests_seen),
                    timeout=30)  # polling: the questions come in as they are asked
        for batch in range(3):  # 30 answers: more than Telegram lets a bot post there a minute
            for i in range(10):
                api.push_message(f"@{BOT_USERNAME} qq smtp", user_id=700 + 10 * batch + i,
                                 chat_id=GROUP - 9, chat_type="supergroup",
                                 entities=mention(f"@{BOT_USERNAME} qq smtp"))
            await asyncio.sleep(1.0)  # the last batch now waits for the group's flood limit
        before = len(replies_to(api, GROUP - 9))
        started = time.monotonic()
        process.terminate()
        await asyncio.wait_for(process.communicate(), timeout=15)
        took = time.monotonic() - started
        answered = len(replies_to(api, GROUP - 9))
        delivered_while_stopping = answered - before
        unconfirmed = len(api.pending_updates())
    finally:
        if process.returncode is None:
            process.kill()
        stop_fake_bot_api(api)
    assert process.returncode == 0
    assert took < 10.0
    assert delivered_while_stopping >= 1  # waiting answers are sent, not dropped
    print(f"\n[measure] SIGTERM with 30 group questions: {answered} answered, "
          f"{delivered_while_stopping} of them while stopping, {30 - answered - unconfirmed} "
          f"confirmed but unanswered (lost until the state store replays them), "
          f"{unconfirmed} left for the next process; stopped in {took:.1f} s")


async def test_serve_without_a_token_says_so() -> None:
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "serve", cwd=REPO, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    _, err = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 2
    assert b"TELEGRAM_BOT_TOKEN" in err


async def test_serve_with_a_rejected_token_says_so() -> None:
    api = start_fake_bot_api(FakeBotApi("999:the-right-one"))
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": api.base_url}
    try:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "serve", cwd=REPO, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        out, err = await asyncio.wait_for(process.communicate(), timeout=30)
    finally:
        stop_fake_bot_api(api)
    assert process.returncode == 2
    assert b"rejected the token" in err
    assert TOKEN.encode() not in out + err
