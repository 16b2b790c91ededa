"""The one ranking step: weigh the finders' clues, pick the leaders, name the likely errors.

Every score mailbot gives a provider or an error is decided here; the engine only reads the
results.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.finders.clues import Clue, ClueKind
from bot.finders.errors import ErrorHit
from bot.finders.hosts import HostFinder
from bot.finders.names import NameFinder
from bot.knowledge_base import KnowledgeBase
from bot.models import Provider, ProviderKind, Question, Situation, TroubleshootingEntry

WEIGHTS = {
    ClueKind.HOST: 1.0,
    ClueKind.MX: 1.0,
    ClueKind.DOMAIN: 1.0,
    # A help page someone read says little about their mailbox; its site is often the
    # provider's own (support.apple.com for iCloud), never the same as its mail domain.
    ClueKind.LINK: 0.5,
    ClueKind.NAME: 0.95,
    ClueKind.TYPO: 0.9,  # times the typo's closeness
    # An alias that is also an everyday word ("free", "live"): "hey, gmail port" is Gmail's.
    ClueKind.COMMON_WORD: 0.5,
}
CERTAIN = 1.0
# Matches this close to the best one are equally likely ("outlook": personal or 365).
TIE_MARGIN = 0.03
# A name or address this sure names the mailbox even when the typed host is someone else's.
NAMED_MAILBOX = 0.9
# A provider name in a long text with no mail word at all is probably not a question.
CHATTY_WORDS = 6
CHATTY_FACTOR = 0.6
# Errors: matched patterns and matched text make an entry more specific; the provider in
# the question breaks ties. Entries this close to the best are offered as "it may also be".
ERROR_BASE, ERROR_PER_PATTERN, ERROR_CHARS_CAP, ERROR_CHARS_SCALE = 0.6, 0.1, 60, 300
ERROR_SAME_PROVIDER, ERROR_OTHER_PROVIDER = 0.1, -0.15
# An error recognised by similarity to an example, not by its patterns, is less certain.
SIMILAR_ERROR_SCORE = 0.65
ALSO_MARGIN = 0.1
MAX_ALSO = 1


@dataclass(frozen=True, slots=True)
class ProviderMatch:
    provider: Provider
    score: float
    evidence: str  # what matched: the domain, host or name as typed
    clues: int = 1  # how many different texts pointed at this provider

    @property
    def certain(self) -> bool:
        return self.score >= CERTAIN


@dataclass(frozen=True, slots=True)
class ProviderMatches:
    matches: tuple[ProviderMatch, ...]  # best first
    unknown_domains: tuple[str, ...]  # domains in the text that no provider holds
    # (known domain, its provider) when the first unknown domain looks like a typo of it
    did_you_mean: tuple[str, Provider] | None = None


@dataclass(frozen=True, slots=True)
class EntryMatch:
    entry: TroubleshootingEntry
    score: float


class ProviderRanker:
    """Runs the host and name finders over a question and ranks what they found."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.names = NameFinder(kb)
        self.hosts = HostFinder(kb, self.names)

    def match(self, question: Question) -> ProviderMatches:
        found = self.hosts.find(question)
        text = question.normalized
        for address in question.addresses:
            text = text.replace(address, " ")
        clues = [*found.clues, *self.names.find(text, found.unknown_domains)]
        ranked = rank(clues)
        unknown = found.unknown_domains
        typo = self.hosts.domain_typo(unknown[0]) if unknown and not ranked else None
        return ProviderMatches(ranked, unknown, typo)


def rank(clues: list[Clue]) -> tuple[ProviderMatch, ...]:
    """The best clue of each provider, best first."""
    best: dict[str, ProviderMatch] = {}
    evidence: dict[str, set[str]] = {}
    for clue in clues:
        score = WEIGHTS[clue.kind] * clue.closeness
        evidence.setdefault(clue.provider.id, set()).add(clue.evidence)
        held = best.get(clue.provider.id)
        if held is None or score > held.score:
            best[clue.provider.id] = ProviderMatch(clue.provider, score, clue.evidence)
    counted = [replace(m, clues=len(evidence[m.provider.id])) for m in best.values()]
    return tuple(sorted(counted, key=lambda m: (-m.score, -m.clues, m.provider.id)))


def leaders(matches: tuple[ProviderMatch, ...], situation: Situation | None = None
            ) -> list[ProviderMatch]:
    """The matches tied for first; whose mailbox it is outranks whose server they typed
    ("腾讯企业邮箱 … smtp.qq.com" is about Tencent Exmail, and its host is the mistake)."""
    tied = _tied(matches)
    typed_host = situation.host.value if situation is not None and situation.host else None
    if typed_host is None or not tied or any(m.evidence != typed_host for m in tied):
        return tied
    # A business host is not overruled by a personal name: people call Alibaba's enterprise
    # mail "阿里云邮箱" too, and "163" in a message with hwsmtp.exmail.qq.com is incidental.
    host_kind = tied[0].provider.kind
    # A generic name the host's provider shares ("企业邮箱") names no other mailbox.
    shared = {alias.casefold() for m in tied for alias in m.provider.aliases}
    named = [m for m in matches if m.evidence != typed_host and m.score >= NAMED_MAILBOX
             and m.evidence not in shared
             and not (host_kind is ProviderKind.BUSINESS
                      and m.provider.kind is not ProviderKind.BUSINESS)]
    return _tied(tuple(named)) if named else tied


def _tied(matches: tuple[ProviderMatch, ...]) -> list[ProviderMatch]:
    """The matches as good as the best; among equally sure ones, those with the most clues
    (smtp.163.com and me@163.com beat a lone qq.com address)."""
    if not matches:
        return []
    top = matches[0].score
    tied = [m for m in matches if m.score >= top - TIE_MARGIN]
    most = max(m.clues for m in tied)
    return [m for m in tied if m.clues == most]


def is_chatter(question: Question, tied: list[ProviderMatch]) -> bool:
    """Only an everyday word matched ("I live in Beijing"), and nothing about mail."""
    return tied[0].score <= WEIGHTS[ClueKind.COMMON_WORD] and question.mail_words == 0


def provider_confidence(question: Question, tied: list[ProviderMatch]) -> float:
    """How sure a settings answer is: a name in a long text with no mail word is less so."""
    confidence = tied[0].score
    if question.mail_words == 0 and len(question.normalized.split()) > CHATTY_WORDS:
        confidence *= CHATTY_FACTOR
    return round(confidence, 3)


def rank_errors(hits: list[ErrorHit], provider_ids: frozenset[str]) -> list[EntryMatch]:
    """Entries by how specifically they matched, the question's provider breaking ties."""
    ranked: list[EntryMatch] = []
    for hit in hits:
        score = min(1.0, ERROR_BASE + ERROR_PER_PATTERN * hit.patterns
                    + min(hit.matched_chars, ERROR_CHARS_CAP) / ERROR_CHARS_SCALE)
        if hit.similar:
            score = SIMILAR_ERROR_SCORE
        if provider_ids and hit.entry.providers:
            score += (ERROR_SAME_PROVIDER if provider_ids & set(hit.entry.providers)
                      else ERROR_OTHER_PROVIDER)
        ranked.append(EntryMatch(hit.entry, round(min(score, 1.0), 3)))
    ranked.sort(key=lambda m: (-m.score, m.entry.id))
    return ranked


def errors_to_name(ranked: list[EntryMatch]) -> list[EntryMatch]:
    """The best entry and those nearly as good ("it may also be")."""
    best, *others = ranked
    return [best, *[e for e in others if e.score >= best.score - ALSO_MARGIN][:MAX_ALSO]]
