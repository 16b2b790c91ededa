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
