"""Skip regular expressions that cannot match, by the literal text each one needs.

Python's ``re`` finds a literal prefix fast but walks an alternation of a hundred patterns at
every position of the text: on a 2 KB message each such pass costs 100-300 µs. Most patterns
need some plain text to match at all ("dt:spm", "createtransport", "授权码"); a substring test
for it costs well under a microsecond. A gate learns, once, which literals each pattern needs
(from the pattern's parse tree) and then runs only the patterns whose literals occur.

A pattern whose needs cannot be told (it can match with no fixed text) always runs, so the
gate never changes a result, only skips work.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

try:  # the parser behind re.compile; private, so the gate degrades to "always run" without it
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - other Python versions
    _parser = None
    _c = None

MIN_LITERAL = 2  # shorter needs ("a", "5") occur in nearly every text: not worth a test


def needed_literals(pattern: str) -> tuple[str, ...] | None:
    """Strings of which at least one occurs in any text ``pattern`` matches (lower case
    patterns, searched in lower-case text), or None when that cannot be told."""
    if _parser is None:
        return None
    try:
        parsed = _parser.parse(pattern)
    except (re.error, RecursionError):
        return None
    return _needs(list(parsed))


def _needs(items: list[tuple[Any, Any]]) -> tuple[str, ...] | None:
    """The best need of a sequence: its longest run of literals, or a branch's needs."""
    best: tuple[str, ...] | None = None
    run: list[str] = []

    def consider(candidate: tuple[str, ...] | None) -> None:
        nonlocal best
        if candidate and (best is None or min(map(len, candidate)) > min(map(len, best))):
            best = candidate

    for op, value in items:
        if op is _c.LITERAL:
            run.append(chr(value))
            continue
        if len(run) >= MIN_LITERAL:
            consider(("".join(run),))
        run = []
        if op is _c.SUBPATTERN:
            consider(_needs(list(value[-1])))
        elif op is _c.BRANCH:
            consider(_branch_needs(value[1]))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and value[0] >= 1:
            consider(_needs(list(value[2])))
    if len(run) >= MIN_LITERAL:
        consider(("".join(run),))
    return best


def _branch_needs(branches: Sequence[Any]) -> tuple[str, ...] | None:
    needs: list[str] = []
    for branch in branches:
        found = _needs(list(branch))
        if found is None:
            return None  # one alternative needs nothing fixed: the branch needs nothing
        needs.extend(found)
    return tuple(dict.fromkeys(needs))


class Gate:
    """Patterns and the literals each needs; a pattern is compiled when a text first has what
    it needs (compiling two hundred at start-up would cost a one-shot command ~40 ms)."""

    def __init__(self, patterns: Sequence[str],
                 known_needs: Mapping[str, tuple[str, ...] | None] | None = None) -> None:
        self._sources = list(patterns)
        self._compiled: list[re.Pattern[str] | None] = [None] * len(self._sources)
        known = known_needs or {}
        self._needs = [known[p] if p in known else needed_literals(p) for p in self._sources]
        # Patterns share needs ("535", "smtp"): each distinct one is looked for once per text,
        # and leads to the patterns that need it.
        self._by_need: dict[str, list[int]] = {}
        self._always: list[int] = []
        for index, needs in enumerate(self._needs):
            if needs is None:
                self._always.append(index)
            for need in needs or ():
                self._by_need.setdefault(need, []).append(index)

    def search(self, text: str) -> Iterator[tuple[int, re.Match[str]]]:
        """Each pattern's first match in ``text``, in pattern order, with its index."""
        candidates = set(self._always)
        for need, indexes in self._by_need.items():
            if need in text:
                candidates.update(indexes)
        for index in sorted(candidates):
            compiled = self._compiled[index]
            if compiled is None:
                compiled = self._compiled[index] = re.compile(self._sources[index])
            found = compiled.search(text)
            if found is not None:
                yield index, found


def first_chars(pattern: str) -> frozenset[str] | None:
    """The characters a match of ``pattern`` can start with, or None when any can."""
    if _parser is None:
        return None
    try:
        return _first(list(_parser.parse(pattern)))
    except (re.error, RecursionError):
        return None


def _first(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    chars: set[str] = set()
    for op, value in items:
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue  # \b, lookarounds: consume nothing
        if op is _c.LITERAL:
            return frozenset(chars | {chr(value)})
        if op is _c.IN:
            found = _class_chars(value)
            return None if found is None else frozenset(chars | found)
        if op is _c.SUBPATTERN:
            inner = _first(list(value[-1]))
            return None if inner is None else frozenset(chars | inner)
        if op is _c.BRANCH:
            union: set[str] = set(chars)
            for branch in value[1]:
                inner = _first(list(branch))
                if inner is None:
                    return None
                union |= inner
            return frozenset(union)
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            inner = _first(list(value[2]))
            if inner is None:
                return None
            chars |= inner
            if value[0] >= 1:
                return frozenset(chars)
            continue  # optional: what follows may start the match too
        return None
    return None  # the pattern can match the empty string


def _class_chars(items: list[tuple[Any, Any]]) -> set[str] | None:
    found: set[str] = set()
    for op, value in items:
        if op is _c.LITERAL:
            found.add(chr(value))
        elif op is _c.RANGE and value[1] - value[0] < 256:
            found.update(chr(c) for c in range(value[0], value[1] + 1))
        else:
            return None
    return found


def with_start_filter(pattern: str) -> str:
    """``pattern`` behind a lookahead of the characters it can start with: the engine then
    rejects most positions after one test instead of trying every alternative there."""
    flags = re.match(r"\(\?[aiLmsux]+\)", pattern)  # global flags must stay in front
    lead, body = (flags.group(0), pattern[flags.end():]) if flags else ("", pattern)
    starts = first_chars(pattern)
    if not starts:
        return pattern
    return f"{lead}(?=[{''.join(re.escape(c) for c in sorted(starts))}])(?:{body})"


def phrase_pattern(phrases: Sequence[str]) -> re.Pattern[str] | None:
    """One pattern finding any of ``phrases`` (longest first), as whole words where they are
    Latin; None for no phrases."""
    if not phrases:
        return None
    parts = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        escaped = re.escape(phrase)
        # Latin words end at Latin letters only: "用nodemailer发信" names nodemailer.
        bounded = rf"(?<![A-Za-z0-9_.\-]){escaped}(?![A-Za-z0-9_\-])"
        parts.append(bounded if phrase.isascii() else escaped)
    return re.compile(with_start_filter("|".join(parts)))


def ascii_words(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` with \\b, \\w, \\d and \\s meaning ASCII only: in Python a Chinese character
    is a word character, so without this "用nodemailer" has no word boundary before "n"."""
    source = pattern.pattern
    flags = re.match(r"\(\?([aiLmsux]+)\)", source)
    if flags:
        source = f"(?a{flags.group(1).replace('a', '')})" + source[flags.end():]
    else:
        source = "(?a)" + source
    return re.compile(source, pattern.flags & ~re.UNICODE)
