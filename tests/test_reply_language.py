"""The reply's language (issue 12): the person's own words decide; a bare address or a
pasted error or config with nothing around it falls back to their usual language (Telegram's
language_code); buttons keep the language of the answer they sit under."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.language import speaks_own_words
from bot.models import Lang
from tests.test_telegram_bot import Running, buttons, press, replies_to, until


@pytest.mark.parametrize(("message", "usual", "expected"), [
    ("535 Login Fail. Please enter your authorization code to login", Lang.ZH, Lang.ZH),
    ("535-5.7.8 Username and Password not accepted", Lang.ZH, Lang.ZH),
    ("zhang@163.com", Lang.ZH, Lang.ZH),
    ("spring.mail.host=smtp.qq.com\nspring.mail.port=587\nspring.mail.password=${PASS}",
     Lang.ZH, Lang.ZH),
    ("I get 535-5.7.8 Username and Password not accepted", Lang.ZH, Lang.EN),
    ("how do I fix 535 Login Fail?", Lang.ZH, Lang.EN),
    ("gmail imap", Lang.ZH, Lang.EN),
    ("QQ SMTP port?", Lang.ZH, Lang.EN),
    ("535 Login Fail 怎么办", Lang.EN, Lang.ZH),
    ("qq邮箱smtp", Lang.EN, Lang.ZH),
    ("zhang@163.com", Lang.EN, Lang.EN),
    ("zhang@163.com", None, Lang.EN),
])
def test_reply_language(engine: Engine, message: str, usual: Lang | None,
                        expected: Lang) -> None:
    answer = engine.ask(message, fallback_lang=usual)
    assert answer.lang is expected and answer.question.lang is expected


def test_a_forced_language_wins(engine: Engine) -> None:
    assert engine.ask("qq邮箱smtp", Lang.EN, fallback_lang=Lang.ZH).lang is Lang.EN


@pytest.mark.parametrize(("text", "pasted", "own"), [
    ("smtp.qq.com:465", False, False),
    ("<li@qq.com>", False, False),
    ("Connection refused", True, False),
    ("Connection refused, what now?", True, True),
    ("gmail imap", False, True),
])
def test_own_words(text: str, pasted: bool, own: bool) -> None:
    assert speaks_own_words(text, pasted=pasted) is own


async def test_a_pasted_english_error_is_answered_in_the_users_language(
        running: Running) -> None:
    api = running.api
    api.push_message("535 Login Fail. Please enter your authorization code to login",
                     user_id=71, language_code="zh-hans")
    await until(lambda: bool(replies_to(api, 71)))
    reply = replies_to(api, 71)[0]
    assert "授权码" in reply.params["text"] and "怎么改" in reply.params["text"]
    assert "English" in [b["text"] for b in buttons(reply)]  # the other language, offered


async def test_a_button_keeps_the_language_of_its_answer(running: Running) -> None:
    api = running.api
    api.push_message("gmail imap", user_id=72, language_code="zh-hans")
    await until(lambda: bool(replies_to(api, 72)))
    reply = replies_to(api, 72)[0]
    assert "Username" in reply.params["text"]
    press(api, reply, "Details", user_id=72)
    await until(lambda: bool(api.sent("editMessageText", lambda s: int(
        s.params["chat_id"]) == 72)))
    edited = api.sent("editMessageText", lambda s: int(s.params["chat_id"]) == 72)[-1]
    assert "Before you start" in edited.params["text"]
