"""Render a Card as Telegram HTML (parse_mode=HTML), split into messages of <= 4,096 chars.

Telegram accepts only a few tags and rejects an unescaped ``<`` or ``&``; every string from
a user or the knowledge base goes through ``html.escape``. Messages are split between
lines, never inside a tag; a single over-long line is cut as plain text.
"""

from __future__ import annotations

import html
import re

from bot.rendering.card import Card, Line, Style
from bot.rendering.plain_text import one_line

TELEGRAM_MESSAGE_LIMIT = 4096


def escape(text: str) -> str:
    return html.escape(text, quote=False)


def render_line(line: Line) -> str:
    parts = []
    for span in line:
        if isinstance(span, str):
            parts.append(escape(one_line(span)))
            continue
        text = escape(one_line(span.text))
        if span.style is Style.BOLD:
            parts.append(f"<b>{text}</b>")
        elif span.style is Style.CODE:
            parts.append(f"<code>{text}</code>")
        elif span.style is Style.LINK and span.url:
            parts.append(f'<a href="{html.escape(span.url, quote=True)}">{text}</a>')
        else:
            parts.append(text)
    return "".join(parts)


def render_html_lines(card: Card) -> list[str]:
    lines: list[str] = []
    if card.title:
        lines.append(f"<b>{escape(one_line(card.title))}</b>")
    for section in card.sections:
        if not section.lines and not section.heading:
            continue
        if lines:
            lines.append("")
        if section.heading:
            lines.append(f"<b>{escape(one_line(section.heading))}</b>")
        for number, line in enumerate(section.lines, start=1):
            prefix = f"{number}. " if section.numbered else ("• " if section.heading else "")
            lines.append(prefix + render_line(line))
    if card.warning:  # last: the answer comes first, then what to do about the paste
        lines += ["", f"<b>{escape(one_line(card.warning))}</b>"] if lines else [
            f"<b>{escape(one_line(card.warning))}</b>"]
    return lines


def render_html(card: Card, limit: int = TELEGRAM_MESSAGE_LIMIT) -> list[str]:
    """The card as one or more Telegram messages, each at most ``limit`` characters."""
    messages: list[str] = []
    current: list[str] = []
    size = 0
    for line in render_html_lines(card):
        if len(line) > limit:
            line = _cut_as_plain_text(line, limit)
        if current and size + 1 + len(line) > limit:
            messages.append("\n".join(current).strip("\n"))
            current, size = [], 0
        current.append(line)
        size += len(line) + (1 if size else 0)
    if current:
        messages.append("\n".join(current).strip("\n"))
    return [m for m in messages if m] or [""]


def _cut_as_plain_text(line: str, limit: int) -> str:
    """Drop the markup of an over-long line and cut its text, never inside an entity."""
    plain = html.unescape(re.sub(r"<[^>]+>", "", line))
    keep = limit - 1
    while len(cut := escape(plain[:keep]) + "…") > limit:
        keep -= len(cut) - limit
    return cut
