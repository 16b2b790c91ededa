"""Render a Card as plain text for terminals (``mailbot ask``, ``mailbot chat``)."""

from __future__ import annotations

from bot.rendering.card import Card, Line, Style

INDENT = "  "


def render_line(line: Line) -> str:
    parts = []
    for span in line:
        if isinstance(span, str):
            parts.append(span)
        elif span.style is Style.LINK and span.url and span.url != span.text:
            parts.append(f"{span.text}: {span.url}")
        else:
            parts.append(span.text)
    return one_line("".join(parts))


def render_plain(card: Card) -> str:
    out: list[str] = []
    if card.title:
        out.append(one_line(card.title))
    for section in card.sections:
        if not section.lines and not section.heading:
            continue
        if out:
            out.append("")
        if section.heading:
            out.append(one_line(section.heading) + ":")
        for number, line in enumerate(section.lines, start=1):
            prefix = f"{number}. " if section.numbered else ("- " if section.heading else "")
            text = render_line(line)
            out.append((INDENT if section.heading else "") + prefix + text)
    if card.warning:  # last: the answer comes first, then what to do about the paste
        out += ["", one_line(card.warning)] if out else [one_line(card.warning)]
    return "\n".join(out)


def one_line(text: str) -> str:
    """Knowledge, user and server text never break the layout with stray newlines, and no
    control character reaches a terminal (a hostile server's ESC[2J would clear the screen
    or fake a result)."""
    if "\n" in text or "\r" in text or not text.isprintable():
        return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    return text
