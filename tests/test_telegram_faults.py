"""Bot API faults and restarts (issue 10 item 9 and the harness): the real python-telegram-bot
loop against the fake Bot API, which confirms updates and injects faults as Telegram does."""

from __future__ import annotations

import asyncio
import time

from bot.engine import Engine
from tests.fake_bot_api import FakeBotApi, start_fake_bot_api, stop_fake_bot_api
from tests.mail_servers import Certificates
from tests.test_telegram_bot import TOKEN, Running, _running_bot, replies_to, until

READ_TIMEOUT = 5.0  # python-telegram-bot's default for a Bot API call


async def test_a_server_error_is_retried_and_no_answer_is_lost(running: Running) -> None:
    """Issue 10 item 9: one 500 on sendMessage no longer loses the answer (nor apologises)."""
    api = running.api
    api.fail_next("sendMessage", 500, {"ok": False, "error_code": 500,
                                       "description": "Internal Server Error"})
    api.push_message("gmx smtp", user_id=36)
    await until(lambda: bool(replies_to(api, 36)), timeout=15)
    assert api.sent("sendMessage!500")
    replies = replies_to(api, 36)
    assert len(replies) == 1 and "mail.gmx" in replies[0].params["text"]


async def test_a_flood_wait_in_one_chat_does_not_pause_another(running: Running) -> None:
    """Issue 10 item 9: a 429 (retry after 3 s) in one chat; another chat's answer comes at
    once, and the first chat's comes after its wait."""
    api = running.api
    api.fail_next("sendMessage", 429, {"ok": False, "error_code": 429,
                                       "description": "Too Many Requests: retry after 3",
                                       "parameters": {"retry_after": 3}})
    api.push_message("yahoo smtp", user_id=37)
    await until(lambda: bool(api.sent("sendMessage!429")), timeout=10)
    started = time.monotonic()
    api.push_message("qq smtp", user_id=38)
    await until(lambda: bool(replies_to(api, 38)), timeout=10)
    assert time.monotonic() - started < 2.0
    assert not replies_to(api, 37)  # still waiting out its own flood limit
    await until(lambda: bool(replies_to(api, 37)), timeout=15)


async def test_a_slow_send_is_not_answered_twice_nor_apologised_for(running: Running) -> None:
    """Issue 10 item 9: Telegram took the message but answered after the client gave up.
    The answer must not be sent again, and no apology follows it; other chats go on."""
    api = running.api
    api.slow_next("sendMessage", READ_TIMEOUT + 1.0)
    api.push_message("yandex imap", user_id=81)
    await until(lambda: bool(replies_to(api, 81)), timeout=5)
    started = time.monotonic()
    api.push_message("qq smtp", user_id=82)
    await until(lambda: bool(replies_to(api, 82)), timeout=5)
    assert time.monotonic() - started < 2.0  # the slow call holds no one else up
    await asyncio.sleep(READ_TIMEOUT + 1.5)  # past the client's timeout and the late answer
    replies = replies_to(api, 81)
    assert len(replies) == 1 and "yandex" in replies[0].params["text"].lower()


async def test_a_dropped_connection_is_retried_and_answered_once(running: Running) -> None:
    """The connection closes before Telegram took the message: sent again, delivered once."""
    api = running.api
    api.drop_next("sendMessage", processed=False)
    api.push_message("gmail smtp", user_id=83)
    await until(lambda: bool(replies_to(api, 83)), timeout=15)
    assert api.sent("sendMessage!dropped")
    await asyncio.sleep(0.5)
    replies = replies_to(api, 83)
    assert len(replies) == 1 and "smtp.gmail.com" in replies[0].params["text"]


async def test_a_restarted_bot_answers_each_question_once(engine: Engine,
                                                         certs: Certificates) -> None:
    """Telegram forgets confirmed updates: a bot that stops confirms what it answered, and the
    next process answers the questions that came while none was running, and nothing twice."""
    api = start_fake_bot_api(FakeBotApi(TOKEN))
    try:
        async with _running_bot(engine, certs, api=api):
            for user in (90, 91, 92):
                api.push_message("qq imap", user_id=user)
            await until(lambda: all(replies_to(api, u) for u in (90, 91, 92)))
        assert api.pending_updates() == []  # confirmed on the way out, gone for good
        for user in (93, 94):  # asked while no bot runs
            api.push_message("163 smtp", user_id=user)
        async with _running_bot(engine, certs, api=api):
            await until(lambda: all(replies_to(api, u) for u in (93, 94)))
            await asyncio.sleep(0.5)
    finally:
        stop_fake_bot_api(api)
    assert [len(replies_to(api, u)) for u in range(90, 95)] == [1, 1, 1, 1, 1]
