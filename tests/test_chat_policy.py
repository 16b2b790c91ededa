"""When the bot speaks in a chat and in which language, decided on plain values."""

from __future__ import annotations

import pytest

from bot.adapters.telegram_ui.chat_policy import (
    AUTO_ANSWER_CONFIDENCE,
    answers_addressed,
    answers_unaddressed,
    auto_answer_choice,
    interface_lang,
    lang_choice,
    lang_of_answer,
    may_change_group_settings,
)
from bot.engine import Engine
from bot.models import Answer, Intent, Lang, Question


def answer(intent: Intent, confidence: float) -> Answer:
    question = Question(raw="q", normalized="q", lang=Lang.EN)
    return Answer(question, intent, Lang.EN, confidence=confidence)


@pytest.mark.parametrize(("intent", "confidence", "auto_answer", "answered"), [
    (Intent.SETTINGS, 1.0, True, True),
    (Intent.ERROR, AUTO_ANSWER_CONFIDENCE, True, True),
    (Intent.SETTINGS, 1.0, False, False),  # auto-answer off: only when addressed
    (Intent.SETTINGS, AUTO_ANSWER_CONFIDENCE - 0.01, True, False),  # not sure enough
    (Intent.GENERAL, 1.0, True, False),  # not a setup question of someone's
    (Intent.OFF_TOPIC, 1.0, True, False),
    (Intent.AMBIGUOUS, 1.0, True, False),
    (Intent.UNKNOWN_PROVIDER, 1.0, True, False),
])
def test_unaddressed_group_messages(intent: Intent, confidence: float, auto_answer: bool,
                                    answered: bool) -> None:
    assert answers_unaddressed(answer(intent, confidence), auto_answer=auto_answer) is answered


def test_unaddressed_group_messages_from_the_engine(engine: Engine) -> None:
    assert answers_unaddressed(engine.ask("zhang@163.com smtp"), auto_answer=True)
    assert not answers_unaddressed(engine.ask("good morning everyone"), auto_answer=True)


@pytest.mark.parametrize(("chosen", "code", "lang"), [
    (None, "zh-hans", Lang.ZH), (None, "zh", Lang.ZH), (None, "en-GB", Lang.EN),
    (None, "de", Lang.EN), (None, None, Lang.EN), (None, "", Lang.EN),
    (Lang.EN, "zh-hans", Lang.EN), (Lang.ZH, "en", Lang.ZH),  # /lang wins
])
def test_interface_language(chosen: Lang | None, code: str | None, lang: Lang) -> None:
    assert interface_lang(chosen, code) is lang


@pytest.mark.parametrize(("argument", "lang"), [
    ("en", Lang.EN), ("ZH", Lang.ZH), ("zh", Lang.ZH), ("fr", None), ("", None),
    ("english", None),
])
def test_lang_command(argument: str, lang: Lang | None) -> None:
    assert lang_choice(argument) is lang


@pytest.mark.parametrize(("argument", "choice"), [
    ("on", True), ("OFF", False), ("off", False), ("yes", None), ("", None),
])
def test_autoanswer_command(argument: str, choice: bool | None) -> None:
    assert auto_answer_choice(argument) is choice


@pytest.mark.parametrize(("status", "allowed"), [
    ("creator", True), ("administrator", True), ("member", False), ("restricted", False),
    ("left", False), ("kicked", False),
])
def test_who_may_change_a_groups_settings(status: str, allowed: bool) -> None:
    assert may_change_group_settings(status) is allowed


def test_a_button_brings_the_language_of_the_answer_it_sits_under() -> None:
    assert lang_of_answer("QQ邮箱 发信服务器 smtp.qq.com 端口 465", Lang.EN) is Lang.ZH
    assert lang_of_answer("QQ Mail outgoing server smtp.qq.com port 465", Lang.EN) is Lang.EN


@pytest.mark.parametrize(("text", "answered"), [
    ("好的谢谢", False), ("ok thanks 👍", False), ("Thank you!", False), ("收到了，谢谢您", False),
    ("hello", True), ("你好", True), ("what can you do?", True),
])
def test_thanks_to_the_bot_get_no_canned_help(engine: Engine, text: str, answered: bool) -> None:
    assert answers_addressed(engine.ask(text), text) is answered


def test_thanks_with_a_question_are_answered(engine: Engine) -> None:
    assert answers_addressed(engine.ask("thanks! and gmail imap?"), "thanks! and gmail imap?")
