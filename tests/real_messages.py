"""Score the engine on the corpus of real messages (tests/corpus/): shared by the table test
and the report script (``python benchmarks/real_messages.py``).

A message is answered right when the answer names the expected provider (when one is
expected) and includes every expected diagnosis code. Situation facts are counted apart, and
a client or environment only where the message itself names it (an issue filed in an app's
own repository often does not).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.answer_json import situation_to_json
from bot.engine import Engine

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
FIELDS = ("id", "source", "lang", "class", "message", "expect", "resolution")


@dataclass(frozen=True)
class Outcome:
    case: dict[str, Any]
    right: bool
    misses: tuple[str, ...]  # what was expected and not found
    facts_expected: int = 0
    facts_read: int = 0


def load_corpus() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    for path in sorted(CORPUS_DIR.glob("messages_*.yaml")):
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        for case in loaded:
            case["file"] = path.name
            cases.append(case)
    return cases


def judge(engine: Engine, case: dict[str, Any]) -> Outcome:
    answer = engine.ask(case["message"])
    expect = case.get("expect") or {}
    misses: list[str] = []
    wanted_provider = expect.get("provider")
    if wanted_provider and (answer.provider is None or answer.provider.id != wanted_provider):
        got = answer.provider.id if answer.provider else None
        misses.append(f"provider {wanted_provider} (got {got})")
    codes = {d.code.value for d in answer.diagnoses}
    for code in expect.get("diagnosis") or ():
        if code not in codes:
            misses.append(f"diagnosis {code} (got {sorted(codes)})")
    right = not misses
    situation = situation_to_json(answer.situation)
    expected = read = 0
    message = case["message"].casefold()
    for key, value in (expect.get("situation") or {}).items():
        got = situation.get(key)
        if key in ("client", "environment"):
            if str(value).casefold() not in message:
                continue
            ok = got is not None and _same_name(str(value), str(got))
        else:
            ok = str(got).casefold() == str(value).casefold()
        expected += 1
        read += ok
        if not ok:
            misses.append(f"situation.{key} {value} (got {got})")
    return Outcome(case, right, tuple(misses), expected, read)


def _same_name(expected: str, got: str) -> bool:
    """'alibaba cloud' matches 'alibaba cloud ecs'; 'spring' matches 'spring boot'."""
    expected, got = expected.casefold(), got.casefold()
    return expected in got or got in expected


def score(engine: Engine, cases: list[dict[str, Any]]) -> tuple[list[Outcome], str]:
    outcomes = [judge(engine, case) for case in cases]
    lines = [_share("overall", outcomes)]
    facts = sum(o.facts_expected for o in outcomes)
    read = sum(o.facts_read for o in outcomes)
    lines.append(f"{'situation facts read':<28} {read:>4}/{facts:<4} "
                 f"{100 * read / (facts or 1):5.1f}%")
    for group_key in ("class", "lang"):
        groups = Counter(o.case.get(group_key) for o in outcomes)
        for group in sorted(groups, key=str):
            lines.append(_share(f"{group_key} {group}",
                                [o for o in outcomes if o.case.get(group_key) == group]))
    return outcomes, "\n".join(lines)


def _share(label: str, outcomes: list[Outcome]) -> str:
    right = sum(o.right for o in outcomes)
    total = len(outcomes) or 1
    return f"{label:<28} {right:>4}/{len(outcomes):<4} {100 * right / total:5.1f}%"
