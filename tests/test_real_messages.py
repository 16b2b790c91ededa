"""The corpus of real messages (tests/corpus/): every one is answered without a crash and
without repeating a secret, and the share answered right does not fall below the figure
measured when this floor was last raised (``python benchmarks/real_messages.py`` prints it
per class)."""

from __future__ import annotations

import pytest

from bot.answer_json import answer_to_json
from bot.engine import Engine
from bot.models import DiagnosisCode
from bot.redaction import redact
from tests.real_messages import FIELDS, load_corpus, score

# Raise these as the engine gets better; never lower them to make a change pass.
FLOOR_OVERALL = 0.62
FLOOR_SITUATION_FACTS = 0.63
CLASSES = {"tls-port", "port-25", "pasted-error", "pasted-config", "settings-question",
           "enterprise"}
CASES = load_corpus()


def test_corpus_is_well_formed(engine: Engine) -> None:
    assert len(CASES) >= 200
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids)), "ids must be unique"
    codes = {code.value for code in DiagnosisCode}
    for case in CASES:
        assert set(FIELDS) <= set(case), case["id"]
        assert case["source"].startswith("https://"), case["id"]
        assert case["lang"] in ("en", "zh") and case["class"] in CLASSES, case["id"]
        expect = case["expect"] or {}
        assert set(expect.get("diagnosis") or ()) <= codes, case["id"]
        provider = expect.get("provider")
        assert provider is None or provider in engine.kb.providers, case["id"]
    languages = [case["lang"] for case in CASES]
    assert min(languages.count("en"), languages.count("zh")) >= 0.4 * len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_answered_without_echoing_a_secret(engine: Engine, case: dict[str, object]) -> None:
    data = answer_to_json(engine.ask(str(case["message"])))
    assert data["text"]
    for diagnosis in data["diagnosis"]:
        quote = diagnosis["quote"]
        assert quote is None or redact(quote) == quote


def test_share_answered_right(engine: Engine) -> None:
    outcomes, report = score(engine, CASES)
    print("\n" + report)
    right = sum(o.right for o in outcomes) / len(outcomes)
    facts = sum(o.facts_read for o in outcomes) / max(1, sum(o.facts_expected for o in outcomes))
    assert right >= FLOOR_OVERALL, report
    assert facts >= FLOOR_SITUATION_FACTS, report
