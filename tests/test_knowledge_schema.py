"""The schema is defined once, in bot/knowledge_schema.py (its vocabularies are bot.models'
enums); knowledge/README.md documents it by example and bot/rendering/phrases.py words it.
These tests hold the three together."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

import pytest
import yaml

from bot import knowledge_schema as schema
from bot.models import LoginMethod, Protocol, Security, Text, UsernameForm
from bot.rendering import phrases
from tests.conftest import KNOWLEDGE

README = (KNOWLEDGE / "README.md").read_text(encoding="utf-8")

# README heading (its start) -> the spec its example documents
DOCUMENTED = {
    "Provider file": schema.PROVIDER,
    "Troubleshooting file": schema.TROUBLESHOOTING,
    "General topic file": schema.TOPIC,
    "Client file": schema.CLIENT,
    "Environment file": schema.ENVIRONMENT,
}
# vocabularies documented elsewhere (the repository README lists the diagnosis codes)
DOCUMENTED_ELSEWHERE = {"diagnosis"}


def example(heading: str) -> tuple[str, Any]:
    """The YAML example under a README heading: its text and its parsed value."""
    section = next(s for s in re.split(r"(?m)^## ", README) if s.startswith(heading))
    found = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert found, f"README section {heading!r} has no yaml example"
    return found.group(1), yaml.safe_load(found.group(1))


def record_of(spec: schema.Spec) -> schema.Record:
    return spec.record if isinstance(spec, schema.Requires) else spec  # type: ignore[return-value]


def spec_keys(spec: schema.Spec) -> set[str]:
    """Every key name the spec allows, at any depth."""
    if isinstance(spec, schema.Requires):
        return spec_keys(spec.record)
    if isinstance(spec, schema.ListOf):
        return spec_keys(spec.item)
    if isinstance(spec, schema.BilingualSteps):
        return {"en", "zh", *spec.optional} | set().union(
            *(spec_keys(s) for s in spec.optional.values()))
    if isinstance(spec, schema.Record):
        fields = {**spec.required, **spec.optional}
        return set(fields) | set().union(*(spec_keys(s) for s in fields.values()))
    return set()


def example_keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | set().union(*(example_keys(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(example_keys(v) for v in value))
    return set()


def vocabularies(spec: schema.Spec, key: str = "") -> list[tuple[str, tuple[str, ...]]]:
    """(key, allowed values) of every closed vocabulary in the spec."""
    if isinstance(spec, schema.OneOf):
        return [(key, spec.choices)]
    if isinstance(spec, schema.Requires):
        return vocabularies(spec.record, key)
    if isinstance(spec, schema.ListOf):
        return vocabularies(spec.item, key)
    if isinstance(spec, schema.Record):
        fields = {**spec.required, **spec.optional}
        return [v for k, s in fields.items() for v in vocabularies(s, k)]
    return []


@pytest.mark.parametrize("heading", DOCUMENTED)
def test_readme_example_shows_every_top_level_key_and_no_other(heading: str) -> None:
    record = record_of(DOCUMENTED[heading])
    _, value = example(heading)
    assert set(value) == {*record.required, *record.optional}


def test_every_nested_key_is_documented_and_every_documented_key_allowed() -> None:
    allowed = set().union(*(spec_keys(spec) for spec in DOCUMENTED.values()))
    documented = set().union(*(example_keys(example(h)[1]) for h in DOCUMENTED))
    assert documented - allowed == set(), "README documents keys the schema rejects"
    assert allowed - documented == set(), "the schema allows keys README does not show"


def test_readme_lists_every_allowed_value() -> None:
    """Each vocabulary is spelled out once, in the first example that uses it."""
    words = set(re.findall(r"[a-z0-9][a-z0-9._-]*", "".join(example(h)[0] for h in DOCUMENTED)))
    for spec in DOCUMENTED.values():
        for key, choices in vocabularies(spec):
            if key not in DOCUMENTED_ELSEWHERE:
                assert set(choices) <= words, f"values of {key} missing from README"


@pytest.mark.parametrize(("enum", "spec"), [
    (Protocol, schema.PROTOCOL), (Security, schema.SECURITY), (UsernameForm, schema.USERNAME),
])
def test_schema_vocabularies_are_the_model_enums(enum: type[StrEnum], spec: schema.OneOf) -> None:
    assert spec.choices == tuple(member.value for member in enum)


@pytest.mark.parametrize(("enum", "words"), [
    (Protocol, phrases.PROTOCOL), (Security, phrases.SECURITY),
    (UsernameForm, phrases.USERNAME), (LoginMethod, phrases.LOGIN_METHOD),
])
def test_every_value_the_schema_allows_has_words(enum: type[StrEnum],
                                                 words: dict[Any, Text]) -> None:
    assert set(words) == set(enum)
