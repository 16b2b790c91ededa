"""A renderer-neutral reply: a title and sections of lines made of styled spans.

The card builder decides *what* to say once; the plain-text and Telegram HTML renderers only
decide how it looks, so the two can never say different things.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple


class Style(Enum):
    PLAIN = "plain"
    BOLD = "bold"
    CODE = "code"  # host names, ports, commands
    LINK = "link"


class Span(NamedTuple):
    """A run of text in one style (a NamedTuple: cards are built for every answer)."""

    text: str
    style: Style = Style.PLAIN
    url: str | None = None


Line = tuple[Span | str, ...]  # a bare str is plain text


@dataclass
class Section:
    heading: str | None = None
    lines: list[Line] = field(default_factory=list)
    numbered: bool = False  # steps: 1. 2. 3.

    def add(self, *spans: Span | str) -> None:
        self.lines.append(spans)


@dataclass
class Card:
    title: str | None = None
    warning: str | None = None  # shown after everything else (a pasted secret)
    sections: list[Section] = field(default_factory=list)
    cut: bool = False  # a short reply: the full card says more

    def section(self, heading: str | None = None, *, numbered: bool = False) -> Section:
        new = Section(heading, numbered=numbered)
        self.sections.append(new)
        return new

    def convert_text(self, convert: Callable[[str], str]) -> None:
        """Apply ``convert`` to every piece of text (not to URLs): a script change."""
        self.title = convert(self.title) if self.title else self.title
        self.warning = convert(self.warning) if self.warning else self.warning
        for section in self.sections:
            section.heading = convert(section.heading) if section.heading else section.heading
            section.lines = [
                tuple(convert(span) if isinstance(span, str) else span._replace(
                    text=convert(span.text)) for span in line)
                for line in section.lines
            ]


def bold(text: str) -> Span:
    return Span(text, Style.BOLD)


def code(text: str) -> Span:
    return Span(text, Style.CODE)


def link(title: str, url: str) -> Span:
    return Span(title, Style.LINK, url)
