"""User-facing text in curated provider files says what the user must know, not where a fact
came from: provenance belongs in ``sources`` and ``disagreements`` (knowledge/README.md).

Table-driven over every note, login note, server note and enable step the bot shows verbatim.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from bot.knowledge_base import load_knowledge
from bot.models import Provider, Text
from tests.conftest import KNOWLEDGE

# Tell-tale phrases of provenance: which database, guide or page said what, and when.
PROVENANCE = re.compile(
    "|".join([
        r"ispdb", r"delta ?chat", r"fairemail", r"mailspring", r"mutt-wizard", r"k-9",
        r"\baosp\b", r"thunderbird's database", r"thunderbird for android", r"database",
        r"provider-db", r"according to", r"\bper the\b", r"\bper \w+'s\b", r"checked 20",
        r"\(checked", r"\bcomes? from\b", r"\bas in \w+'s\b",
        r"third[- ]party (guide|page|list|write-up|report|app|tool)",
        r"open-source", r"client databases?", r"\bsources?\b", r"\bnot confirmed\b",
        r"could not be read", r"come(s)? only from", r"taken from", r"write-up",
        r"news report", r"user reports", r"reportedly", r"encyclopedia",
        r"('s|same|help|settings) page (says|lists|names|gives)\b", r"\bread here\b",
        r"数据库", r"核对", r"第三方(资料|教程|指南|文章|报告|页面|工具|代码|列表)",
        r"资料称", r"来源", r"来自", r"服务商列表", r"据称", r"据.{0,12}(报告|反映)", r"百科",
        r"未经.{0,6}(确认|核实)", r"页面(称|列出|写明|给出)", r"开源",
    ]),
    re.IGNORECASE,
)

MUST_FLAG = [
    "Port 465 with SSL/TLS, as in Thunderbird's database.",
    "Delta Chat's provider database (checked 2026-01) says an app password is needed.",
    "According to the same article, the domain was sold.",
    "Username is the part before @free.fr (per the ISPDB).",
    "Taken from a third-party write-up quoting Kakao's FAQ.",
    "No source found lists a POP3 server.",
    "Delta Chat 提供商数据库（2026-01 核对）称，需先创建应用密码。",
    "这些设置只来自第三方指南。",
]
MUST_PASS = [
    "Turn on IMAP in the web settings first, then create an app password.",
    "If the login password is refused, use the authorization code shown in web mail.",
    "POP3 is not available; use IMAP.",
    "先在网页版设置中开启 IMAP，再生成授权码。",
    "Turn on third-party email access in Xfinity first.",
    "先在 Xfinity 中开启第三方邮件访问。",
    "目前的邮件程序通常能根据 @mailbox.org 地址自动识别这些设置。",
    "收信服务器名请查阅帮助页面或账户资料。",
    "If the page says IMAP/POP is not available for your account, ask your administrator.",
    "In ukr.net mail on the web, allow access for third-party programs over IMAP.",
]


def user_facing(provider: Provider) -> Iterator[tuple[str, Text]]:
    """Every piece of provider text the bot shows as advice, with its key path."""
    if provider.login.note is not None:
        yield "login.note", provider.login.note
    for index, server in enumerate(provider.servers):
        if server.note is not None:
            yield f"servers[{index}].note", server.note
    for index, note in enumerate(provider.notes):
        yield f"notes[{index}]", note.text
    if provider.enable is not None:
        for index, (en, zh) in enumerate(zip(provider.enable.en, provider.enable.zh,
                                             strict=True)):
            yield f"enable[{index}]", Text(en, zh)


def curated() -> list[Provider]:
    kb = load_knowledge(KNOWLEDGE, strict=True, use_cache=False)
    return [p for p in kb.providers.values() if not p.generated]


CURATED = curated()
TEXTS = [(p.id, path, text) for p in CURATED for path, text in user_facing(p)]


@pytest.mark.parametrize("sentence", MUST_FLAG)
def test_vocabulary_flags_provenance(sentence: str) -> None:
    assert PROVENANCE.search(sentence)


@pytest.mark.parametrize("sentence", MUST_PASS)
def test_vocabulary_passes_plain_advice(sentence: str) -> None:
    assert not PROVENANCE.search(sentence)


def test_table_covers_the_curated_knowledge() -> None:
    assert len(CURATED) > 100 and len(TEXTS) > 300


@pytest.mark.parametrize(("provider", "path", "text"), TEXTS,
                         ids=[f"{p}:{k}" for p, k, _ in TEXTS])
def test_user_facing_text_carries_no_provenance(provider: str, path: str, text: Text) -> None:
    for lang, value in (("en", text.en), ("zh", text.zh)):
        found = PROVENANCE.search(value)
        assert found is None, (
            f"{provider} {path}.{lang}: {found.group(0)!r} is provenance; move it to "
            f"sources/disagreements and say what the user must know: {value}")
