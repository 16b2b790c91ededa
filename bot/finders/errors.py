"""Pasted errors -> troubleshooting entries, by the entries' own regular expressions (lower
case, searched in the normalised text)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.knowledge_base import KnowledgeBase
from bot.models import TroubleshootingEntry
from bot.regex_gate import Gate


@dataclass(frozen=True, slots=True)
class ErrorHit:
    """An entry and how much of the text its patterns matched."""

    entry: TroubleshootingEntry
    patterns: int  # how many of its patterns matched
    matched_chars: int  # the length of their first matches, added up


class ErrorFinder:
    def __init__(self, kb: KnowledgeBase) -> None:
        # Every pattern of every entry behind one gate: a pattern runs only when the text
        # holds the literal it needs, so a message without errors costs substring tests.
        self._entries = list(kb.troubleshooting.values())
        self._owner = [entry for entry in self._entries for _ in entry.match]
        self._gate = Gate([p for e in self._entries for p in e.match], kb.pattern_needs)

    def find(self, text: str) -> list[ErrorHit]:
        """The entries whose patterns match ``text``, in knowledge-base order."""
        spans_of: dict[str, list[int]] = {}
        for index, hit in self._gate.search(text):
            spans_of.setdefault(self._owner[index].id, []).append(hit.end() - hit.start())
        return [ErrorHit(entry, len(spans_of[entry.id]), sum(spans_of[entry.id]))
                for entry in self._entries if entry.id in spans_of]
