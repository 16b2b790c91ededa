"""Random text never breaks the engine or its renderings (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.answer_json import answer_to_json
from bot.engine import Engine
from bot.rendering.card_builder import build_card
from bot.rendering.plain_text import render_plain
from bot.rendering.telegram_html import render_html
from tests.telegram_html_check import telegram_html_problems

MAX_REPLY_CHARS = 12_000

mail_words = st.sampled_from(["qq", "smtp", "@", "163.com", "端口", "<b>", "&", "535", ":",
                              "gmail", "outlook", "授权码", "5.7.8", "\n", "　", "ＱＱ", "🙂"])
messages = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(mail_words, st.text(max_size=8)), max_size=40).map(" ".join),
    st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(message=messages)
def test_any_text_gets_a_bounded_valid_reply(engine: Engine, message: str) -> None:
    answer = engine.ask(message)
    card = build_card(answer)
    text = render_plain(card)
    assert 0 < len(text) <= MAX_REPLY_CHARS
    for html_message in render_html(card):
        assert telegram_html_problems(html_message) == []
    data = answer_to_json(answer, text=text)
    assert 0.0 <= data["confidence"] <= 1.0


def test_megabytes_of_text(engine: Engine) -> None:
    answer = engine.ask("qq smtp " * 300_000)
    assert answer.provider is not None and answer.provider.id == "qq-mail"
