"""The first reply: the answer on its first line, then a few short lines that matter.

Issue 12: a person in a chat wants "smtp.qq.com, port 465 (SSL/TLS), password: an
authorization code" first, not a page. Everything else (all servers, enable steps, notes,
where sources differ) is in the full card (``build_card(..., full=True)``), one tap or
``--full`` away. A reply is kept within the lengths below by leaving off its last lines;
the lines are added most important first, and the first line is never left off.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.known_by import verified
from bot.models import (
    PROVIDER_INTENTS,
    Answer,
    Intent,
    Lang,
    LoginMethod,
    Protocol,
    Provider,
    ProviderStatus,
    Server,
    UsernameForm,
)
from bot.rendering import phrases as P
from bot.rendering.card import Card, Span, bold, code
from bot.rendering.continued import lead_with_continuation
from bot.rendering.kind_card import also_meant, lead_with_kind
from bot.rendering.plain_text import render_plain

SETTINGS_LIMIT = 350  # visible characters of a settings answer (knowledge or discovery)
ERROR_LIMIT = 600  # an error or a diagnosis
GROUP_LIMIT = 250  # any answer in a group chat
OTHER_LIMIT = 600  # general topics, questions back, examples
MORE_LINE_ROOM = 60  # left for the CLI's "More: --full" line
MAX_ALTERNATIVES = 2  # other ports of a shown protocol
_SENTENCE_END = re.compile(r"(?<=[.!?])\s|[。！？]")


def limit_for(answer: Answer, *, group: bool) -> int:
    """The most visible characters a first reply to ``answer`` may take."""
    if group:
        return GROUP_LIMIT
    if answer.intent is Intent.ERROR or answer.diagnoses:
        return ERROR_LIMIT
    if answer.intent in PROVIDER_INTENTS:
        return SETTINGS_LIMIT
    return OTHER_LIMIT


def build_short_card(answer: Answer, *, group: bool,
                     fallback: Callable[[Answer], Card]) -> Card:
    """The first reply to ``answer``; ``fallback`` builds the card of the kinds of answer
    that are short already (examples, questions back), which is then fitted too."""
    lang = answer.lang
    if answer.diagnoses or answer.intent is Intent.ERROR:
        card = _error(answer, lang)
    elif answer.intent in PROVIDER_INTENTS and answer.providers:
        card = _settings(answer, lang)
        lead_with_kind(card, answer, lang)
        also_meant(card, answer, lang)
    elif answer.intent is Intent.SETTINGS and answer.servers:
        card = _discovered(answer, lang)
    else:
        card = fallback(answer)
    lead_with_continuation(card, answer, lang)
    if answer.question.looks_like_secret:
        card.warning = P.SECRET_WARNING.in_lang(lang)
    _fit(card, limit_for(answer, group=group) - MORE_LINE_ROOM)
    return card


def _fit(card: Card, limit: int) -> None:
    """Leave off the last lines until the card fits; never the title or the first line."""
    while len(render_plain(card)) > limit:
        lined = [s for s in card.sections if s.lines]
        kept = 0 if card.title else 1
        if sum(len(s.lines) for s in lined) <= kept:
            _first_sentences(card, limit)
            return
        last = lined[-1]
        last.lines.pop()
        if not last.lines:
            card.sections.remove(last)
        card.cut = True


def _first_sentences(card: Card, limit: int) -> None:
    """A first line that alone is too long keeps its whole first sentences (a group)."""
    line = card.sections[0].lines[0] if card.sections and card.sections[0].lines else ()
    if not line:
        return
    last = line[-1]
    text = last if isinstance(last, str) else last.text
    over = len(render_plain(card)) - limit
    ends = [m.end() for m in _SENTENCE_END.finditer(text) if m.end() <= len(text) - over]
    if ends:
        kept = text[:ends[-1]].rstrip()
        card.sections[0].lines[0] = (*line[:-1],
                                     kept if isinstance(last, str) else last._replace(text=kept))
        card.cut = True


def _settings(answer: Answer, lang: Lang) -> Card:
    card = Card(cut=True)
    head = card.section()
    body = card.section()
    for provider in answer.providers:
        first, rest = _provider_lines(provider, answer, lang)
        (head if not head.lines else body).add(*first)
        body.lines += rest
    return card


def _provider_lines(provider: Provider, answer: Answer,
                    lang: Lang) -> tuple[tuple[Span | str, ...], list[tuple[Span | str, ...]]]:
    """The provider's first line (what was asked) and the lines after it."""
    name = provider.name.in_lang(lang)
    if provider.status is ProviderStatus.NO_CLIENT_ACCESS:
        return (P.NO_CLIENT_ACCESS.in_lang(lang).format(name=name),), []
    if provider.status is ProviderStatus.DISCONTINUED:
        return (P.DISCONTINUED.in_lang(lang).format(name=name),), []
    servers = answer.servers if len(answer.providers) == 1 else provider.servers
    focus = answer.asked_protocols or _default_protocols(provider)
    rest: list[tuple[Span | str, ...]] = []
    shown: list[Server] = []
    for protocol in focus:
        found = [s for s in servers if s.protocol is protocol]
        if not found:
            rest.insert(0, (P.PROTOCOL_NOT_OFFERED.in_lang(lang).format(
                name=name, protocol=protocol.value.upper()),))
            continue
        shown.append(found[0])
        others = [s for s in found[1:] if s.host == found[0].host][:MAX_ALTERNATIVES]
        if others:
            alternatives: list[Span | str] = [f"{P.ALSO_PORT.in_lang(lang)} "
                                              f"{P.PROTOCOL_NAME[protocol].in_lang(lang)}: "]
            for index, server in enumerate(others):
                alternatives += ([P.OR.in_lang(lang)] if index else []) + _port(server, lang)
            rest.append(tuple(alternatives))
    login = _password(provider, lang)
    if not shown:
        return (bold(name), ": ", login), rest
    first: list[Span | str] = [bold(name), " "]
    for index, server in enumerate(shown):
        label = f"{P.PROTOCOL_NAME[server.protocol].in_lang(lang)}: "
        first += ["; " if index else "", label, code(server.host), ", ", *_port(server, lang)]
    if login:
        first += [", " if lang is Lang.EN else "，", login]
    rest.append(_username(provider, shown, answer, lang))
    if provider.enable is not None:
        rest.append((P.SWITCH_ON_FIRST.in_lang(lang),))
    return tuple(first), rest


def _username(provider: Provider, shown: list[Server], answer: Answer,
              lang: Lang) -> tuple[Span | str, ...]:
    """"Username: your full address (zhang@163.com)", the example from their address."""
    address = next((a for a in answer.question.addresses
                    if belongs_to(a.rpartition("@")[2], provider)
                    or a.rpartition("@")[2] == answer.domain), None)
    parts: list[Span | str] = [bold(P.USERNAME_LABEL.in_lang(lang)), ": "]
    for index, form in enumerate(dict.fromkeys(s.username for s in shown)):
        parts += ([P.OR.in_lang(lang)] if index else []) + [P.USERNAME[form].in_lang(lang)]
        example = username_example(form, address) if address else None
        if example:
            parts += [" (", code(example), ")"]
    return tuple(parts)


def _default_protocols(provider: Provider) -> tuple[Protocol, ...]:
    incoming = Protocol.IMAP if provider.servers_for(Protocol.IMAP) else Protocol.POP3
    return (incoming, Protocol.SMTP)


def _port(server: Server, lang: Lang) -> list[Span | str]:
    """"port 465 (SSL/TLS)", with "(unverified)" on this port only when it is not verified."""
    spans: list[Span | str] = [f"{P.PORT.in_lang(lang)} ", code(str(server.port)),
                               f" ({P.SECURITY[server.security].in_lang(lang)})"]
    if not verified(server):
        spans.append(" " + P.UNVERIFIED_SHORT.in_lang(lang))
    return spans


def _password(provider: Provider, lang: Lang) -> str:
    methods = [m for m in provider.login.methods if m is not LoginMethod.NONE]
    if not methods:
        return ""
    kinds = P.OR.in_lang(lang).join(P.LOGIN_SHORT[m].in_lang(lang) for m in methods)
    return P.PASSWORD_IS.in_lang(lang).format(kind=kinds)


def _discovered(answer: Answer, lang: Lang) -> Card:
    card = Card(cut=True)
    card.title = P.DISCOVERED_TITLE.in_lang(lang).format(domain=answer.domain or "?")
    section = card.section()
    seen: set[Protocol] = set()
    for server in answer.servers:
        if server.protocol not in seen:
            seen.add(server.protocol)
            section.add(bold(P.PROTOCOL_NAME[server.protocol].in_lang(lang)), ": ",
                        code(server.host), ", ", *_port(server, lang))
    section.add(P.DISCOVERED_LOGIN.in_lang(lang))
    if answer.found_how is not None:
        section.add(answer.found_how.in_lang(lang))
    return card


def _error(answer: Answer, lang: Lang) -> Card:
    """What is wrong (their own setup first), what to do, and the provider's server."""
    card = Card(cut=True)
    entry = answer.troubleshooting[0] if answer.troubleshooting else None
    steps: tuple[str, ...] = ()
    quote: str | None = None
    if answer.diagnoses:
        first = answer.diagnoses[0]
        card.section().add(bold(first.text.in_lang(lang)))
        steps, quote = first.fix.in_lang(lang), first.quote
    elif entry is not None:
        card.section().add(bold(entry.title.in_lang(lang) + ": "), entry.cause.in_lang(lang))
    provider = answer.provider
    if not steps and answer.diagnoses and provider is not None and provider.enable:
        steps = provider.enable.in_lang(lang)  # the diagnosis is about this mailbox's login
    if not steps and entry is not None:
        steps = entry.fix.in_lang(lang)
    fix = card.section(P.DIAGNOSIS_FIX.in_lang(lang), numbered=True)
    for step in dict.fromkeys(steps):  # the same step once
        fix.add(step)
    extra = card.section()
    protocols = entry.protocols if entry is not None and entry.protocols else ()
    server = next((s for s in answer.servers if not protocols or s.protocol in protocols), None)
    if provider is not None and server is not None:
        extra.add(bold(provider.name.in_lang(lang)), " ",
                  P.PROTOCOL_NAME[server.protocol].in_lang(lang), ": ", code(server.host),
                  ", ", *_port(server, lang))
    if quote:
        extra.add(f"{P.YOUR_SETTING.in_lang(lang)}: ", code(quote))
    return card


def username_example(form: UsernameForm, address: str) -> str | None:
    local, _, domain = address.rpartition("@")
    return {UsernameForm.ADDRESS: address, UsernameForm.LOCAL_PART: local,
            UsernameForm.LOCAL_PART_DOT_DOMAIN: f"{local}.{domain}"}.get(form)


def belongs_to(domain: str, provider: Provider) -> bool:
    return any(domain == d or domain.endswith("." + d) for d in provider.domains)
