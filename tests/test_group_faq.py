"""A group's own entries: what matches a trigger and what does not."""

from __future__ import annotations

import pytest

from bot.group_faq import matching_entry, parse_faq_add
from bot.state.records import FaqEntry

ENTRIES = [FaqEntry(1, "company mail", "Exmail"), FaqEntry(2, "公司邮箱", "腾讯企业邮"),
           FaqEntry(3, "vpn", "Use the office VPN"),
           FaqEntry(4, "company mail password", "Reset it at id.acme.cn")]


@pytest.mark.parametrize(("text", "number"), [
    ("how do I set up company mail?", 1),
    ("COMPANY MAIL settings", 1),
    ("compnay mail on my phone", 1),  # a typo
    ("公司邮箱怎么设置", 2),
    ("公司郵箱怎麼設置", 2),  # Traditional script
    ("ｃｏｍｐａｎｙ ｍａｉｌ", 1),  # full-width
    ("vpn down?", 3),
    ("forgot my company mail password", 4),  # the more specific trigger wins
])
def test_matches(text: str, number: int) -> None:
    entry = matching_entry(ENTRIES, text)
    assert entry is not None and entry.number == number


@pytest.mark.parametrize("text", [
    "qq smtp port", "my mail client fails", "公司电话", "vp", "open a company account"])
def test_does_not_match(text: str) -> None:
    assert matching_entry(ENTRIES, text) is None


@pytest.mark.parametrize(("argument", "parsed"), [
    ("company mail = Exmail", ("company mail", "Exmail")),
    ("a = b = c", ("a", "b = c")),
    ("no equals", None), ("= answer only", None), ("trigger only =", None), ("", None)])
def test_parse_faq_add(argument: str, parsed: tuple[str, str] | None) -> None:
    assert parse_faq_add(argument) == parsed
