"""Answers as Telegram messages: HTML pieces plus the buttons under the last one.

Buttons carry compact data (callback_data.py, deep_links.py), never the user's text; a
button whose data would not fit Telegram's limits is left off.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.adapters.telegram_ui import texts
from bot.adapters.telegram_ui.callback_data import (
    Button,
    ErrorButton,
    ExportButton,
    ExportFormat,
    ProbeButton,
    SettingsButton,
    encode,
)
from bot.adapters.telegram_ui.deep_links import ErrorLink, ExportLink, SettingsLink, encode_start
from bot.adapters.telegram_ui.setup_files import exportable
from bot.models import PROVIDER_INTENTS, Answer, Intent, Lang, Provider
from bot.rendering.card_builder import build_card
from bot.rendering.telegram_html import render_html

MAX_PROBE_BUTTONS = 2


@dataclass(frozen=True)
class Reply:
    messages: list[str]
    keyboard: InlineKeyboardMarkup | None


def answer_reply(answer: Answer, *, group: bool, bot_username: str | None,
                 full: bool = False) -> Reply:
    card = build_card(answer, full=full, compact=group)
    messages = render_html(card)
    rows: list[list[InlineKeyboardButton]] = []
    provider = answer.provider
    if provider is not None and answer.intent in {*PROVIDER_INTENTS, Intent.ERROR}:
        rows += [[button] for button in _probe_buttons(provider, answer)]
    if answer.intent is Intent.UNKNOWN_PROVIDER and answer.did_you_mean is not None:
        known, suggested = answer.did_you_mean
        label = texts.BUTTON_DID_YOU_MEAN.in_lang(answer.lang).format(domain=known)
        rows += [[button] for button in _buttons([(label, SettingsButton(
            suggested.id, answer.asked_protocols, answer.lang, full=False))])]
    if group:
        link = _private_link(answer, bot_username)
        if link:
            rows.append([InlineKeyboardButton(texts.BUTTON_PRIVATE.in_lang(answer.lang),
                                              url=link)])
    else:
        rows += _private_buttons(answer, full)
    if provider is not None and answer.intent is Intent.SETTINGS:
        files = _setup_file_buttons(provider, answer.lang, bot_username if group else None,
                                    group=group)
        rows += [files] if files else []
    return Reply(messages, InlineKeyboardMarkup(rows) if rows else None)


def _buttons(candidates: list[tuple[str, Button]]) -> list[InlineKeyboardButton]:
    """Labelled buttons, leaving off any whose data would not fit."""
    encoded = [(label, encode(button)) for label, button in candidates]
    return [InlineKeyboardButton(label, callback_data=data) for label, data in encoded
            if data is not None]


def _probe_buttons(provider: Provider, answer: Answer) -> list[InlineKeyboardButton]:
    return _buttons([
        (texts.BUTTON_PROBE.in_lang(answer.lang).format(server=f"{server.host}:{server.port}"),
         ProbeButton(provider.id, provider.servers.index(server)))
        for server in answer.servers[:MAX_PROBE_BUTTONS]])


def _private_buttons(answer: Answer, full: bool) -> list[list[InlineKeyboardButton]]:
    other = Lang.EN if answer.lang is Lang.ZH else Lang.ZH
    provider = answer.provider
    candidates: list[tuple[str, Button]] = []
    details = texts.BUTTON_DETAILS.in_lang(answer.lang)
    if answer.intent in PROVIDER_INTENTS and provider is not None:
        if not full:  # the short reply: every server, the steps and notes one tap away
            candidates.append((details, SettingsButton(provider.id, (), answer.lang,
                                                       full=True)))
        candidates.append((texts.BUTTON_LANG[other.value],
                           SettingsButton(provider.id, answer.asked_protocols, other, full)))
    elif answer.intent is Intent.ERROR and answer.troubleshooting:
        entry, provider_id = answer.troubleshooting[0].id, provider.id if provider else None
        if not full:
            candidates.append((details, ErrorButton(entry, provider_id, answer.lang, True)))
        candidates.append((texts.BUTTON_LANG[other.value],
                           ErrorButton(entry, provider_id, other, full)))
    row = _buttons(candidates)
    rows = [row] if row else []
    # one button per candidate, in the answer's language; after a usual reading, the others
    candidates_of = answer.providers if answer.intent is Intent.AMBIGUOUS else answer.alternatives
    rows += [[button] for button in _buttons([
        (p.name.in_lang(answer.lang),
         SettingsButton(p.id, answer.asked_protocols, answer.lang, full=False))
        for p in candidates_of])]
    return rows


def _setup_file_buttons(provider: Provider, lang: Lang, bot_username: str | None, *,
                        group: bool) -> list[InlineKeyboardButton]:
    """A file per format the provider can be set up with: a button in private, a link to
    the private chat in a group (a file there would go to everyone)."""
    buttons: list[InlineKeyboardButton] = []
    for export_format in (ExportFormat.MOBILECONFIG, ExportFormat.AUTOCONFIG):
        if not exportable(provider, export_format):
            continue
        label = texts.BUTTON_EXPORT[export_format.value].in_lang(lang)
        if not group:
            buttons += _buttons([(label, ExportButton(provider.id, export_format))])
            continue
        payload = encode_start(ExportLink(provider.id, export_format)) if bot_username else None
        if payload:
            buttons.append(InlineKeyboardButton(
                label, url=f"https://t.me/{bot_username}?start={payload}"))
    return buttons


def _private_link(answer: Answer, bot_username: str | None) -> str | None:
    provider = answer.provider
    link: SettingsLink | ErrorLink
    if not bot_username:
        return None
    if answer.intent is Intent.ERROR and answer.troubleshooting:
        link = ErrorLink(answer.troubleshooting[0].id, provider.id if provider else None)
    elif answer.intent in PROVIDER_INTENTS and provider is not None:
        link = SettingsLink(provider.id, answer.asked_protocols)
    else:
        return None
    payload = encode_start(link)
    return f"https://t.me/{bot_username}?start={payload}" if payload else None

