"""A group's own answers (``/faq add TRIGGER = ANSWER``), matched before the knowledge base.

A message matches an entry when it contains the trigger, or nearly does: both are normalised
as the engine normalises questions (full-width to ASCII, case folded, Traditional Chinese to
Simplified), so a trigger written in either script or case matches both, and a typo or two
still matches (rapidfuzz's partial ratio, at least ``CUTOFF``). The best-scoring entry wins;
ties go to the longer trigger (the more specific one).
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from bot.state.records import FaqEntry
from bot.understanding import normalize

CUTOFF = 88.0  # partial ratio, 0-100: a typo in a ten-letter trigger still scores ~90
MIN_FUZZY_CHARS = 4  # a shorter trigger must appear exactly


def parse_faq_add(argument: str) -> tuple[str, str] | None:
    """``TRIGGER = ANSWER`` -> (trigger, answer); None without both halves."""
    trigger, equals, answer = argument.partition("=")
    if not equals or not trigger.strip() or not answer.strip():
        return None
    return trigger.strip(), answer.strip()


def matching_entry(entries: Sequence[FaqEntry], text: str) -> FaqEntry | None:
    """The group's entry ``text`` asks about, or None."""
    asked = normalize(text)
    best: tuple[float, int, FaqEntry] | None = None
    for entry in entries:
        trigger = normalize(entry.trigger)
        if not trigger:
            continue
        if trigger in asked:
            score = 100.0
        elif len(trigger) >= MIN_FUZZY_CHARS:
            # partial_ratio slides the shorter string along the longer: a question shorter
            # than the trigger must match the whole of it, not a piece.
            scorer = fuzz.partial_ratio if len(trigger) <= len(asked) else fuzz.ratio
            score = scorer(trigger, asked, processor=default_process, score_cutoff=CUTOFF)
        else:
            score = 0.0
        if score >= CUTOFF and (best is None or (score, len(trigger)) > best[:2]):
            best = (score, len(trigger), entry)
    return best[2] if best is not None else None
