"""Deep-link payloads: ``https://t.me/<bot>?start=<payload>`` opens a private chat with the
bot, which then receives ``/start <payload>``.

A group answer links "more in private" this way. Telegram allows 64 characters of
``[A-Za-z0-9_-]``. Links stay in group messages for good, so the one format is kept as it
was first written, ``s_<provider>_<protocols joined by "-", or all>``; a new format takes
a new first letter: ``e_<troubleshooting entry>_<provider, or ->`` opens an error's
explanation, ``x_<provider>_<a or m>`` sends a setup file (a group answer cannot carry a
file to one person: the private chat can). ``decode_start`` accepts exactly what
``encode_start`` writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.adapters.telegram_ui.callback_data import ExportFormat
from bot.knowledge_schema import ID_PATTERN
from bot.models import Protocol

START_PAYLOAD_LIMIT = 64  # characters
START_PAYLOAD_ALPHABET = re.compile(r"[A-Za-z0-9_-]*")
SETTINGS_KIND = "s"
ERROR_KIND = "e"
EXPORT_KIND = "x"
NO_PROVIDER = "-"
SEPARATOR = "_"
PROTOCOL_SEPARATOR = "-"
ALL_PROTOCOLS = "all"

_ID = re.compile(ID_PATTERN)


@dataclass(frozen=True)
class SettingsLink:
    """Open a provider's settings in private, in full."""

    provider_id: str
    protocols: tuple[Protocol, ...]  # the ones asked about; () for all


@dataclass(frozen=True)
class ErrorLink:
    """Open the explanation of an error in private, in full (from a short group answer)."""

    entry_id: str
    provider_id: str | None


@dataclass(frozen=True)
class ExportLink:
    """Send a provider's setup file in private (from a group answer)."""

    provider_id: str
    format: ExportFormat


Link = SettingsLink | ErrorLink | ExportLink
_FORMAT_LETTERS = {ExportFormat.AUTOCONFIG: "a", ExportFormat.MOBILECONFIG: "m"}
_BY_FORMAT_LETTER = {letter: fmt for fmt, letter in _FORMAT_LETTERS.items()}


def encode_start(link: Link) -> str | None:
    """The payload for ``link``; None when it would not fit (the caller leaves the link
    off). An id outside the knowledge base's id pattern is a ValueError."""
    if isinstance(link, ExportLink):
        payload = SEPARATOR.join([EXPORT_KIND, _checked(link.provider_id),
                                  _FORMAT_LETTERS[link.format]])
    elif isinstance(link, ErrorLink):
        provider = NO_PROVIDER if link.provider_id is None else _checked(link.provider_id)
        payload = SEPARATOR.join([ERROR_KIND, _checked(link.entry_id), provider])
    else:
        protocols = PROTOCOL_SEPARATOR.join(p.value for p in link.protocols) or ALL_PROTOCOLS
        payload = SEPARATOR.join([SETTINGS_KIND, _checked(link.provider_id), protocols])
    fits = len(payload) <= START_PAYLOAD_LIMIT and START_PAYLOAD_ALPHABET.fullmatch(payload)
    return payload if fits else None


def _checked(value: str) -> str:
    if not _ID.fullmatch(value):
        raise ValueError(f"not a knowledge base id: {value!r}")
    return value


def decode_start(payload: str) -> Link | None:
    """The link ``payload`` was written for; None for anything this bot does not write."""
    kind, *fields = payload.split(SEPARATOR)
    if kind not in (SETTINGS_KIND, ERROR_KIND, EXPORT_KIND) or len(fields) != 2:
        return None
    first, second = fields
    try:
        link: Link = (
            ExportLink(first, _BY_FORMAT_LETTER[second]) if kind == EXPORT_KIND
            else ErrorLink(first, None if second == NO_PROVIDER else second)
            if kind == ERROR_KIND
            else SettingsLink(first, () if second == ALL_PROTOCOLS else tuple(
                Protocol(p) for p in second.split(PROTOCOL_SEPARATOR))))
        canonical = encode_start(link)
    except (ValueError, KeyError):
        return None
    return link if canonical == payload else None
