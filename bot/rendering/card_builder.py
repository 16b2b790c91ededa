"""Decide what a reply says: turn an Answer into a Card, in the answer's language."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from bot.chinese_script import to_traditional
from bot.known_by import verified
from bot.models import (
    QUESTION_KINDS,
    Answer,
    Intent,
    Lang,
    LoginMethod,
    Protocol,
    Provider,
    ProviderStatus,
    Server,
    TroubleshootingEntry,
)
from bot.rendering import phrases as P
from bot.rendering.card import Card, Section, Span, bold, code, link
from bot.rendering.continued import lead_with_continuation
from bot.rendering.kind_card import also_meant
from bot.rendering.short_card import belongs_to, build_short_card, username_example

MAX_NOTES = 3


@dataclass(frozen=True, slots=True)
class CardOptions:
    full: bool = False  # every server, not just the asked protocol
    compact: bool = False  # group chats: servers and login only, no steps or notes


def build_card(answer: Answer, *, full: bool = False, compact: bool = False) -> Card:
    """The reply for ``answer``: the short first reply (``compact``: in a group), or with
    ``full`` everything the knowledge base holds for it."""
    if full:
        card = _complete_card(answer, CardOptions(full=True))
        lead_with_continuation(card, answer, answer.lang)
    else:
        card = build_short_card(answer, group=compact, fallback=lambda a: _complete_card(
            a, CardOptions(compact=True)))
    if answer.question.traditional and answer.lang is Lang.ZH:
        card.convert_text(to_traditional)
    return card


def _complete_card(answer: Answer, options: CardOptions) -> Card:
    lang = answer.lang
    card = Card()
    if answer.question.looks_like_secret:
        card.warning = P.SECRET_WARNING.in_lang(lang)
    builder = {
        Intent.SETTINGS: _settings,
        Intent.ERROR: _error,
        Intent.AMBIGUOUS: _ambiguous,
        Intent.UNKNOWN_PROVIDER: _unknown_provider,
        Intent.NEED_PROVIDER: _need_provider,
        Intent.GENERAL: _general,
        Intent.OFF_TOPIC: _off_topic,
        Intent.EMPTY: _empty,
        Intent.WHEN: _settings,
        Intent.YES_NO: _settings,
        Intent.MYTH: _settings,
        Intent.MX_RECORDS: _settings,
        Intent.WHICH_PORT: _general,
        Intent.COMPARISON: _general,
    }[answer.intent]
    builder(card, answer, lang, options)
    if answer.intent in QUESTION_KINDS:  # the answer to what was asked, before all servers
        lead = build_short_card(answer, group=False, fallback=lambda a: Card())
        card.sections[:0] = lead.sections[:1]
        card.title = None  # the lead names the provider
    also_meant(card, answer, lang)
    if answer.diagnoses:
        _lead_with_diagnosis(card, answer, lang, options)
    return card


def _lead_with_diagnosis(card: Card, answer: Answer, lang: Lang, options: CardOptions) -> None:
    """What is wrong with their own setup comes first; the provider's facts back it."""
    first, *others = answer.diagnoses
    lead: list[Section] = []
    if first.quote:
        quoted = Section()
        quoted.add(f"{P.YOUR_SETTING.in_lang(lang)}: ", code(first.quote))
        lead.append(quoted)
    fix = Section(P.DIAGNOSIS_FIX.in_lang(lang), numbered=True)
    for step in first.fix.in_lang(lang):
        fix.add(step)
    lead.append(fix)
    if others and not options.compact:
        also = Section(P.ALSO_POSSIBLE.in_lang(lang))
        for other in others[:2]:
            also.add(other.text.in_lang(lang))
        lead.append(also)
    if card.title:
        lead.append(Section(card.title))
    card.title = first.text.in_lang(lang)
    card.sections[:0] = lead


def _settings(card: Card, answer: Answer, lang: Lang, options: CardOptions) -> None:
    for provider in answer.providers:
        _provider_block(card, provider, answer, lang, options)
    if not answer.providers and answer.servers:  # found by SRV, autoconfig or a guess
        card.title = P.DISCOVERED_TITLE.in_lang(lang).format(domain=answer.domain or "?")
        section = card.section()
        for protocol, group in groupby(answer.servers, key=lambda s: s.protocol):
            _server_lines(section, protocol, list(group), lang)
        card.section().add(P.DISCOVERED_LOGIN.in_lang(lang))
    if answer.found_how is not None:
        section = card.section(P.FOUND_HOW.in_lang(lang))
        section.add(answer.found_how.in_lang(lang))


def _provider_block(card: Card, provider: Provider, answer: Answer, lang: Lang,
                    options: CardOptions) -> None:
    name = provider.name.in_lang(lang)
    full = options.full
    focus = () if full else answer.asked_protocols
    title = name if not focus else f"{name} — {' / '.join(p.value.upper() for p in focus)}"
    if card.title is None:
        card.title = title
    else:
        card.section().add(bold(title))
    if provider.status is ProviderStatus.NO_CLIENT_ACCESS:
        card.section().add(P.NO_CLIENT_ACCESS.in_lang(lang).format(name=name))
    elif provider.status is ProviderStatus.DISCONTINUED:
        card.section().add(P.DISCONTINUED.in_lang(lang).format(name=name))
    servers = answer.servers if len(answer.providers) == 1 else provider.servers
    shown = [s for s in servers if not focus or s.protocol in focus]
    for protocol in focus:
        if not provider.servers_for(protocol) and provider.servers:
            card.section().add(P.PROTOCOL_NOT_OFFERED.in_lang(lang).format(
                name=name, protocol=protocol.value.upper()))
    if shown:
        section = card.section()
        for protocol, group in groupby(shown, key=lambda s: s.protocol):
            _server_lines(section, protocol, list(group), lang)
        _username_line(section, provider, shown, answer, lang)
    _login_section(card, provider, answer, lang)
    if options.compact:
        return
    _enable_section(card, provider, lang)
    notes = [n for n in provider.notes][: MAX_NOTES if not full else None]
    if notes:
        section = card.section(P.NOTES.in_lang(lang))
        for note in notes:
            section.add(f"{note.date}: " if note.date else "", note.text.in_lang(lang))
    if provider.disagreements and (full or any(not verified(s) for s in shown)):
        section = card.section(P.SOURCES_DIFFER.in_lang(lang))
        for item in provider.disagreements:
            section.add(item.in_lang(lang))
    if provider.help:
        section = card.section()
        first = provider.help[0]
        section.add(f"{P.MORE.in_lang(lang)}: ", link(first.title, first.url))


def _server_lines(section: Section, protocol: Protocol, servers: list[Server], lang: Lang) -> None:
    label = P.PROTOCOL[protocol].in_lang(lang)
    for host, same_host in groupby(servers, key=lambda s: s.host):
        variants = list(same_host)
        spans: list[Span | str] = [bold(label), ": ", code(host), ", ", P.PORT.in_lang(lang), " "]
        for index, server in enumerate(variants):
            if index:
                spans.append(P.OR.in_lang(lang))
            spans += [code(str(server.port)), f" ({P.SECURITY[server.security].in_lang(lang)})"]
            if not verified(server):
                spans.append(" " + P.UNVERIFIED.in_lang(lang))
        notes = [s.note.in_lang(lang) for s in variants if s.note]
        if notes:
            spans.append(" — " + " ".join(notes))
        section.add(*spans)


def _username_line(section: Section, provider: Provider, shown: list[Server], answer: Answer,
                   lang: Lang) -> None:
    forms = list(dict.fromkeys(s.username for s in shown))
    address = next((a for a in answer.question.addresses
                    if belongs_to(a.rpartition("@")[2], provider)
                    or a.rpartition("@")[2] == answer.domain), None)
    parts: list[Span | str] = [bold(P.USERNAME_LABEL.in_lang(lang)), ": "]
    for index, form in enumerate(forms):
        if index:
            parts.append(P.OR.in_lang(lang))
        parts.append(P.USERNAME[form].in_lang(lang))
        example = username_example(form, address) if address else None
        if example:
            parts += [" (", code(example), ")"]
    section.add(*parts)


def _enable_section(card: Card, provider: Provider, lang: Lang) -> None:
    """What the user must switch on first; steps no official page states are marked so."""
    if provider.enable is None:
        return
    heading = P.BEFORE_YOU_START.in_lang(lang)
    if provider.enable.unverified:
        heading = f"{heading} {P.UNVERIFIED.in_lang(lang)}"
    steps = card.section(heading, numbered=True)
    for step in provider.enable.in_lang(lang):
        steps.add(step)


def _login_section(card: Card, provider: Provider, answer: Answer, lang: Lang) -> None:
    methods = [m for m in provider.login.methods if m is not LoginMethod.NONE]
    section = card.section()
    if methods:
        spans: list[Span | str] = [bold(P.PASSWORD_LABEL.in_lang(lang)), ": "]
        spans.append(P.OR.in_lang(lang).join(P.LOGIN_METHOD[m].in_lang(lang) for m in methods))
        section.add(*spans)
    if provider.login.note:
        section.add(provider.login.note.in_lang(lang))


def _error(card: Card, answer: Answer, lang: Lang, options: CardOptions) -> None:
    first, *others = answer.troubleshooting
    if not any(d.text == first.cause for d in answer.diagnoses):  # else the diagnosis leads
        _entry_block(card, first, lang)
    provider = answer.provider
    if provider is not None:
        section = card.section(P.FOR_PROVIDER.in_lang(lang).format(
            name=provider.name.in_lang(lang)))
        relevant = [s for s in answer.servers
                    if not first.protocols or s.protocol in first.protocols]
        for protocol, group in groupby(relevant, key=lambda s: s.protocol):
            _server_lines(section, protocol, list(group), lang)
        if provider.login.note:
            section.add(provider.login.note.in_lang(lang))
        if not options.compact:
            _enable_section(card, provider, lang)
    others = [e for e in others if not any(d.text == e.cause for d in answer.diagnoses)]
    if others and not options.compact:
        section = card.section(P.ALSO_POSSIBLE.in_lang(lang))
        for entry in others:
            section.add(bold(entry.title.in_lang(lang)), ": ", entry.cause.in_lang(lang))


def _entry_block(card: Card, entry: TroubleshootingEntry, lang: Lang) -> None:
    card.title = entry.title.in_lang(lang)
    card.section().add(bold(P.ERROR_CAUSE.in_lang(lang) + ": "), entry.cause.in_lang(lang))
    steps = card.section(P.ERROR_FIX.in_lang(lang), numbered=True)
    for step in entry.fix.in_lang(lang):
        steps.add(step)
    official = next((s for s in entry.sources if s.kind.value == "official"), None)
    if official is not None:
        card.section().add(f"{P.MORE.in_lang(lang)}: ", link(official.url, official.url))


def _ambiguous(card: Card, answer: Answer, lang: Lang, options: CardOptions) -> None:
    typed = answer.question.normalized[:40]
    card.title = P.AMBIGUOUS.in_lang(lang).format(name=answer.ambiguous_name or typed)
    for provider in answer.providers:
        section = card.section()
        section.add(bold(provider.name.in_lang(lang)),
                    f" ({', '.join(provider.domains[:3])})" if provider.domains else "")
        wanted = answer.asked_protocols or (Protocol.IMAP, Protocol.SMTP)
        for protocol in wanted:
            servers = provider.servers_for(protocol)[:2]
            if servers:
                _server_lines(section, protocol, list(servers), lang)


def _unknown_provider(card: Card, answer: Answer, lang: Lang, options: CardOptions) -> None:
    domain = answer.domain or "?"
    card.title = (P.LOOKUP_FAILED if answer.lookup_failed
                  else P.UNKNOWN_DOMAIN).in_lang(lang).format(domain=domain)
    if answer.did_you_mean is not None:
        known, provider = answer.did_you_mean
        card.section().add(P.DID_YOU_MEAN.in_lang(lang).format(
            known=known, name=provider.name.in_lang(lang)))
    section = card.section()
    for step in P.UNKNOWN_HOW_TO:
        section.add("• ", step.in_lang(lang).format(domain=domain))


def _need_provider(card: Card, answer: Answer, lang: Lang, options: CardOptions) -> None:
    if answer.general is not None:
        card.section().add(answer.general.text.in_lang(lang))
    _examples(card, P.NEED_PROVIDER.in_lang(lang), lang)


def _general(card: Card, answer: Answer, lang: Lang, options: CardOptions) -> None:
    if answer.general is not None:
        for paragraph in answer.general.text.in_lang(lang).split("\n"):
            if paragraph.strip():
                card.section().add(paragraph)


def _off_topic(card: Card, answer: Answer, lang: Lang, options: CardOptions) -> None:
    _examples(card, P.OFF_TOPIC.in_lang(lang), lang)


def _empty(card: Card, answer: Answer, lang: Lang, options: CardOptions) -> None:
    _examples(card, P.EMPTY.in_lang(lang), lang)


def _examples(card: Card, lead: str, lang: Lang) -> None:
    section = card.section()
    section.add(lead)
    for example in P.EXAMPLES[lang]:
        section.add("• ", code(example))
