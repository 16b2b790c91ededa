"""What the state store keeps: small value types, the same for every backend."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ChatRecord:
    """One chat's settings, written when they change."""

    lang: str | None = None  # "en" | "zh"; None: each person's own language
    auto_answer: bool = False  # groups: answer questions nobody addressed to the bot
    quiet: bool = False  # groups: only commands and replies to the bot


@dataclass(frozen=True)
class FaqEntry:
    """One of a group's own answers; ``number`` is what `/faq remove N` names."""

    number: int
    trigger: str
    answer: str


@dataclass(frozen=True)
class AnswerEvent:
    """One answer given (or not), for /stats and /unanswered. Never message text, except
    the redacted question of an unanswered one; never a user id (``person`` is a keyed hash
    of it, so that /forget can find the person's rows and nothing else can)."""

    at: float  # Unix time
    chat: int
    person: str
    chat_kind: str  # private | group
    answered: bool
    intent: str
    provider: str | None = None
    codes: tuple[str, ...] = ()  # diagnosis codes and troubleshooting entry ids
    question: str | None = None  # redacted; only when not answered


@dataclass(frozen=True)
class Stats:
    answered: int = 0
    unanswered: int = 0
    top_providers: tuple[tuple[str, int], ...] = ()
    top_codes: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class JournalEntry:
    """An update as Telegram sent it, kept until it is answered."""

    update_id: int
    body: bytes = field(repr=False)
