"""The Telegram bot, driven by the real python-telegram-bot polling loop against a fake Bot
API server on loopback (tests/fake_bot_api.py)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import Application

from bot.adapters.telegram_ui.app import TelegramSettings, build_application, post_init
from bot.engine import Engine
from bot.probing.prober import ProbeSettings
from bot.state.store import StateStore
from tests.fake_bot_api import (
    BOT_ID,
    BOT_USERNAME,
    FakeBotApi,
    Sent,
    start_fake_bot_api,
    stop_fake_bot_api,
)
from tests.knowledge_fixtures import knowledge_with_servers
from tests.mail_servers import Certificates, smtp_server

TOKEN = "123456789:TEST-token-that-must-never-be-printed"
GROUP = -1001234


@dataclass
class Running:
    api: FakeBotApi
    application: Application  # type: ignore[type-arg]


async def until(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the bot")
        await asyncio.sleep(0.02)


class _running_bot:
    def __init__(self, engine: Engine, certs: Certificates,
                 messages_per_second: float = 30.0, api: FakeBotApi | None = None,
                 store: StateStore | None = None, **overrides: Any) -> None:
        """``overrides``: more TelegramSettings fields."""
        self.api = api or start_fake_bot_api(FakeBotApi(TOKEN, admins={7}))
        self.owns_api = api is None
        settings = TelegramSettings(
            token=TOKEN, base_url=self.api.base_url, poll_timeout=1,
            probe=ProbeSettings(unrestricted=True, ca_file=certs.ca_file, cooldown=0.0),
            messages_per_second=messages_per_second, discovery=None, **overrides)
        self.application = build_application(settings, engine, store=store)

    async def __aenter__(self) -> Running:
        await self.application.initialize()
        await post_init(self.application)
        await self.application.start()
        assert self.application.updater is not None
        await self.application.updater.start_polling(timeout=1, poll_interval=0.0)
        return Running(self.api, self.application)

    async def __aexit__(self, *exc: object) -> None:
        assert self.application.updater is not None
        await self.application.updater.stop()
        await self.application.stop()
        await self.application.shutdown()
        if self.owns_api:
            stop_fake_bot_api(self.api)


def replies_to(api: FakeBotApi, chat_id: int) -> list[Sent]:
    return api.sent("sendMessage", lambda s: int(s.params["chat_id"]) == chat_id)


def buttons(sent: Sent) -> list[dict[str, Any]]:
    markup = sent.params.get("reply_markup") or {}
    return [button for row in markup.get("inline_keyboard", []) for button in row]


def press(api: FakeBotApi, reply: Sent, button_text: str, user_id: int) -> None:
    """Press the button labelled ``button_text`` under the bot's private ``reply``."""
    data = next(b["callback_data"] for b in buttons(reply) if b["text"] == button_text)
    message = {"message_id": reply.message_id, "date": 0, "text": reply.params["text"],
               "chat": {"id": user_id, "type": "private"},
               "from": {"id": BOT_ID, "is_bot": True, "first_name": "Mailbot"}}
    api.push_callback(data, message, user_id=user_id)


def mention(text: str) -> list[dict[str, Any]]:
    start = text.index("@" + BOT_USERNAME)
    return [{"type": "mention", "offset": start, "length": len(BOT_USERNAME) + 1}]


async def test_setup_sets_menus_and_descriptions(running: Running) -> None:
    api = running.api
    commands = api.sent("setMyCommands")
    assert {c.params.get("language_code") for c in commands} == {None, "zh"}
    assert any("检测" in str(c.params["commands"]) for c in commands)
    assert len(api.sent("setMyDescription")) == 2


async def test_private_question_in_english(running: Running) -> None:
    api = running.api
    api.push_message("QQ SMTP port?", user_id=11)
    await until(lambda: bool(replies_to(api, 11)))
    (reply,) = replies_to(api, 11)
    assert reply.params["parse_mode"] == "HTML"
    assert "smtp.qq.com" in reply.params["text"] and "465" in reply.params["text"]
    labels = [b["text"] for b in buttons(reply)]
    assert any(label.startswith("🔎") for label in labels)
    assert "中文" in labels and "Details" in labels


async def test_private_question_in_chinese(running: Running) -> None:
    api = running.api
    api.push_message("网易邮箱 imap 端口", user_id=12)
    await until(lambda: bool(replies_to(api, 12)))
    text = replies_to(api, 12)[0].params["text"]
    assert "imap.163.com" in text and "端口" in text and "授权码" in text


async def test_start_and_help(running: Running) -> None:
    api = running.api
    api.push_message("/start", user_id=13)
    api.push_message("/help", user_id=13)
    await until(lambda: len(replies_to(api, 13)) == 2)
    texts = sorted(s.params["text"] for s in replies_to(api, 13))
    assert any("QQ SMTP port?" in t for t in texts)
    assert any("/probe" in t and "/lang" in t for t in texts)


async def test_lang_command_switches_replies(running: Running) -> None:
    api = running.api
    api.push_message("/lang zh", user_id=14)
    await until(lambda: len(replies_to(api, 14)) == 1)
    api.push_message("gmail imap", user_id=14)
    await until(lambda: len(replies_to(api, 14)) == 2)
    assert "收信" in replies_to(api, 14)[1].params["text"]


async def test_language_button_rerenders(running: Running) -> None:
    api = running.api
    api.push_message("gmail imap", user_id=15)
    await until(lambda: bool(replies_to(api, 15)))
    press(api, replies_to(api, 15)[0], "中文", user_id=15)
    await until(lambda: bool(api.sent("editMessageText")))
    edited = api.sent("editMessageText")[-1]
    assert "收信" in edited.params["text"] and "imap.gmail.com" in edited.params["text"]
    assert api.sent("answerCallbackQuery")


async def test_typo_domain_offers_the_known_one(running: Running) -> None:
    api = running.api
    api.push_message("zhang@gmial.com smtp", user_id=16)
    await until(lambda: bool(replies_to(api, 16)))
    reply = replies_to(api, 16)[0]
    assert "gmial.com" in reply.params["text"] and "smtp.gmail.com" not in reply.params["text"]
    press(api, reply, "Use gmail.com", user_id=16)
    await until(lambda: bool(api.sent("editMessageText")))
    assert "smtp.gmail.com" in api.sent("editMessageText")[-1].params["text"]


def push_press(api: FakeBotApi, data: str, user_id: int) -> None:
    """A press on a button with ``data`` under an old message of the bot's."""
    message = {"message_id": 1, "date": 0, "text": "an answer from last month",
               "chat": {"id": user_id, "type": "private"},
               "from": {"id": BOT_ID, "is_bot": True, "first_name": "Mailbot"}}
    api.push_callback(data, message, user_id=user_id)


@pytest.mark.parametrize("data", [
    "s|gmail|all|zh|0",  # written before the codec, still under old messages
    "p|gmail|0",
    "s1|gmail||xx|0",  # forged
    "s1|a-provider-no-longer-known||en|0",  # the knowledge base dropped it
    "e1|an-entry-no-longer-known|-|en",
    "p1|gmail|99",  # the provider lost that server
])
async def test_an_out_of_date_button_is_answered_politely(running: Running, data: str) -> None:
    api = running.api
    push_press(api, data, user_id=17)
    await until(lambda: bool(api.sent("answerCallbackQuery")))
    (answered,) = api.sent("answerCallbackQuery")
    assert "out of date" in answered.params["text"] and answered.params["show_alert"]
    assert not api.sent("editMessageText") and not replies_to(api, 17)
    api.push_message("gmail imap", user_id=17)  # and the bot goes on
    await until(lambda: bool(replies_to(api, 17)))


async def test_a_group_link_opens_the_settings_in_private(running: Running) -> None:
    api = running.api
    api.push_message("/start s_qq-mail_smtp", user_id=18)
    await until(lambda: bool(replies_to(api, 18)))
    text = replies_to(api, 18)[0].params["text"]
    assert text.index("smtp.qq.com") < text.index("imap.qq.com")  # in full, SMTP first


async def test_an_out_of_date_link_says_so_and_welcomes(running: Running) -> None:
    api = running.api
    api.push_message("/start s_a-provider-no-longer-known_all", user_id=19)
    await until(lambda: bool(replies_to(api, 19)))
    text = replies_to(api, 19)[0].params["text"]
    assert text.startswith("That link is out of date") and "QQ SMTP port?" in text


async def test_group_is_silent_without_a_mention(running: Running) -> None:
    api = running.api
    api.push_message("qq smtp port", user_id=21, chat_id=GROUP, chat_type="supergroup")
    marker = api.push_message(f"@{BOT_USERNAME} gmail imap", user_id=21, chat_id=GROUP,
                              chat_type="supergroup",
                              entities=mention(f"@{BOT_USERNAME} gmail imap"))
    await until(lambda: bool(replies_to(api, GROUP)))
    await asyncio.sleep(0.3)
    replies = replies_to(api, GROUP)
    assert len(replies) == 1, [r.params["text"][:40] for r in replies]
    assert "imap.gmail.com" in replies[0].params["text"]
    assert marker


async def test_group_mention_gets_a_short_quoted_answer(running: Running) -> None:
    api = running.api
    text = f"@{BOT_USERNAME} QQ SMTP port?"
    api.push_message(text, user_id=22, chat_id=GROUP - 1, chat_type="supergroup",
                     entities=mention(text))
    await until(lambda: bool(replies_to(api, GROUP - 1)))
    reply = replies_to(api, GROUP - 1)[0]
    assert "reply_parameters" in reply.params  # quotes the question
    assert "smtp.qq.com" in reply.params["text"]
    assert "Before you start" not in reply.params["text"]  # short in groups
    urls = [b.get("url", "") for b in buttons(reply)]
    assert any(u.startswith(f"https://t.me/{BOT_USERNAME}?start=s_qq-mail") for u in urls)


async def test_reply_to_the_bot_is_answered(running: Running) -> None:
    api = running.api
    chat = GROUP - 2
    bot_message = {"message_id": 5, "date": 0, "text": "earlier answer",
                   "chat": {"id": chat, "type": "supergroup"},
                   "from": {"id": BOT_ID, "is_bot": True, "first_name": "Mailbot"}}
    api.push_message("and the imap server for 163?", user_id=23, chat_id=chat,
                     chat_type="supergroup", reply_to=bot_message)
    await until(lambda: bool(replies_to(api, chat)))
    assert "imap.163.com" in replies_to(api, chat)[0].params["text"]


async def test_commands_addressed_to_this_bot_only(running: Running) -> None:
    api = running.api
    chat = GROUP - 3
    api.push_message("/help@other_bot", user_id=24, chat_id=chat, chat_type="supergroup")
    api.push_message(f"/help@{BOT_USERNAME}", user_id=24, chat_id=chat, chat_type="supergroup")
    await until(lambda: bool(replies_to(api, chat)))
    await asyncio.sleep(0.3)
    assert len(replies_to(api, chat)) == 1


async def test_autoanswer_is_for_admins_and_answers_only_when_sure(running: Running) -> None:
    api = running.api
    chat = GROUP - 4
    api.push_message("/autoanswer on", user_id=25, chat_id=chat, chat_type="supergroup")
    await until(lambda: len(replies_to(api, chat)) == 1)
    assert "admins" in replies_to(api, chat)[0].params["text"]
    api.push_message("/autoanswer on", user_id=7, chat_id=chat, chat_type="supergroup")
    await until(lambda: len(replies_to(api, chat)) == 2)
    assert "on" in replies_to(api, chat)[1].params["text"]
    api.push_message("good morning everyone", user_id=26, chat_id=chat, chat_type="supergroup")
    api.push_message("zhang@163.com smtp", user_id=26, chat_id=chat, chat_type="supergroup")
    await until(lambda: len(replies_to(api, chat)) == 3)
    await asyncio.sleep(0.3)
    replies = replies_to(api, chat)
    assert len(replies) == 3 and "smtp.163.com" in replies[2].params["text"]


async def test_other_bots_are_never_answered(running: Running) -> None:
    api = running.api
    api.push_message("qq smtp", user_id=31, is_bot=True)
    api.push_message("gmail imap", user_id=32)
    await until(lambda: bool(replies_to(api, 32)))
    await asyncio.sleep(0.2)
    assert replies_to(api, 31) == []


async def test_inline_query(running: Running) -> None:
    api = running.api
    api.push_inline("qq smtp")
    await until(lambda: bool(api.sent("answerInlineQuery")))
    results = api.sent("answerInlineQuery")[0].params["results"]
    assert results and "smtp.qq.com" in results[0]["input_message_content"]["message_text"]


async def test_password_gets_a_warning(running: Running) -> None:
    api = running.api
    api.push_message("my password is hunter2secret, gmail smtp?", user_id=33)
    await until(lambda: bool(replies_to(api, 33)))
    text = replies_to(api, 33)[0].params["text"]
    # the answer first, the warning at the end (issue 12)
    assert text.startswith("<b>Gmail") and text.rsplit("\n", 1)[-1].startswith("<b>⚠")


async def test_429_is_retried(running: Running) -> None:
    api = running.api
    api.fail_next("sendMessage", 429, {"ok": False, "error_code": 429,
                                       "description": "Too Many Requests: retry after 1",
                                       "parameters": {"retry_after": 1}})
    api.push_message("yahoo smtp", user_id=34)
    await until(lambda: bool(replies_to(api, 34)), timeout=15)
    assert api.sent("sendMessage!429")
    assert "smtp.mail.yahoo.com" in replies_to(api, 34)[0].params["text"]


async def test_bad_request_does_not_stop_the_bot(running: Running) -> None:
    api = running.api
    api.fail_next("sendMessage", 400, {"ok": False, "error_code": 400,
                                       "description": "Bad Request: can't parse entities"})
    api.push_message("aol smtp", user_id=35)
    await until(lambda: bool(replies_to(api, 35)))  # the apology, after the failure
    assert api.sent("sendMessage!400")
    api.push_message("aol imap", user_id=35)
    await until(lambda: any("imap.aol.com" in s.params["text"] for s in replies_to(api, 35)))


async def test_probe_button_runs_a_probe(engine: Engine, certs: Certificates,
                                         tmp_path: Path) -> None:
    async with smtp_server(implicit_tls=certs.good) as port:
        local = Engine.load(knowledge_with_servers(tmp_path, [("127.0.0.1", port, "ssl")]),
                            strict=True)
        async with _running_bot(local, certs) as bot:
            api = bot.api
            api.push_message("probe-test smtp", user_id=41)
            await until(lambda: bool(replies_to(api, 41)))
            reply = replies_to(api, 41)[0]
            probe = next(b["text"] for b in buttons(reply) if b["text"].startswith("🔎"))
            press(api, reply, probe, user_id=41)
            await until(lambda: bool(api.sent("editMessageText")), timeout=15)
            probing = [s for s in replies_to(api, 41) if "Probing" in s.params["text"]]
            assert probing
            typing = api.sent("sendChatAction", lambda s: s.params.get("action") == "typing")
            assert typing and int(typing[0].params["chat_id"]) == 41  # "typing…" meanwhile
            result = api.sent("editMessageText")[-1].params["text"]
            assert "✅" in result and f"127.0.0.1:{port}" in result
            assert "No password was sent" in result


async def test_probe_command_refuses_private_targets(engine: Engine, certs: Certificates) -> None:
    api = start_fake_bot_api(FakeBotApi(TOKEN))
    settings = TelegramSettings(token=TOKEN, base_url=api.base_url, poll_timeout=1)
    application = build_application(settings, engine)  # restricted, as in production
    await application.initialize()
    await post_init(application)
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(timeout=1, poll_interval=0.0)
    try:
        api.push_message("/probe 127.0.0.1:25", user_id=42)
        await until(lambda: bool(api.sent("editMessageText")))
        assert "not a public address" in api.sent("editMessageText")[0].params["text"]
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()
        stop_fake_bot_api(api)


async def test_blocked_by_the_user_is_logged_not_answered(running: Running) -> None:
    api = running.api
    api.fail_next("sendMessage", 403, {"ok": False, "error_code": 403,
                                       "description": "Forbidden: bot was blocked by the user"})
    api.push_message("aol smtp", user_id=36)
    await until(lambda: bool(api.sent("sendMessage!403")))
    await asyncio.sleep(0.3)
    assert replies_to(api, 36) == []  # no apology to someone who blocked the bot
    api.push_message("gmail imap", user_id=37)
    await until(lambda: bool(replies_to(api, 37)))  # and the bot goes on


async def test_a_flooded_group_does_not_delay_a_private_chat(engine: Engine,
                                                             certs: Certificates) -> None:
    """Issue 10 item 2: 300 @mentions in one group (Telegram lets a bot post ~20 a minute
    there) must not take the slots a private question needs."""
    async with _running_bot(engine, certs) as bot:
        api = bot.api
        for i in range(300):
            api.push_message(f"@{BOT_USERNAME} qq smtp", user_id=500 + i, chat_id=GROUP - 7,
                             chat_type="supergroup",
                             entities=mention(f"@{BOT_USERNAME} qq smtp"))
        await until(lambda: len(replies_to(api, GROUP - 7)) >= 10, timeout=20)
        started = time.monotonic()
        api.push_message("qq smtp port", user_id=499)
        await until(lambda: bool(replies_to(api, 499)), timeout=10)
        took = time.monotonic() - started
        print(f"\n[measure] private question during a 300-mention group flood: {took:.2f} s")
        assert took < 2.0
