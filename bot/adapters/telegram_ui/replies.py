"""Answers as Telegram messages: HTML pieces plus the buttons under the last one.

Buttons carry compact callback data (Telegram allows 64 bytes), never the user's text:
``s|<provider>|<protocols>|<lang>|<full>`` re-renders settings, ``e|<entry>|<provider>|<lang>``
an error explanation, ``p|<provider>|<server index>`` probes a server the knowledge names.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.adapters.telegram_ui import texts
from bot.models import Answer, Intent, Lang, Protocol, Provider, Server
from bot.rendering.card_builder import build_card
from bot.rendering.telegram_html import render_html

CALLBACK_LIMIT = 64
DEEP_LINK_LIMIT = 64
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
    if provider is not None and answer.intent in {Intent.SETTINGS, Intent.ERROR}:
        rows += [[button] for button in _probe_buttons(provider, answer)]
    if answer.intent is Intent.UNKNOWN_PROVIDER and answer.did_you_mean is not None:
        known, suggested = answer.did_you_mean
        protocols = "-".join(p.value for p in answer.asked_protocols) or "all"
        data = f"s|{suggested.id}|{protocols}|{answer.lang.value}|0"
        if len(data.encode()) <= CALLBACK_LIMIT:
            label = texts.BUTTON_DID_YOU_MEAN.in_lang(answer.lang).format(domain=known)
            rows.append([InlineKeyboardButton(label, callback_data=data)])
    if group:
        link = _private_link(answer, bot_username)
        if link:
            rows.append([InlineKeyboardButton(texts.BUTTON_PRIVATE.in_lang(answer.lang),
                                              url=link)])
    else:
        rows += _private_buttons(answer, full)
    return Reply(messages, InlineKeyboardMarkup(rows) if rows else None)


def _probe_buttons(provider: Provider, answer: Answer) -> list[InlineKeyboardButton]:
    buttons = []
    for server in answer.servers[:MAX_PROBE_BUTTONS]:
        index = provider.servers.index(server)
        data = f"p|{provider.id}|{index}"
        if len(data.encode()) <= CALLBACK_LIMIT:
            label = texts.BUTTON_PROBE.in_lang(answer.lang).format(
                server=f"{server.host}:{server.port}")
            buttons.append(InlineKeyboardButton(label, callback_data=data))
    return buttons


def _private_buttons(answer: Answer, full: bool) -> list[list[InlineKeyboardButton]]:
    other = Lang.EN if answer.lang is Lang.ZH else Lang.ZH
    provider = answer.provider
    candidates: list[tuple[str, str]] = []
    if answer.intent is Intent.SETTINGS and provider is not None:
        protocols = "-".join(p.value for p in answer.asked_protocols) or "all"
        if not full and answer.asked_protocols:
            candidates.append((texts.BUTTON_ALL.in_lang(answer.lang),
                               f"s|{provider.id}|all|{answer.lang.value}|1"))
        candidates.append((texts.BUTTON_LANG[other.value],
                           f"s|{provider.id}|{protocols}|{other.value}|{int(full)}"))
    elif answer.intent is Intent.ERROR and answer.troubleshooting:
        pid = provider.id if provider else "-"
        candidates.append((texts.BUTTON_LANG[other.value],
                           f"e|{answer.troubleshooting[0].id}|{pid}|{other.value}"))
    row = [InlineKeyboardButton(label, callback_data=data) for label, data in candidates
           if len(data.encode()) <= CALLBACK_LIMIT]
    return [row] if row else []


def _private_link(answer: Answer, bot_username: str | None) -> str | None:
    provider = answer.provider
    if not bot_username or provider is None or answer.intent is not Intent.SETTINGS:
        return None
    protocols = "-".join(p.value for p in answer.asked_protocols) or "all"
    payload = f"s_{provider.id}_{protocols}"
    if len(payload) > DEEP_LINK_LIMIT:
        return None
    return f"https://t.me/{bot_username}?start={payload}"


def parse_protocols(text: str) -> tuple[Protocol, ...]:
    if text == "all":
        return ()
    return tuple(Protocol(p) for p in text.split("-") if p in Protocol._value2member_map_)


def server_at(provider: Provider, index: str) -> Server | None:
    if not index.isdigit() or int(index) >= len(provider.servers):
        return None
    return provider.servers[int(index)]
