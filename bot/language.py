"""Which language a message is in: Chinese or English, decided in microseconds.

Kept apart from ``bot.understanding`` so that a command that only needs the reply language
(``mailbot probe``) does not build the understanding's patterns at start-up.
"""

from __future__ import annotations

import re

from bot.chinese_script import CJK
from bot.models import Lang

ANALYSED_CHARS = 4000  # the part of a message that is read (``bot.understanding``'s too)
_CJK_TYPING = re.compile(r"[\u3000-\u303f\uff01-\uff5e]")
# Pinyin that only a Chinese speaker would type: answer such a message in Chinese.
_PINYIN_HINTS = re.compile(
    r"\b(?:youxiang|duankou|fuwuqi|shouquanma|mima|shezhi|zenme|fasong|jieshou|wangyi)\b"
)


def detect_lang(text: str, raw: str = "") -> Lang:
    """Chinese for Chinese characters, CJK punctuation or full-width forms (a Chinese input
    method) and for pinyin that only a Chinese speaker types."""
    if (CJK.search(text) or _CJK_TYPING.search(raw[:ANALYSED_CHARS])
            or _PINYIN_HINTS.search(text)):
        return Lang.ZH
    return Lang.EN


# Words a person writes around a paste ("I get this", "how do I fix it?"); an error text or a
# config rarely holds them. A message in English without any of them, or a bare address,
# tells nothing about the person's own language.
_OWN_WORDS = re.compile(
    r"(?i)\b(?:i|i'm|im|my|me|we|our|how|what|why|which|where|help|does|should|trying|tried"
    r"|getting|anyone|please help|hi|hello)\b|\?\s*$")
_ADDRESS_ONLY = re.compile(
    r"^[\s<>\"'(),;]*(?:[\w.+-]+@)?[\w-]+(?:\.[\w-]+)+(?::\d+)?[\s<>\"'(),;.]*$")


def speaks_own_words(raw: str, *, pasted: bool) -> bool:
    """Whether ``raw`` shows the person's own language: Chinese, or English words of their
    own. Not a bare address, nor a ``pasted`` error or config with nothing around it."""
    head = raw[:ANALYSED_CHARS]
    if CJK.search(head) or _CJK_TYPING.search(head):
        return True
    if _ADDRESS_ONLY.match(head):
        return False
    return not pasted or bool(_OWN_WORDS.search(head))
