"""Traditional and Simplified Chinese, through OpenCC.

Users in Taiwan and Hong Kong write 網易郵箱 and 伺服器 where the knowledge base says 网易邮箱
and 服务器. Understanding reads every message in Simplified (OpenCC's ``tw2sp``: characters and
Taiwanese phrasing), and a reply to a Traditional writer is turned back (``s2twp``).
Converters load on first use (about 10 ms) and convert a message in a few microseconds.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import opencc

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@cache
def _converter(config: str) -> opencc.OpenCC:
    import opencc  # its dictionaries load only when Chinese text arrives

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """``text`` with Traditional characters and Taiwanese phrases in Simplified form."""
    return _converter("tw2sp").convert(text) if CJK.search(text) else text


def has_traditional_characters(text: str) -> bool:
    """Whether ``text`` holds characters written only in Traditional script (網, 設, 連).
    Character by character (OpenCC's ``t2s``): ``tw2sp`` also rewrites Taiwanese phrasing,
    and would take a Simplified 配置文件 or 停用 for a Traditional writer's words."""
    return bool(CJK.search(text)) and _converter("t2s").convert(text) != text


def to_traditional(text: str) -> str:
    """``text`` in Traditional characters with Taiwanese phrasing (for a Traditional writer)."""
    return _converter("s2twp").convert(text) if CJK.search(text) else text
