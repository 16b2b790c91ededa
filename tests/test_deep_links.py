"""Deep-link payloads: the format already in group messages still reads, every link fits
Telegram's 64 characters of [A-Za-z0-9_-], and anything else reads as no link."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.adapters.telegram_ui.callback_data import ExportFormat
from bot.adapters.telegram_ui.deep_links import (
    START_PAYLOAD_LIMIT,
    ErrorLink,
    ExportLink,
    SettingsLink,
    decode_start,
    encode_start,
)
from bot.knowledge_base import KnowledgeBase
from bot.knowledge_schema import ID_PATTERN
from bot.models import Protocol

TELEGRAM_START_PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")
ids = st.from_regex(ID_PATTERN, fullmatch=True)
links = st.one_of(
    st.builds(SettingsLink, ids,
              st.lists(st.sampled_from(Protocol), max_size=3, unique=True).map(tuple)),
    st.builds(ErrorLink, ids, st.one_of(st.none(), ids)),
    st.builds(ExportLink, ids, st.sampled_from(ExportFormat)))


@given(link=links)
def test_every_link_round_trips_or_is_left_off(link: SettingsLink | ErrorLink) -> None:
    payload = encode_start(link)
    if payload is not None:
        assert TELEGRAM_START_PAYLOAD.fullmatch(payload)
        assert decode_start(payload) == link


@given(payload=st.one_of(st.text(max_size=70), st.lists(st.sampled_from(
    ["s", "e", "_", "qq-mail", "imap", "-", "smtp", "all", "pop3", "x"]),
    max_size=8).map("".join)))
def test_any_payload_decodes_to_what_writes_it_or_to_nothing(payload: str) -> None:
    link = decode_start(payload)
    if link is not None:
        assert encode_start(link) == payload


@pytest.mark.parametrize(("payload", "link"), [  # as group answers have written them
    ("s_qq-mail_all", SettingsLink("qq-mail", ())),
    ("s_qq-mail_smtp", SettingsLink("qq-mail", (Protocol.SMTP,))),
    ("s_netease-163_imap-smtp", SettingsLink("netease-163", (Protocol.IMAP, Protocol.SMTP))),
])
def test_links_already_in_groups_still_read(payload: str, link: SettingsLink) -> None:
    assert decode_start(payload) == link
    assert encode_start(link) == payload


@pytest.mark.parametrize("payload", ["", "s", "s_qq-mail", "s_qq-mail_", "s_qq-mail_ftp",
                                     "s_QQ_all", "s_qq-mail_all_x", "x_qq-mail_all",
                                     "s__all", "s_qq-mail_imap-all", "ref123"])
def test_other_payloads_are_no_link(payload: str) -> None:
    assert decode_start(payload) is None


def test_every_real_provider_fits(kb: KnowledgeBase) -> None:
    for provider in kb.providers.values():
        payload = encode_start(SettingsLink(provider.id, tuple(Protocol)))
        assert payload is not None and len(payload) <= START_PAYLOAD_LIMIT, provider.id


def test_a_link_too_long_is_left_off() -> None:
    assert encode_start(SettingsLink("p" * START_PAYLOAD_LIMIT, ())) is None


def test_every_real_error_fits(kb: KnowledgeBase) -> None:
    """A group's error answer links to its explanation in private (issue 12)."""
    for entry in kb.troubleshooting.values():
        for provider in (None, *entry.providers):
            link = ErrorLink(entry.id, provider)
            payload = encode_start(link)
            assert payload is not None and decode_start(payload) == link
