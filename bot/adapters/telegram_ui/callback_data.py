"""What a button under an answer carries, written and read back in one place.

Telegram hands a button's data back verbatim when it is pressed, up to 64 bytes, for as
long as the message exists: data written by an older version of the bot arrives here, and
so does forged data. Each kind of button is one frozen value. ``encode`` writes it behind a
kind-and-version prefix; ``decode`` accepts exactly what ``encode`` writes and returns None
for anything else, and the handler then says the button is out of date. A new format takes
a new version digit, so data under old messages is never misread.

    s1|<provider>|<protocol initials, none: all>|<lang>|<0/1: every setting>
    e1|<troubleshooting entry>|<provider, or ->|<lang>          (the short reply)
    e2|<troubleshooting entry>|<provider, or ->|<lang>          (in full: "Details")
    p1|<provider>|<index of the server in the provider's list>
    x1|<provider>|<a: Thunderbird autoconfig, m: Apple profile>

Before this codec the data had no version (``s|qq-mail|all|en|0``); such data decodes to
None.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from bot.knowledge_schema import ID_PATTERN
from bot.models import Lang, Protocol

CALLBACK_DATA_LIMIT = 64  # bytes: Telegram refuses a keyboard with longer data
VERSION = "1"
FULL_ERROR_VERSION = "2"  # an error button that shows the entry in full
SEPARATOR = "|"
NO_PROVIDER = "-"
FLAGS = {False: "0", True: "1"}

_ID = re.compile(ID_PATTERN)
_INITIALS = {protocol: protocol.value[0] for protocol in Protocol}
_BY_INITIAL = {initial: protocol for protocol, initial in _INITIALS.items()}


@dataclass(frozen=True)
class SettingsButton:
    """Show a provider's settings again: all of them, or in the other language."""

    provider_id: str
    protocols: tuple[Protocol, ...]  # the ones asked about; () for all
    lang: Lang
    full: bool


@dataclass(frozen=True)
class ErrorButton:
    """Explain a troubleshooting entry again (in the other language, or in full)."""

    entry_id: str
    provider_id: str | None
    lang: Lang
    full: bool = False


@dataclass(frozen=True)
class ProbeButton:
    """Probe a server the knowledge base names (never a host taken from the user's text)."""

    provider_id: str
    server_index: int


class ExportFormat(StrEnum):
    """A file a mail app applies (bot.exports): the value is the CLI's ``--format``."""

    AUTOCONFIG = "autoconfig"  # Thunderbird's clientConfig XML
    MOBILECONFIG = "mobileconfig"  # an Apple configuration profile


@dataclass(frozen=True)
class ExportButton:
    """Send a provider's settings as a file the person's mail app applies."""

    provider_id: str
    format: ExportFormat


Button = SettingsButton | ErrorButton | ProbeButton | ExportButton
ButtonT = TypeVar("ButtonT", SettingsButton, ErrorButton, ProbeButton, ExportButton)

_KINDS: dict[type[Button], str] = {SettingsButton: "s", ErrorButton: "e", ProbeButton: "p",
                                   ExportButton: "x"}
_FORMAT_LETTERS = {ExportFormat.AUTOCONFIG: "a", ExportFormat.MOBILECONFIG: "m"}
_BY_FORMAT_LETTER = {letter: fmt for fmt, letter in _FORMAT_LETTERS.items()}


def encode(button: Button) -> str | None:
    """The data for ``button``; None when it would not fit Telegram's 64 bytes (the caller
    leaves the button off). Ids outside the knowledge base's id pattern are a ValueError."""
    version = FULL_ERROR_VERSION if isinstance(button, ErrorButton) and button.full else VERSION
    data = SEPARATOR.join([_KINDS[type(button)] + version, *_fields(button)])
    return data if len(data.encode()) <= CALLBACK_DATA_LIMIT else None


def decode(data: str) -> Button | None:
    """The button ``data`` was written for; None for data this version never writes (under
    a message sent before a format change, or forged)."""
    prefix, *fields = data.split(SEPARATOR)
    parse = _PARSERS.get(prefix)
    if parse is None:
        return None
    try:
        button = parse(fields)
        canonical = encode(button)
    except (ValueError, KeyError):
        return None
    return button if canonical == data else None  # " 1", "０" and the like are not ours


def decode_as(data: object, kind: type[ButtonT]) -> ButtonT | None:
    """``data`` decoded, if it is a ``kind`` button."""
    button = decode(data) if isinstance(data, str) else None
    return button if isinstance(button, kind) else None


def is_a(kind: type[ButtonT]) -> Callable[[object], bool]:
    """A ``CallbackQueryHandler`` pattern: true for data that decodes to a ``kind`` button."""
    return lambda data: decode_as(data, kind) is not None


def _fields(button: Button) -> list[str]:
    match button:
        case SettingsButton(provider_id, protocols, lang, full):
            return [_checked_id(provider_id), "".join(_INITIALS[p] for p in protocols),
                    lang.value, FLAGS[full]]
        case ErrorButton(entry_id, provider_id, lang, _):
            provider = NO_PROVIDER if provider_id is None else _checked_id(provider_id)
            return [_checked_id(entry_id), provider, lang.value]
        case ProbeButton(provider_id, server_index):
            if server_index < 0:
                raise ValueError(f"a server index is never negative: {server_index}")
            return [_checked_id(provider_id), str(server_index)]
        case ExportButton(provider_id, export_format):
            return [_checked_id(provider_id), _FORMAT_LETTERS[export_format]]


def _checked_id(value: str) -> str:
    if not _ID.fullmatch(value):
        raise ValueError(f"not a knowledge base id: {value!r}")
    return value


def _settings(fields: list[str]) -> SettingsButton:
    provider_id, protocols, lang, full = fields
    flag = {text: value for value, text in FLAGS.items()}[full]
    return SettingsButton(provider_id, tuple(_BY_INITIAL[c] for c in protocols), Lang(lang),
                          flag)


def _error(fields: list[str], *, full: bool = False) -> ErrorButton:
    entry_id, provider_id, lang = fields
    return ErrorButton(entry_id, None if provider_id == NO_PROVIDER else provider_id,
                       Lang(lang), full)


def _probe(fields: list[str]) -> ProbeButton:
    provider_id, index = fields
    return ProbeButton(provider_id, int(index))


def _export(fields: list[str]) -> ExportButton:
    provider_id, letter = fields
    return ExportButton(provider_id, _BY_FORMAT_LETTER[letter])


_PARSERS: dict[str, Callable[[list[str]], Button]] = {
    _KINDS[SettingsButton] + VERSION: _settings,
    _KINDS[ErrorButton] + VERSION: _error,
    _KINDS[ErrorButton] + FULL_ERROR_VERSION: lambda fields: _error(fields, full=True),
    _KINDS[ProbeButton] + VERSION: _probe,
    _KINDS[ExportButton] + VERSION: _export,
}
