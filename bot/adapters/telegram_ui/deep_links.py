"""Deep-link payloads: ``https://t.me/<bot>?start=<payload>`` opens a private chat with the
bot, which then receives ``/start <payload>``.

A group answer links "more in private" this way. Telegram allows 64 characters of
``[A-Za-z0-9_-]``. Links stay in group messages for good, so the one format is kept as it
was first written, ``s_<provider>_<protocols joined by "-", or all>``; a new format takes
a new first letter. ``decode_start`` accepts exactly what ``encode_start`` writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.knowledge_schema import ID_PATTERN
from bot.models import Protocol

START_PAYLOAD_LIMIT = 64  # characters
START_PAYLOAD_ALPHABET = re.compile(r"[A-Za-z0-9_-]*")
SETTINGS_KIND = "s"
SEPARATOR = "_"
PROTOCOL_SEPARATOR = "-"
ALL_PROTOCOLS = "all"

_ID = re.compile(ID_PATTERN)


@dataclass(frozen=True)
class SettingsLink:
    """Open a provider's settings in private, in full."""

    provider_id: str
    protocols: tuple[Protocol, ...]  # the ones asked about; () for all


def encode_start(link: SettingsLink) -> str | None:
    """The payload for ``link``; None when it would not fit (the caller leaves the link
    off). A provider id outside the knowledge base's id pattern is a ValueError."""
    if not _ID.fullmatch(link.provider_id):
        raise ValueError(f"not a knowledge base id: {link.provider_id!r}")
    protocols = PROTOCOL_SEPARATOR.join(p.value for p in link.protocols) or ALL_PROTOCOLS
    payload = SEPARATOR.join([SETTINGS_KIND, link.provider_id, protocols])
    fits = len(payload) <= START_PAYLOAD_LIMIT and START_PAYLOAD_ALPHABET.fullmatch(payload)
    return payload if fits else None


def decode_start(payload: str) -> SettingsLink | None:
    """The link ``payload`` was written for; None for anything this bot does not write."""
    kind, *fields = payload.split(SEPARATOR)
    if kind != SETTINGS_KIND or len(fields) != 2:
        return None
    provider_id, protocols = fields
    try:
        link = SettingsLink(provider_id, () if protocols == ALL_PROTOCOLS else tuple(
            Protocol(p) for p in protocols.split(PROTOCOL_SEPARATOR)))
        canonical = encode_start(link)
    except ValueError:
        return None
    return link if canonical == payload else None
