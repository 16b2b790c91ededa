"""The shape of the first reply (issue 12), over the questions of tests/answer_shape_cases.py:
what the first line holds, how long the reply is in the CLI, the JSON and Telegram, that no
step is said twice, and the language and script it is written in."""

from __future__ import annotations

import html
import io
import json
import re

import pytest

from bot.adapters.ask_command import ask_lines
from bot.adapters.telegram_ui.replies import answer_reply
from bot.chinese_script import has_traditional_characters
from bot.engine import Engine
from bot.models import Intent, Lang
from bot.rendering.card_builder import build_card
from bot.rendering.plain_text import render_plain
from bot.rendering.short_card import ERROR_LIMIT, GROUP_LIMIT, OTHER_LIMIT, SETTINGS_LIMIT
from tests.answer_shape_cases import CASES, ShapeCase

LIMITS = {"settings": SETTINGS_LIMIT, "error": ERROR_LIMIT, "other": OTHER_LIMIT}
INTENTS = {"settings": {Intent.SETTINGS}, "error": {Intent.ERROR}}
IDS = [case.message[:40] for case in CASES]


def cli_text(engine: Engine, message: str, *, as_json: bool = False) -> str:
    out = io.StringIO()
    ask_lines(engine, [(message, False)], out, as_json=as_json, lang=None)
    return out.getvalue().rstrip("\n")


def visible(telegram_html: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", telegram_html))


def test_the_table_is_big_enough_and_in_both_languages() -> None:
    assert len(CASES) >= 60
    assert sum(c.lang == "en" for c in CASES) >= 25
    assert sum(c.lang.startswith("zh") for c in CASES) >= 25


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_first_reply_shape(engine: Engine, case: ShapeCase) -> None:
    answer = engine.ask(case.message)
    if case.kind in INTENTS:
        assert answer.intent in INTENTS[case.kind]
    text = cli_text(engine, case.message)
    limit = LIMITS[case.kind]
    assert len(text) <= limit, text
    data = json.loads(cli_text(engine, case.message, as_json=True))
    assert data["text"] == text
    private = visible(answer_reply(answer, group=False, bot_username="b_bot").messages[0])
    group = visible(answer_reply(answer, group=True, bot_username="b_bot").messages[0])
    assert len(private) <= limit and len(group) <= GROUP_LIMIT, (private, group)
    first_line = text.splitlines()[0]
    for wanted in case.first_line:
        assert wanted in first_line
    lines = [line.strip(" -•0123456789.") for line in text.splitlines() if line.strip()]
    assert len(lines) == len(set(lines)), "a line is said twice"
    expected = Lang.EN if case.lang == "en" else Lang.ZH
    assert answer.lang is expected and data["lang"] == expected.value
    if expected is Lang.ZH:
        assert has_traditional_characters(text) is (case.lang == "zh-hant")


@pytest.mark.parametrize("case", [c for c in CASES if c.first_line], ids=lambda c: c.message)
def test_first_line_facts_come_from_the_knowledge_base(engine: Engine, case: ShapeCase) -> None:
    """What the table expects on the first line is the answered provider's own data."""
    answer = engine.ask(case.message)
    provider = answer.provider
    assert provider is not None
    facts = " ".join(f"{s.host} {s.port}" for s in provider.servers) + " ".join(provider.domains)
    assert all(wanted in facts for wanted in case.first_line)


def test_json_keeps_every_server_though_the_text_is_short(engine: Engine) -> None:
    data = json.loads(cli_text(engine, "QQ SMTP port?", as_json=True))
    answer = engine.ask("QQ SMTP port?")
    assert len(data["servers"]) == len(answer.servers) >= 2
    assert "Before you start" not in data["text"]


def test_unverified_is_said_of_the_one_port_it_concerns(engine: Engine) -> None:
    text = cli_text(engine, "QQ SMTP port?")
    first, *rest = text.splitlines()
    assert "465 (SSL/TLS)" in first and "unverified" not in first
    assert any("587 (STARTTLS) (unverified)" in line for line in rest)


def test_full_reply_holds_what_the_short_one_leaves_off(engine: Engine) -> None:
    answer = engine.ask("QQ SMTP port?")
    full = render_plain(build_card(answer, full=True))
    assert "Before you start" in full and "imap.qq.com" in full and "Sources differ" in full
    assert "--full" in cli_text(engine, "QQ SMTP port?")


def test_error_reply_gives_each_step_once(engine: Engine) -> None:
    text = cli_text(engine, "535 Login Fail. Please enter your authorization code to login")
    assert "Before you start" not in text and "1. " in text
    steps = [line for line in text.splitlines() if re.match(r"\s+\d\. ", line)]
    assert len(steps) == len(set(steps)) >= 2
