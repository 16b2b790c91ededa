"""What Telegram's HTML parse mode accepts, as a checker for tests (and the fake Bot API).

From the Bot API's "HTML style": only a few tags; every <, > and & outside a tag or entity
must be escaped; tags must nest properly; a message is at most 4,096 characters after
entities are parsed.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
                "tg-spoiler", "span", "blockquote", "tg-emoji"}
ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")
MESSAGE_LIMIT = 4096


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.text_length = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"unsupported tag <{tag}>")
        if tag == "a" and not any(name == "href" for name, _ in attrs):
            self.problems.append("<a> without href")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"unbalanced </{tag}>")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if "<" in data or ">" in data:
            self.problems.append(f"unescaped < or > in {data[:30]!r}")
        self.text_length += len(data)

    def handle_entityref(self, name: str) -> None:
        if name not in {"lt", "gt", "amp", "quot"}:
            self.problems.append(f"unsupported entity &{name};")
        self.text_length += 1

    def handle_charref(self, name: str) -> None:
        self.text_length += 1


def telegram_html_problems(message: str) -> list[str]:
    """Why Telegram would reject ``message`` with parse_mode=HTML (empty: it is fine)."""
    stripped = ENTITY.sub("", message)
    stripped = re.sub(r"</?[a-zA-Z][^<>]*>", "", stripped)
    problems = []
    if "&" in stripped:
        problems.append("unescaped &")
    checker = _Checker()
    checker.feed(message)
    checker.close()
    problems += checker.problems
    if checker.stack:
        problems.append(f"unclosed <{checker.stack[-1]}>")
    if len(html.unescape(re.sub(r"<[^<>]*>", "", message))) > MESSAGE_LIMIT:
        problems.append("longer than 4096 characters")
    if not message.strip():
        problems.append("empty message")
    return problems
