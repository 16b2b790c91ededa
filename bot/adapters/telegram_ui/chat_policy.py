"""When the bot speaks in a chat, and in which language: the decisions, as pure functions.

The handlers read Telegram's update, ask these, and act. Nothing here knows Telegram's
types, so each decision is tested on plain values (tests/test_chat_policy.py).
"""

from __future__ import annotations

import re

from bot.language import detect_lang
from bot.models import Answer, Intent, Lang
from bot.understanding import normalize

# An unaddressed group message is answered (auto-answer on) only for these, this sure:
# a wrong answer nobody asked for is worse than silence.
AUTO_ANSWER_CONFIDENCE = 0.85
AUTO_ANSWER_INTENTS = frozenset({Intent.SETTINGS, Intent.ERROR})
# Telegram's ChatMember statuses of those who may change a group's settings.
GROUP_ADMIN_STATUSES = frozenset({"administrator", "creator"})
AUTO_ANSWER_CHOICES = {"on": True, "off": False}
# What people write to close a question; matched whole, after punctuation and emoji go.
_ACK = (r"ok|okay|k|thanks|thank you|thank u|thx|ty|cheers|got it|great|cool|nice|perfect"
        r"|works|it works|solved|done|好的|好|(?:谢谢|多谢|感谢)(?:你|您)?|谢了|收到|明白|了解"
        r"|懂了|嗯|行|可以了|搞定|解决了|成功了|好了|了|啦|哈|呀|啊")
_ACKNOWLEDGEMENT = re.compile(rf"(?:(?:{_ACK})\s*)+")
_NOTHING_FOUND = frozenset({Intent.OFF_TOPIC, Intent.EMPTY, Intent.NEED_PROVIDER})
_NOT_WORDS = re.compile(r"[^\w\s]+")


def answers_unaddressed(answer: Answer, *, auto_answer: bool) -> bool:
    """Whether a group message that neither mentions nor replies to the bot gets ``answer``."""
    return (auto_answer and answer.confidence >= AUTO_ANSWER_CONFIDENCE
            and answer.intent in AUTO_ANSWER_INTENTS)


def answers_addressed(answer: Answer, text: str) -> bool:
    """Whether a group message addressed to the bot (a mention, a reply) gets ``answer``: not
    when it only thanks or acknowledges ("好的谢谢", "ok thanks"), which the examples of
    how to ask would answer with noise."""
    return not (answer.intent in _NOTHING_FOUND and is_acknowledgement(text))


def is_acknowledgement(text: str) -> bool:
    """"thanks", "ok got it 👍", "好的谢谢", "收到了": nothing is asked."""
    words = _NOT_WORDS.sub(" ", normalize(text)).strip()
    return bool(words) and _ACKNOWLEDGEMENT.fullmatch(words) is not None


def interface_lang(chosen: Lang | None, telegram_language_code: str | None) -> Lang:
    """The language for the bot's own words: the chat's /lang, else the user's Telegram
    language (Chinese for any zh-*), else English."""
    if chosen is not None:
        return chosen
    return Lang.ZH if (telegram_language_code or "").startswith("zh") else Lang.EN


def lang_choice(argument: str) -> Lang | None:
    """``/lang <argument>``: the language chosen, or None for anything else."""
    return {lang.value: lang for lang in Lang}.get(argument.strip().lower())


def auto_answer_choice(argument: str) -> bool | None:
    """``/autoanswer <argument>``: on, off, or None for anything else."""
    return AUTO_ANSWER_CHOICES.get(argument.strip().lower())


def may_change_group_settings(member_status: str) -> bool:
    return member_status in GROUP_ADMIN_STATUSES


def lang_of_answer(answer_text: str, fallback: Lang) -> Lang:
    """The language of the answer a button sits under, so what the button brings matches."""
    return Lang.ZH if detect_lang(normalize(answer_text), answer_text) is Lang.ZH else fallback
