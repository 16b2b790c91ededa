"""The first lines of answers to questions that are not lookups (issue 12): "Yes." / "No."
before the server line, the myth named as wrong, a dated change, MX records.

``short_card`` builds the provider's settings lines; this puts the answer to what was asked
in front of them (or in their place), so the first line answers the question.
"""

from __future__ import annotations

from bot.kind_phrases import CAN
from bot.mail_ports import protocol_of_port
from bot.models import Answer, Intent, Lang, Provider
from bot.rendering import kind_phrases as K
from bot.rendering import phrases as P
from bot.rendering.card import Card, Line, Span, bold, code, link


def lead_with_kind(card: Card, answer: Answer, lang: Lang) -> None:
    """Put the answer to a WHEN, YES_NO, MYTH or MX_RECORDS question first in ``card`` (the
    provider's short settings card)."""
    provider = answer.provider
    if provider is None:
        return
    if answer.intent is Intent.WHEN:
        _replace_lines(card, _when_lines(answer, provider, lang))
    elif answer.intent is Intent.MX_RECORDS:
        _replace_lines(card, _mx_lines(provider, lang))
    elif answer.intent in (Intent.YES_NO, Intent.MYTH):
        _verdict(card, answer, provider, lang)


def also_meant(card: Card, answer: Answer, lang: Lang) -> None:
    """One line offering the other readings of the name ("Microsoft 365")."""
    if answer.alternatives:
        names = P.OR.in_lang(lang).join(p.name.in_lang(lang) for p in answer.alternatives)
        card.section().add(K.ALSO_MEANT.in_lang(lang).format(names=names))


def _replace_lines(card: Card, lines: list[Line]) -> None:
    card.sections.clear()
    section = card.section()
    section.lines += lines


def _verdict(card: Card, answer: Answer, provider: Provider, lang: Lang) -> None:
    if not card.sections or not card.sections[0].lines:
        return
    head = card.sections[0]
    if answer.verdict is None:
        head.lines[0] = (K.UNSURE.in_lang(lang) + " ", *head.lines[0])
        return
    can = bool(CAN.search(answer.question.normalized))
    if answer.verdict:
        said = (K.CAN if can else K.YES).in_lang(lang)
    else:
        said = (K.CANNOT if can else K.NO).in_lang(lang)
    head.lines[0] = (bold(said), " " if lang is Lang.EN else "", *head.lines[0])
    if answer.verdict:
        return
    protocol = answer.asked_protocols[0] if answer.asked_protocols else None
    if answer.claim is None or protocol is None:
        return
    name = provider.name.in_lang(lang)
    wrong = K.WRONG_HOST if answer.intent is Intent.MYTH else K.WRONG_PORT
    why: list[Span | str] = [wrong.in_lang(lang).format(
        claim=answer.claim, name=name, protocol=protocol.value.upper())]
    port = answer.question.ports[0] if answer.question.ports else None
    belongs = protocol_of_port(port) if port is not None else None
    if belongs is not None and belongs is not protocol:  # "993 is the IMAP port."
        why += [" ", K.PORT_BELONGS.in_lang(lang).format(port=port,
                                                       protocol=belongs.value.upper())]
    head.lines.insert(1, tuple(why))


def _when_lines(answer: Answer, provider: Provider, lang: Lang) -> list[Line]:
    name = provider.name.in_lang(lang)
    if not answer.changes:
        return [(K.NO_CHANGE.in_lang(lang).format(name=name),)]
    lines: list[Line] = []
    for change in answer.changes:
        line: list[Span | str] = [K.CHANGE.in_lang(lang).format(
            name=name, date=_date(change.date, lang), text=change.text.in_lang(lang))]
        if change.unverified:
            line.append(" " + P.UNVERIFIED_SHORT.in_lang(lang))
        lines.append(tuple(line))
    return lines


def _mx_lines(provider: Provider, lang: Lang) -> list[Line]:
    name = provider.name.in_lang(lang)
    if not provider.mx_records:
        lines: list[Line] = [(K.NO_MX.in_lang(lang).format(name=name),)]
        if provider.help:
            lines.append((f"{K.HELP.in_lang(lang)}: ",
                          link(provider.help[0].url, provider.help[0].url)))
        return lines
    first: list[Span | str] = [bold(K.MX.in_lang(lang).format(name=name))]
    for index, record in enumerate(sorted(provider.mx_records, key=lambda r: r.priority)):
        first += ["; " if index else "", code(record.host), " (",
                  K.MX_PRIORITY.in_lang(lang).format(priority=record.priority), ")"]
    if any(r.unverified for r in provider.mx_records):
        first.append(" " + P.UNVERIFIED_SHORT.in_lang(lang))
    return [tuple(first)]


def _date(iso: str, lang: Lang) -> str:
    year, month, day = (int(part) for part in iso.split("-"))
    if lang is Lang.ZH:
        return K.DATE_ZH.format(year=year, month=month, day=day)
    return K.DATE_EN.format(day=day, month=K.MONTHS_EN[month - 1], year=year)
