"""A strict, declarative check of the YAML shapes in knowledge/ (see knowledge/README.md).

Hand-written rather than pydantic: it costs nothing at import, and every problem names its
key path (``servers[2].port``) so the loader can point at the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from bot.models import (
    DiagnosisCode,
    EnvironmentKind,
    Intent,
    LoginMethod,
    OptionEffect,
    Protocol,
    ProviderKind,
    ProviderStatus,
    Security,
    SourceKind,
    ToolKind,
    UsernameForm,
)

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    path: KeyPath
    message: str


def format_path(path: KeyPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "(top level)"


class Spec:
    """One expected shape; ``check`` returns the problems found at ``path``."""

    def check(self, value: Any, path: KeyPath) -> list[Problem]:
        raise NotImplementedError


@dataclass(frozen=True)
class Str(Spec):
    pattern: str | None = None
    what: str = "text"
    max_len: int = 2000

    def check(self, value: Any, path: KeyPath) -> list[Problem]:
        if not isinstance(value, str):
            return [Problem(path, f"expected {self.what}, got {type_name(value)}")]
        if not value.strip():
            return [Problem(path, "must not be empty")]
        if len(value) > self.max_len:
            return [Problem(path, f"longer than {self.max_len} characters")]
        if self.pattern is not None and not re.fullmatch(self.pattern, value):
            return [Problem(path, f"{value!r} is not a valid {self.what}")]
        return []


@dataclass(frozen=True)
class Regex(Spec):
    """A pattern searched in normalised (case-folded) text, so it must be lower case: matching
    without re.IGNORECASE is three times faster."""

    def check(self, value: Any, path: KeyPath) -> list[Problem]:
        if not isinstance(value, str) or not value:
            return [Problem(path, f"expected a regular expression, got {type_name(value)}")]
        try:
            re.compile(value)
        except re.error as exc:
            return [Problem(path, f"invalid regular expression: {exc}")]
        if re.search(r"(?<!\\)[A-Z]", value):
            return [Problem(path, "must be lower case (it is matched against normalised text)")]
        return []


@dataclass(frozen=True)
class Int(Spec):
    low: int
    high: int

    def check(self, value: Any, path: KeyPath) -> list[Problem]:
        if isinstance(value, bool) or not isinstance(value, int):
            return [Problem(path, f"expected a whole number, got {type_name(value)}")]
        if not self.low <= value <= self.high:
            return [Problem(path, f"{value} is outside {self.low}..{self.high}")]
        return []


@dataclass(frozen=True)
class Bool(Spec):
    def check(self, value: Any, path: KeyPath) -> list[Problem]:
        if not isinstance(value, bool):
            return [Problem(path, f"expected true or false, got {type_name(value)}")]
        return []


@dataclass(frozen=True)
class OneOf(Spec):
    choices: tuple[str, ...]

    @classmethod
    def of(cls, enum: type[StrEnum]) -> OneOf:
        """The values of one of bot.models' enums: the vocabulary is defined once, there."""
        return cls(tuple(member.value for member in enum))

    def check(self, value: Any, path: KeyPath) -> list[Problem]:
        if value not in self.choices:
            return [Problem(path, f"{value!r} is not one of: {', '.join(self.choices)}")]
        return []


@dataclass(frozen=True)
class IsoDate(Spec):
    """YAML turns 2024-09-16 into a date; a quoted string in the same form is fine too."""

    month_ok: bool = False  # also YYYY-MM (a source's own "last checked" month)

    def check(self, value: Any, path: KeyPath) -> list[Problem]:
        text = value.isoformat() if hasattr(value, "isoformat") else value
        form = r"\d{4}-\d{2}(-\d{2})?" if self.month_ok else r"\d{4}-\d{2}-\d{2}"
        if not isinstance(text, str) or not re.fullmatch(form, text):
            return [Problem(path, f"expected a date YYYY-MM-DD, got {value!r}")]
        return []


@dataclass(frozen=True)
class ListOf(Spec):
    item: Spec
    min_len: int = 0
    unique: bool = False

    def check(self, value: Any, path: KeyPath) -> list[Problem]:
        if not isinstance(value, list):
            return [Problem(path, f"expected a list, got {type_name(value)}")]
        if len(value) < self.min_len:
            return [Problem(path, f"needs at least {self.min_len} item(s)")]
        problems: list[Problem] = []
        seen: set[Any] = set()
        for index, item in enumerate(value):
            problems.extend(self.item.check(item, (*path, index)))
            if self.unique and isinstance(item, str):
                if item.lower() in seen:
                    problems.append(Problem((*path, index), f"{item!r} is listed twice"))
                seen.add(item.lower())
        return problems


@dataclass(frozen=True)
class Record(Spec):
    required: Mapping[str, Spec]
    optional: Mapping[str, Spec] = field(default_factory=dict)

    def check(self, value: Any, path: KeyPath) -> list[Problem]:
        if not isinstance(value, dict):
            return [Problem(path, f"expected a mapping, got {type_name(value)}")]
        problems: list[Problem] = []
        for key in value:
            if key not in self.required and key not in self.optional:
                allowed = ", ".join([*self.required, *self.optional])
                problems.append(Problem((*path, str(key)), f"unknown key (allowed: {allowed})"))
        for key, spec in self.required.items():
            if key not in value:
                problems.append(Problem((*path, key), "missing"))
            else:
                problems.extend(spec.check(value[key], (*path, key)))
        for key, spec in self.optional.items():
            if key in value:
                problems.extend(spec.check(value[key], (*path, key)))
        return problems


@dataclass(frozen=True)
class BilingualSteps(Spec):
    """``{en: [...], zh: [...]}`` with as many steps in each; ``optional`` adds keys (flags)."""

    optional: Mapping[str, Spec] = field(default_factory=dict)

    def check(self, value: Any, path: KeyPath) -> list[Problem]:
        steps = ListOf(Str(), min_len=1)
        problems = Record({"en": steps, "zh": steps}, self.optional).check(value, path)
        if not problems and len(value["en"]) != len(value["zh"]):
            problems.append(Problem(path, "en and zh must have the same number of steps"))
        return problems


@dataclass(frozen=True)
class Requires(Spec):
    """A record in which one key's value makes another key mandatory."""

    record: Record
    when: tuple[str, str]  # (key, value)
    then: str  # the key that must then be present
    why: str

    def check(self, value: Any, path: KeyPath) -> list[Problem]:
        problems = self.record.check(value, path)
        key, expected = self.when
        if isinstance(value, dict) and value.get(key) == expected and self.then not in value:
            problems.append(Problem((*path, self.then), f"missing: {self.why}"))
        return problems


def type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    return {str: "text", int: "a number", float: "a number", bool: "true/false",
            list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__)


ID_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"  # also what Telegram buttons and links may carry
ID = Str(pattern=ID_PATTERN, what="id (lower case, digits, hyphens)")
HOST = Str(pattern=r"(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9-]{1,63}",
           what="lower-case host name")
DOMAIN = Str(pattern=r"([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}",
             what="lower-case domain")
MX_PATTERN = Str(pattern=r"(\*\.)?([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}",
                 what="MX pattern (host or *.suffix)")
URL = Str(pattern=r"https?://\S+", what="http(s) URL")
TEXT = Record({"en": Str(), "zh": Str()})
PROTOCOL = OneOf.of(Protocol)
USERNAME = OneOf.of(UsernameForm)
SECURITY = OneOf.of(Security)

SOURCE = Record({
    "url": URL,
    "kind": OneOf.of(SourceKind),
    "checked": IsoDate(),
    "covers": Str(),
}, {
    # the servers ("host:port") this source states ([]: none, e.g. a host name without a
    # port); without the key, those whose host `covers` names. known_by derives from these
    "servers": ListOf(Str(pattern=r"[a-z0-9.-]+:\d{1,5}", what="host:port"), unique=True),
    # the date the source itself gives for its facts (Delta Chat's last_checked, a page's date)
    "as_of": IsoDate(month_ok=True),
})

SERVER = Record(
    {"protocol": PROTOCOL, "host": HOST, "port": Int(1, 65535),
     "security": SECURITY},
    {"username": USERNAME, "note": TEXT, "unverified": Bool()},
)

PROVIDER = Requires(Record(
    {
        "id": ID,
        "name": TEXT,
        "kind": OneOf.of(ProviderKind),
        "aliases": ListOf(Str(max_len=80), min_len=1, unique=True),
        "domains": ListOf(DOMAIN, unique=True),
        "status": OneOf.of(ProviderStatus),
        "login": Record(
            {"methods": ListOf(OneOf.of(LoginMethod), min_len=1, unique=True),
             "username": USERNAME},
            {"note": TEXT},
        ),
        "servers": ListOf(SERVER),
        "sources": ListOf(SOURCE, min_len=1),
    },
    {
        "mx_patterns": ListOf(MX_PATTERN, unique=True),
        # unverified: no official page states these steps; mailbot says so
        "enable": BilingualSteps({"unverified": Bool()}),
        "notes": ListOf(Record({"en": Str(), "zh": Str()}, {"date": IsoDate()})),
        "help": ListOf(Record({"url": URL, "title": Str()})),
        "disagreements": ListOf(TEXT),
        # dated changes of the provider's rules; each names URLs among its sources
        "changes": ListOf(Record(
            {"date": IsoDate(), "en": Str(), "zh": Str(), "match": ListOf(Regex(), min_len=1),
             "sources": ListOf(URL, min_len=1, unique=True)},
            {"unverified": Bool()})),
        # the MX records a customer domain needs (hosted mail)
        "mx_records": ListOf(Record({"host": HOST, "priority": Int(0, 65535)},
                                    {"unverified": Bool()})),
        # names (among aliases) that most people mean this provider by, though others share them
        "usual_reading_of": ListOf(Str(max_len=80), unique=True),
        # Set by tools/import_ispdb.py on the files it writes (knowledge/providers/ispdb-*).
        "generated": Record({"tool": Str(), "source": Str(), "commit": Str(), "file": Str()}),
    },
), when=("status", ProviderStatus.PREPARATION.value), then="enable",
    why="status preparation needs the steps the user must take first")

TROUBLESHOOTING = Record(
    {
        "id": ID,
        "title": TEXT,
        "match": ListOf(Regex(), min_len=1),
        "examples": ListOf(Str(max_len=4000), min_len=1),
        "providers": ListOf(ID, unique=True),
        "cause": TEXT,
        "fix": BilingualSteps(),
        "sources": ListOf(SOURCE, min_len=1),
    },
    {"protocols": ListOf(PROTOCOL, unique=True),
     # what the error says about the person's setup: a code of DiagnosisCode
     "diagnosis": OneOf.of(DiagnosisCode),
     "not_examples": ListOf(Str(max_len=4000))},
)

CLIENT = Record(
    {
        "id": ID,
        "name": Str(max_len=80),
        "kind": OneOf.of(ToolKind),
        "names": ListOf(Str(max_len=80), min_len=1, unique=True),
        "tls": Record({}, {mode.value: Str(max_len=200) for mode in Security}),
        "sources": ListOf(SOURCE, min_len=1),
    },
    {
        "signatures": ListOf(Regex()),
        "options": ListOf(Record({"key": Str(max_len=120), "value": Regex(),
                                  "security": OneOf.of(OptionEffect)})),
        "cannot": ListOf(SECURITY, unique=True),
        "note": TEXT,
    },
)

ENVIRONMENT = Record(
    {
        "id": ID,
        "name": TEXT,
        "kind": OneOf.of(EnvironmentKind),
        "names": ListOf(Str(max_len=80), min_len=1, unique=True),
        "blocked_ports": ListOf(Int(1, 65535), unique=True),
        "sources": ListOf(SOURCE, min_len=1),
    },
    {"brands": ListOf(Str(max_len=80), unique=True), "unblock": TEXT},
)

TOPIC = Record(
    {
        "id": ID,
        "match": ListOf(Regex(), min_len=1),
        "examples": ListOf(Str(), min_len=1),
        "answer": TEXT,
        "sources": ListOf(SOURCE, min_len=1),
    },
    # the kind of question it answers, for the JSON's intent (else "general")
    {"intent": OneOf((Intent.WHICH_PORT.value, Intent.COMPARISON.value))},
)
