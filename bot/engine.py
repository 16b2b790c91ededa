"""The engine: understand a message, match it against the knowledge base, decide the answer.

Front ends (CLI, Telegram) hold an Engine and render its Answers; the engine never imports
them. Answering is pure and synchronous: no I/O after the knowledge base is loaded.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from bot.finders.environments import MAIL_PRODUCT_AFTER
from bot.finders.errors import ErrorFinder
from bot.finders.ranking import (
    EntryMatch,
    ProviderMatch,
    ProviderRanker,
    errors_to_name,
    is_chatter,
    leaders,
    provider_confidence,
    rank_errors,
)
from bot.finders.topics import TopicFinder
from bot.knowledge_base import (
    KNOWLEDGE_FOLDERS,
    TLD_FILE,
    KnowledgeBase,
    default_knowledge_dir,
    load_knowledge,
    report_problems,
)
from bot.language import ANALYSED_CHARS, speaks_own_words
from bot.mail_ports import protocol_of_port
from bot.models import (
    QUESTION_KINDS,
    Answer,
    Intent,
    Lang,
    Protocol,
    Provider,
    Question,
    Server,
    Situation,
)
from bot.question_kinds import answer_kind, kind_of, without_claims
from bot.redaction import contains_secret, redact
from bot.server_order import order_servers
from bot.setup_check import SetupFacts, diagnose
from bot.situation import SituationReader
from bot.startup_cache import cache_file, read_cached, write_cached
from bot.understanding import understand


class Engine:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._providers = ProviderRanker(kb)
        self._errors = ErrorFinder(kb)
        self._topics = TopicFinder(kb)
        self._situations = SituationReader(kb)

    @classmethod
    def load(cls, knowledge_dir: Path | None = None, *, strict: bool = False) -> Engine:
        """The engine on the knowledge under ``knowledge_dir``; a start-up cache keeps the
        built engine (its indexes take longer to build than to read back)."""
        root = (knowledge_dir or default_knowledge_dir()).resolve()
        code = Path(__file__).parent
        cache = cache_file("engine", root, KNOWLEDGE_FOLDERS, (TLD_FILE,),
                           code.rglob("*.py"))
        engine = read_cached(cache, Engine)
        if engine is None:
            engine = cls(load_knowledge(root, strict=strict))
            write_cached(cache, engine)
        else:
            report_problems(engine.kb, strict=strict)
        return engine

    def ask(self, text: str, lang: Lang | None = None, *, fallback_lang: Lang | None = None,
            context_provider: str | None = None) -> Answer:
        """Answer one message. ``lang`` forces the reply language; else the message's own
        words decide, and ``fallback_lang`` (the person's usual language: Telegram's
        language_code) when it has none (a bare address, a pasted error or config).
        ``context_provider``: the provider a conversation is about; an error that names no
        provider and is not another provider's own is answered for it (``continues``)."""
        context = self.kb.providers.get(context_provider) if context_provider else None
        answer = self._ask(text if isinstance(text, str) else "", lang, context)
        situation = answer.situation
        pasted = bool(answer.troubleshooting or answer.diagnoses
                      or (situation is not None and not situation.is_empty))
        if (lang is None and fallback_lang is not None and answer.lang is not fallback_lang
                and not speaks_own_words(answer.question.raw, pasted=pasted)):
            answer = replace(answer, lang=fallback_lang,
                             question=replace(answer.question, lang=fallback_lang))
        return answer

    def _ask(self, text: str, lang: Lang | None, context: Provider | None) -> Answer:
        # Secrets never enter the analysis, so no part of one can be echoed in a reply
        # ("smtps://me:Hunter2@host" must not become the address "hunter2@host").
        head = text[:ANALYSED_CHARS]  # all that understanding reads
        redacted = redact(head)
        secret = redacted != head or contains_secret(text[ANALYSED_CHARS:])
        question = understand(redacted, lang, secret=secret)
        if secret:
            question = replace(question, raw=text)
        if not question.normalized:
            return Answer(question, Intent.EMPTY, question.lang, confidence=1.0)
        situation = self._situations.read(text)
        answer = self._answer(question, situation, context)
        if (situation.is_empty and not answer.troubleshooting) or answer.intent in QUESTION_KINDS:
            return answer  # a question about the provider's servers states no setup of theirs
        typed = situation.host.value if situation.host else ""
        typo = self._providers.hosts.host_typo(typed) if typed and "." in typed else None
        mailbox = answer.provider or (typo[1] if typo else None)
        facts = SetupFacts(mailbox=mailbox, mentions_bridge="bridge" in question.normalized,
                           asks_about_sending=question.protocols[:1] == (Protocol.SMTP,),
                           host_typo_of=typo)
        diagnoses = diagnose(situation, facts, answer.troubleshooting, self.kb)
        if answer.provider is None and mailbox is not None and answer.intent in (
                Intent.ERROR, Intent.NEED_PROVIDER, Intent.UNKNOWN_PROVIDER):
            answer = replace(answer, providers=(mailbox,),
                             servers=_ordered_servers(mailbox, question))
        return replace(answer, situation=situation, diagnoses=diagnoses)

    def _answer(self, question: Question, situation: Situation,
                context: Provider | None = None) -> Answer:
        """The answer before the person's own setup is checked."""
        matched_question = _without_hosting(question, situation)
        found = self._providers.match(matched_question)
        tied = leaders(found.matches, situation)
        if tied:
            context = None  # the message names its own provider
        provider_ids = frozenset(m.provider.id for m in tied) or frozenset(
            [context.id] if context is not None else [])
        hits = (self._errors.find(question.normalized)
                or self._errors.find_similar(question.normalized))
        entries = rank_errors(hits, provider_ids)
        if entries:
            return self._error_answer(question, tied, entries, context)
        kind = kind_of(question)
        if tied and not is_chatter(question, tied):
            return self._as_kind(self._provider_answer(question, tied), kind)
        domain = found.unknown_domains[0] if found.unknown_domains else None
        if domain is not None and kind is Intent.YES_NO:
            # "is Outlook's SMTP server exchange.microsoft.com?": the host is the claim
            named = leaders(self._providers.match(without_claims(question)).matches)
            if named and not is_chatter(question, named):
                return self._as_kind(self._provider_answer(question, named), kind)
        if domain is not None:
            return Answer(question, Intent.UNKNOWN_PROVIDER, question.lang, domain=domain,
                          confidence=0.6, did_you_mean=found.did_you_mean)
        topic = self._topics.find(question.normalized)
        if topic is not None:
            return Answer(question, topic.topic.intent or Intent.GENERAL, question.lang,
                          general=topic.topic, confidence=0.8)
        if question.mail_words >= 2 or question.protocols or question.attributes:
            return Answer(question, Intent.NEED_PROVIDER, question.lang, confidence=0.5)
        return Answer(question, Intent.OFF_TOPIC, question.lang, confidence=0.9)

    @staticmethod
    def _as_kind(answer: Answer, kind: Intent | None) -> Answer:
        """A settings answer as the answer to a question of another kind (when, yes/no,
        MX records); a topic's kind for a general question."""
        if kind is None or answer.intent is not Intent.SETTINGS:
            return answer
        return answer_kind(answer, kind)

    def answer_for_provider(self, provider_id: str, lang: Lang,
                            protocols: tuple[Protocol, ...] = ()) -> Answer | None:
        """The settings answer for a provider named by id (buttons, deep links)."""
        provider = self.kb.providers.get(provider_id)
        if provider is None:
            return None
        name = provider.name.in_lang(lang)
        question = Question(raw=name, normalized=name.casefold(), lang=lang, protocols=protocols)
        return Answer(question, Intent.SETTINGS, lang, providers=(provider,),
                      servers=_ordered_servers(provider, question), confidence=1.0)

    def answer_for_entry(self, entry_id: str, provider_id: str | None,
                         lang: Lang) -> Answer | None:
        """The explanation of a troubleshooting entry, for a provider if one is named."""
        entry = self.kb.troubleshooting.get(entry_id)
        if entry is None:
            return None
        provider = self.kb.providers.get(provider_id) if provider_id else None
        question = Question(raw=entry.title.in_lang(lang),
                            normalized=entry.title.in_lang(lang).casefold(), lang=lang)
        providers = (provider,) if provider is not None else ()
        servers = (_ordered_servers(provider, question, entry.protocols)
                   if provider is not None else ())
        return Answer(question, Intent.ERROR, lang, providers=providers, servers=servers,
                      troubleshooting=(entry,), confidence=1.0)

    def _error_answer(self, question: Question, leaders: list[ProviderMatch],
                      entries: list[EntryMatch], context: Provider | None = None) -> Answer:
        chosen = errors_to_name(entries)
        best = chosen[0]
        # "kefu@188.com" inside NetEase's own error text names no provider of the user's.
        canonical = self._errors.examples_text(best.entry)
        leaders = [m for m in leaders if m.evidence not in canonical]
        providers = _single_provider(leaders)
        continues = (not providers and context is not None
                     and (not best.entry.providers or context.id in best.entry.providers))
        if continues and context is not None:  # "still failing: 535 …" after a diagnosis
            providers = (context,)
        if not providers and len(best.entry.providers) == 1:
            named = self.kb.providers.get(best.entry.providers[0])
            providers = (named,) if named is not None else ()
        protocols = question.protocols or best.entry.protocols
        servers = _ordered_servers(providers[0], question, protocols) if providers else ()
        return Answer(
            question, Intent.ERROR, question.lang, providers=providers,
            domain=_domain_of(providers, question), servers=servers,
            troubleshooting=tuple(e.entry for e in chosen), confidence=best.score,
            continues=continues,
        )

    def _provider_answer(self, question: Question, leaders: list[ProviderMatch]) -> Answer:
        certain = [m for m in leaders if m.certain]
        usual = [m for m in leaders if m.evidence in m.provider.usual_reading_of]
        if len(leaders) > 1 and len(certain) != len(leaders) and len(usual) == 1:
            # "outlook smtp": most people mean Outlook.com; Microsoft 365 is offered in a line
            answer = self._provider_answer(question, usual)
            return replace(answer, alternatives=tuple(
                m.provider for m in leaders if m is not usual[0]))
        if len(leaders) > 1 and len(certain) != len(leaders):
            return Answer(
                question, Intent.AMBIGUOUS, question.lang,
                providers=tuple(m.provider for m in leaders),
                confidence=0.5, ambiguous_name=leaders[0].evidence,
            )
        providers = tuple(m.provider for m in leaders)
        servers: tuple[Server, ...] = ()
        if len(providers) == 1:
            servers = _ordered_servers(providers[0], question)
        return Answer(
            question, Intent.SETTINGS, question.lang, providers=providers,
            domain=_domain_of(providers, question), servers=servers,
            confidence=provider_confidence(question, leaders),
        )


def _without_hosting(question: Question, situation: Situation) -> Question:
    """The question without the words that say where the app runs ("部署在阿里云")."""
    if not situation.hosting_phrases:
        return question
    text = question.normalized
    for phrase in situation.hosting_phrases:
        # kept where the brand names its mail product ("阿里云邮箱")
        text = re.sub(re.escape(phrase) + f"(?!{MAIL_PRODUCT_AFTER})", " ", text)
    return replace(question, normalized=text)


def _single_provider(leaders: list[ProviderMatch]) -> tuple[Provider, ...]:
    return (leaders[0].provider,) if len(leaders) == 1 else ()


def _domain_of(providers: tuple[Provider, ...], question: Question) -> str | None:
    for domain in question.domains:
        if any(domain in p.domains or domain.endswith(tuple("." + d for d in p.domains))
               for p in providers):
            return domain
    return question.domains[0] if question.domains else None


def _ordered_servers(provider: Provider, question: Question,
                     protocols: tuple[Protocol, ...] | None = None) -> tuple[Server, ...]:
    """The provider's servers in the order of ``bot.server_order``, for what was asked."""
    asked: list[Protocol] = list(question.protocols if protocols is None else protocols)
    if not asked:
        asked = [p for p in map(protocol_of_port, question.ports) if p is not None]
    return order_servers(provider.servers, protocols=asked, ports=question.ports,
                         security=question.security_asked)


