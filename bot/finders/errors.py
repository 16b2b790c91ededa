"""Pasted errors -> troubleshooting entries: by the entries' own regular expressions (lower
case, searched in the normalised text), and where none matches, by similarity to the entries'
real examples, so an error the app truncated, re-wrapped or reworded is still recognised.

The similarity step compares only fragments that look like an error (a reply code, "error",
"exception", "failed", 失败 …) with only the examples that share several words with them (an
index of words), so it costs a few rapidfuzz comparisons, not hundreds.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.knowledge_base import KnowledgeBase
from bot.models import TroubleshootingEntry
from bot.regex_gate import Gate
from bot.understanding import normalize


@dataclass(frozen=True, slots=True)
class ErrorHit:
    """An entry and how much of the text its patterns matched."""

    entry: TroubleshootingEntry
    patterns: int  # how many of its patterns matched
    matched_chars: int  # the length of their first matches, added up
    similar: bool = False  # found by similarity to an example, not by a pattern


SIMILAR_SCORER = fuzz.partial_ratio
SIMILAR_CUTOFF = 90.0  # "535-5.7.8 username and password not acc…" scores 100 against its example
SIMILAR_MIN_CHARS = 24  # shorter fragments ("error: failed") look like everything
SIMILAR_SHARED_WORDS = 2
MAX_FRAGMENTS = 4
COMMON_WORD_EXAMPLES = 12
CANDIDATES_PER_FRAGMENT = 3  # the examples sharing the most words; each costs a comparison
FRAGMENT_CHARS = 120
EXAMPLE_CHARS = 240
_ERRORISH = re.compile(
    r"(?<![A-Za-z0-9_.])[2-5]\d\d[ -]|error|exception|fail|denied|refused|rejected|invalid|unable"
    r"|timed? ?out|失败|错误|异常|拒绝|超时")
_INDEX_WORD = re.compile(r"[a-z][a-z0-9_]{3,}|\d[\d.]{2,}|[\u4e00-\u9fff]{2,}")


class ErrorFinder:
    def __init__(self, kb: KnowledgeBase) -> None:
        # Every pattern of every entry behind one gate: a pattern runs only when the text
        # holds the literal it needs, so a message without errors costs substring tests.
        self._entries = list(kb.troubleshooting.values())
        self._owner = [entry for entry in self._entries for _ in entry.match]
        self._gate = Gate([p for e in self._entries for p in e.match], kb.pattern_needs)
        self._examples: list[tuple[TroubleshootingEntry, str]] = []
        self._example_text: dict[str, str] = {
            entry.id: " ".join(normalize(example) for example in entry.examples)
            for entry in self._entries}
        self._by_word: dict[str, list[int]] = {}
        for entry in self._entries:
            for example in entry.examples:
                text = normalize(example)[:EXAMPLE_CHARS]
                for word in set(_INDEX_WORD.findall(text)):
                    self._by_word.setdefault(word, []).append(len(self._examples))
                self._examples.append((entry, text))
        # Words in many examples ("error", "smtp", "535") tell little and cost most.
        self._by_word = {word: ids for word, ids in self._by_word.items()
                         if len(ids) <= COMMON_WORD_EXAMPLES}

    def find(self, text: str) -> list[ErrorHit]:
        """The entries whose patterns match ``text``, in knowledge-base order."""
        spans_of: dict[str, list[int]] = {}
        for index, hit in self._gate.search(text):
            spans_of.setdefault(self._owner[index].id, []).append(hit.end() - hit.start())
        return [ErrorHit(entry, len(spans_of[entry.id]), sum(spans_of[entry.id]))
                for entry in self._entries if entry.id in spans_of]

    def examples_text(self, entry: TroubleshootingEntry) -> str:
        """The entry's examples, normalised and joined: the words of the error itself."""
        return self._example_text[entry.id]

    def find_similar(self, text: str) -> list[ErrorHit]:
        """Entries one of whose examples an error-like fragment of ``text`` closely matches."""
        best: dict[str, ErrorHit] = {}
        for fragment in _fragments(text):
            shared = Counter(i for word in set(_INDEX_WORD.findall(fragment))
                             for i in self._by_word.get(word, ()))
            for index, count in shared.most_common(CANDIDATES_PER_FRAGMENT):
                if count < SIMILAR_SHARED_WORDS:
                    break
                entry, example = self._examples[index]
                if entry.id in best:
                    continue
                if SIMILAR_SCORER(fragment, example) >= SIMILAR_CUTOFF:
                    best[entry.id] = ErrorHit(entry, 1, len(fragment), similar=True)
        return list(best.values())


def _fragments(text: str) -> list[str]:
    """Up to MAX_FRAGMENTS pieces of ``text`` that start where an error seems to (at a reply
    code, "error", "failed" …): an example is compared from its own start, so a fragment must
    not carry the words before the error."""
    found: list[str] = []
    for hit in _ERRORISH.finditer(text):
        fragment = text[hit.start():hit.start() + FRAGMENT_CHARS].strip()
        if len(fragment) >= SIMILAR_MIN_CHARS and fragment not in found:
            found.append(fragment)
            if len(found) == MAX_FRAGMENTS:
                break
    return found
