"""Follow-ups (issue 12): the topic store, reading a question as a follow-up, and the whole
conversation through the real python-telegram-bot loop and the fake Bot API."""

from __future__ import annotations

import pytest

from bot.conversation import MemoryTopicStore, Topic, continue_topic, topic_of
from bot.engine import Engine
from bot.models import Intent, Lang, Protocol
from tests.fake_bot_api import BOT_ID, BOT_USERNAME
from tests.test_telegram_bot import (
    GROUP,
    Running,
    buttons,
    mention,
    press,
    replies_to,
    until,
)

QQ_SMTP = Topic("qq-mail", None, (Protocol.SMTP,))


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_store_forgets_old_topics_and_keeps_its_size() -> None:
    clock = Clock()
    store = MemoryTopicStore(max_topics=2, max_age=60.0, clock=clock)
    store.put("a", QQ_SMTP)
    clock.now = 59.0
    assert store.get("a") == QQ_SMTP
    clock.now = 61.0
    assert store.get("a") is None  # too old
    store.put("a", QQ_SMTP)
    store.put("b", QQ_SMTP)
    store.get("a")  # used: "b" is now the least recently put
    store.put("c", QQ_SMTP)
    assert len(store) == 2 and store.get("a") == QQ_SMTP and store.get("c") == QQ_SMTP


@pytest.mark.parametrize(("follow_up", "lang", "protocol", "host"), [
    ("那imap呢", Lang.ZH, Protocol.IMAP, "imap.qq.com"),
    ("and for pop?", Lang.EN, Protocol.POP3, "pop.qq.com"),
    ("端口呢", Lang.ZH, Protocol.SMTP, "smtp.qq.com"),
])
def test_a_follow_up_continues_the_topic(engine: Engine, follow_up: str, lang: Lang,
                                         protocol: Protocol, host: str) -> None:
    topic = topic_of(engine.ask("qq smtp"))
    assert topic == QQ_SMTP
    answer = continue_topic(engine, engine.ask(follow_up), topic)
    assert answer.intent is Intent.SETTINGS and answer.lang is lang
    assert answer.asked_protocols == (protocol,) and answer.servers[0].host == host


@pytest.mark.parametrize("message", ["gmail imap", "好的谢谢", "thanks", "hello"])
def test_what_is_not_a_follow_up_is_answered_as_it_is(engine: Engine, message: str) -> None:
    alone = engine.ask(message)
    assert continue_topic(engine, alone, QQ_SMTP) == alone


def test_without_a_topic_the_bot_still_asks_which_provider(engine: Engine) -> None:
    assert continue_topic(engine, engine.ask("那imap呢"), None).intent is Intent.NEED_PROVIDER


async def test_private_follow_up_through_telegram(running: Running) -> None:
    api = running.api
    api.push_message("qq smtp", user_id=61)
    await until(lambda: len(replies_to(api, 61)) == 1)
    api.push_message("那imap呢", user_id=61)
    await until(lambda: len(replies_to(api, 61)) == 2)
    text = replies_to(api, 61)[1].params["text"]
    assert "imap.qq.com" in text and "993" in text and "收信" in text
    assert "中文" not in [b["text"] for b in buttons(replies_to(api, 61)[1])]  # already Chinese


async def test_a_reply_to_the_bot_in_a_group_continues_its_answer(running: Running) -> None:
    api = running.api
    chat = GROUP - 20
    text = f"@{BOT_USERNAME} qq smtp"
    api.push_message(text, user_id=62, chat_id=chat, chat_type="supergroup",
                     entities=mention(text))
    await until(lambda: len(replies_to(api, chat)) == 1)
    answer = replies_to(api, chat)[0]
    bot_message = {"message_id": answer.message_id, "date": 0, "text": "qq smtp answer",
                   "chat": {"id": chat, "type": "supergroup"},
                   "from": {"id": BOT_ID, "is_bot": True, "first_name": "Mailbot"}}
    # another member, who asked nothing before, replies to the bot's answer
    api.push_message("and for pop?", user_id=63, chat_id=chat, chat_type="supergroup",
                     reply_to=bot_message)
    await until(lambda: len(replies_to(api, chat)) == 2)
    follow_up = replies_to(api, chat)[1].params["text"]
    assert "pop.qq.com" in follow_up and "995" in follow_up


async def test_an_ambiguous_name_is_answered_by_pressing_a_candidate(running: Running) -> None:
    api = running.api
    api.push_message("outlok smtp", user_id=64)  # a typo: no reading of it dominates
    await until(lambda: len(replies_to(api, 64)) == 1)
    question = replies_to(api, 64)[0]
    labels = [b["text"] for b in buttons(question)]
    assert "Outlook.com (Hotmail, Live, MSN)" in labels
    press(api, question, "Outlook.com (Hotmail, Live, MSN)", user_id=64)
    await until(lambda: bool(api.sent("editMessageText")))
    edited = api.sent("editMessageText")[-1].params["text"]
    assert "smtp-mail.outlook.com" in edited and "smtp.office365.com" not in edited
    # the picked candidate is what the conversation is about now
    api.push_message("and imap?", user_id=64)
    await until(lambda: len(replies_to(api, 64)) == 2)
    assert "outlook.office365.com" in replies_to(api, 64)[1].params["text"]


async def test_the_usual_reading_is_answered_and_the_other_one_button_away(
        running: Running) -> None:
    api = running.api
    api.push_message("outlook smtp", user_id=66)
    await until(lambda: len(replies_to(api, 66)) == 1)
    answer = replies_to(api, 66)[0]
    assert "smtp-mail.outlook.com" in answer.params["text"]  # Outlook.com, not a question back
    label = "Microsoft 365 (Exchange Online, work or school)"
    assert label in [b["text"] for b in buttons(answer)]
    press(api, answer, label, user_id=66)
    await until(lambda: bool(api.sent("editMessageText")))
    edited = api.sent("editMessageText")[-1].params["text"]
    assert "smtp.office365.com" in edited and "smtp-mail.outlook.com" not in edited


async def test_group_thanks_get_no_reply_and_errors_link_to_private(running: Running) -> None:
    api = running.api
    chat = GROUP - 21
    text = f"@{BOT_USERNAME} 535 Login Fail. Please enter your authorization code to login"
    api.push_message(text, user_id=65, chat_id=chat, chat_type="supergroup",
                     entities=mention(text))
    await until(lambda: len(replies_to(api, chat)) == 1)
    answer = replies_to(api, chat)[0]
    urls = [b.get("url", "") for b in buttons(answer)]
    assert any(u.startswith(f"https://t.me/{BOT_USERNAME}?start=e_") for u in urls)
    bot_message = {"message_id": answer.message_id, "date": 0, "text": "an answer",
                   "chat": {"id": chat, "type": "supergroup"},
                   "from": {"id": BOT_ID, "is_bot": True, "first_name": "Mailbot"}}
    api.push_message("好的谢谢", user_id=65, chat_id=chat, chat_type="supergroup",
                     reply_to=bot_message)
    api.push_message("那imap呢", user_id=65, chat_id=chat, chat_type="supergroup",
                     reply_to=bot_message)
    await until(lambda: len(replies_to(api, chat)) == 2)
    assert "imap.qq.com" in replies_to(api, chat)[1].params["text"]  # the thanks: silence
    # the private link opens the error's whole explanation
    payload = next(u for u in urls if "start=" in u).split("start=")[1]
    api.push_message(f"/start {payload}", user_id=65)
    await until(lambda: bool(replies_to(api, 65)))
    assert "Before you start" in replies_to(api, 65)[0].params["text"] or "授权码" in (
        replies_to(api, 65)[0].params["text"])
