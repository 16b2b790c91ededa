"""Button data: every value round-trips within Telegram's 64 bytes, and anything else (data
from before the codec, forged data) reads as no button at all."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.adapters.telegram_ui.callback_data import (
    CALLBACK_DATA_LIMIT,
    Button,
    ErrorButton,
    ExportButton,
    ExportFormat,
    ProbeButton,
    SettingsButton,
    decode,
    decode_as,
    encode,
    is_a,
)
from bot.knowledge_base import KnowledgeBase
from bot.knowledge_schema import ID_PATTERN
from bot.models import Lang, Protocol

ids = st.from_regex(ID_PATTERN, fullmatch=True)
langs = st.sampled_from(Lang)
protocol_lists = st.lists(st.sampled_from(Protocol), max_size=3, unique=True).map(tuple)
buttons: st.SearchStrategy[Button] = st.one_of(
    st.builds(SettingsButton, ids, protocol_lists, langs, st.booleans()),
    st.builds(ErrorButton, ids, st.one_of(st.none(), ids), langs),
    st.builds(ProbeButton, ids, st.integers(min_value=0, max_value=10**6)),
    st.builds(ExportButton, ids, st.sampled_from(ExportFormat)),
)


@given(button=buttons)
def test_every_button_round_trips_or_is_left_off(button: Button) -> None:
    data = encode(button)
    if data is not None:
        assert len(data.encode()) <= CALLBACK_DATA_LIMIT
        assert decode(data) == button


@given(data=st.one_of(st.text(max_size=70),
                      st.lists(st.sampled_from(["s1", "e1", "p1", "x1", "|", "a", "m",
                                                "qq-mail", "-", "en", "zh", "0", "1", "is",
                                                "０", " 1", "01"]),
                               max_size=8).map("".join)))
def test_any_data_decodes_to_what_writes_it_or_to_nothing(data: str) -> None:
    button = decode(data)  # never raises
    if button is not None:
        assert encode(button) == data


def test_the_formats() -> None:
    assert encode(SettingsButton("qq-mail", (Protocol.IMAP, Protocol.SMTP), Lang.ZH,
                                 full=False)) == "s1|qq-mail|is|zh|0"
    assert encode(SettingsButton("qq-mail", (), Lang.EN, full=True)) == "s1|qq-mail||en|1"
    assert encode(ErrorButton("smtp-auth-535", None, Lang.EN)) == "e1|smtp-auth-535|-|en"
    assert encode(ProbeButton("gmail", 2)) == "p1|gmail|2"


@pytest.mark.parametrize("data", [
    "s|qq-mail|all|en|0",  # before the codec: no version
    "e|smtp-auth-535|-|zh",
    "p|gmail|0",
    "s2|qq-mail||en|0",  # a version this bot does not write
    "s1|qq-mail||en|2", "s1|qq-mail|x|en|0", "s1|qq-mail||fr|0", "s1|QQ|i|en|0",
    "s1|qq-mail||en", "s1|qq-mail||en|0|extra", "p1|gmail|-1", "p1|gmail|01", "p1|gmail|",
    "p1|gmail|１", "e1|a b|-|en", "", "|", "🙂",
])
def test_old_and_forged_data_is_no_button(data: str) -> None:
    assert decode(data) is None
    assert not any(is_a(kind)(data) for kind in (SettingsButton, ErrorButton, ProbeButton))


def test_a_pattern_accepts_only_its_own_kind() -> None:
    probe = encode(ProbeButton("gmail", 0))
    assert is_a(ProbeButton)(probe) and not is_a(SettingsButton)(probe)
    assert decode_as(probe, ProbeButton) == ProbeButton("gmail", 0)
    assert decode_as(probe, ErrorButton) is None
    assert decode_as(None, ProbeButton) is None  # a game button carries no data


def test_ids_that_could_break_the_format_are_refused() -> None:
    with pytest.raises(ValueError):
        encode(ProbeButton("a|b", 0))
    with pytest.raises(ValueError):
        encode(ProbeButton("gmail", -1))


def test_the_longest_real_values_fit(kb: KnowledgeBase) -> None:
    """Every provider's settings (all protocols, every setting) and each of its servers'
    probe buttons; every troubleshooting entry with each provider it names and alone."""
    for provider in kb.providers.values():
        for lang in Lang:
            settings = SettingsButton(provider.id, tuple(Protocol), lang, full=True)
            assert encode(settings) is not None, provider.id
        for index in range(len(provider.servers)):
            assert encode(ProbeButton(provider.id, index)) is not None, provider.id
    for entry in kb.troubleshooting.values():
        for provider_id in (None, *entry.providers):
            assert encode(ErrorButton(entry.id, provider_id, Lang.ZH)) is not None, entry.id


def test_data_too_long_for_telegram_is_left_off() -> None:
    assert encode(ErrorButton("e" * 30, "p" * 30, Lang.EN)) is None
    longest = "p" * (CALLBACK_DATA_LIMIT - len("p1|") - len("|9"))
    assert encode(ProbeButton(longest, 9)) is not None
    assert encode(ProbeButton(longest, 10)) is None
