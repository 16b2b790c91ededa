"""When the bot speaks in a chat, and in which language: the decisions, as pure functions.

The handlers read Telegram's update, ask these, and act. Nothing here knows Telegram's
types, so each decision is tested on plain values (tests/test_chat_policy.py).
"""

from __future__ import annotations

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


def answers_unaddressed(answer: Answer, *, auto_answer: bool) -> bool:
    """Whether a group message that neither mentions nor replies to the bot gets ``answer``."""
    return (auto_answer and answer.confidence >= AUTO_ANSWER_CONFIDENCE
            and answer.intent in AUTO_ANSWER_INTENTS)


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
