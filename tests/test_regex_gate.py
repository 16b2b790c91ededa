"""The regex gate and the start filter only skip work: they never change what matches."""

from __future__ import annotations

import re

import pytest

from bot.knowledge_base import KnowledgeBase
from bot.regex_gate import Gate, first_chars, needed_literals, with_start_filter
from bot.understanding import _KEYWORDS, normalize
from tests.real_messages import load_corpus

TEXTS = [normalize(case["message"]) for case in load_corpus()]


@pytest.mark.parametrize(("pattern", "needs"), [
    (r"createtransport\s*\(", ("createtransport",)),
    (r"535.{0,40}authenticat", ("authenticat",)),
    (r"授权码|密码", ("授权码", "密码")),
    (r"(?:foo)?bar", ("bar",)),  # an optional part is no need
    (r"(?:a|bb)c", None),  # one alternative needs nothing long enough
    (r"x?", None),
])
def test_needed_literals(pattern: str, needs: tuple[str, ...] | None) -> None:
    assert needed_literals(pattern) == needs


def test_first_chars() -> None:
    assert first_chars(r"\bport|端口") == frozenset("p端")
    assert first_chars(r"(?:x)?yz") == frozenset("xy")
    assert first_chars(r".abc") is None
    assert first_chars(r"a?") is None  # can match the empty string


def test_gate_finds_exactly_what_plain_searches_find(kb: KnowledgeBase) -> None:
    patterns = [p for entry in kb.troubleshooting.values() for p in entry.match]
    gate = Gate(patterns, kb.pattern_needs)
    compiled = [re.compile(p) for p in patterns]
    for text in TEXTS:
        plain = [(i, m.span()) for i, p in enumerate(compiled) for m in [p.search(text)] if m]
        assert [(i, m.span()) for i, m in gate.search(text)] == plain


def test_start_filter_keeps_every_match() -> None:
    plain = re.compile("|".join(f"(?P<{kind}>{p})" for kind, p in _KEYWORDS))
    filtered = re.compile(with_start_filter(plain.pattern))
    for text in TEXTS:
        assert ([(m.lastgroup, m.span()) for m in filtered.finditer(text)]
                == [(m.lastgroup, m.span()) for m in plain.finditer(text)])
    assert with_start_filter(r"(?i)abc|xyz").startswith("(?i)(?=")
