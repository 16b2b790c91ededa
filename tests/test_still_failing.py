"""A "still failing?" reply continues from the last diagnosis (issue 12): a new error that
names no provider is read for the conversation's provider and says so ("Still QQ Mail: …"),
a bare "还是不行" gets the last error's fix again; in the engine, the CLI chat and Telegram."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.adapters.ask_command import answer_text
from bot.adapters.console_session import ConsoleSession
from bot.adapters.telegram_ui.stored_state import Topics
from bot.conversation import Topic, answer_in_topic, topic_of
from bot.conversation_phrases import says_still_failing
from bot.engine import Engine
from bot.models import DiagnosisCode, Intent
from bot.state.sqlite_store import SqliteStore
from bot.state.store import Resilient
from tests.test_telegram_bot import Running, replies_to, until

QQ_DIAGNOSED = "qq邮箱 535 Login Fail. Please enter your authorization code to login"
GMAIL_DIAGNOSED = "gmail 535-5.7.8 Username and Password not accepted"


@pytest.fixture(scope="module")
def qq_topic(engine: Engine) -> Topic:
    topic = topic_of(engine.ask(QQ_DIAGNOSED))
    assert topic is not None and topic.provider_id == "qq-mail"
    assert topic.entry_id == "qq-authorization-code-required"
    return topic


@pytest.mark.parametrize(("follow_up", "lead", "code"), [
    # a new pasted error, no provider named: read for QQ Mail, which wants its code
    ("still failing: 535 5.7.8 Error: authentication failed", "Still QQ Mail:",
     DiagnosisCode.AUTHORIZATION_CODE_REQUIRED),
    ("535 5.7.8 Error: authentication failed", "Still QQ Mail:",
     DiagnosisCode.AUTHORIZATION_CODE_REQUIRED),
    ("还是不行，Connection refused", "还是QQ邮箱：", DiagnosisCode.REFUSED),
    # no new error: the last one's fix again
    ("还是不行", "还是QQ邮箱：", None),
    ("還是不行", "還是QQ郵箱：", None),
    ("still not working", "Still QQ Mail:", None),
    ("it didn't help", "Still QQ Mail:", None),
])
def test_a_still_failing_reply_continues_for_the_same_provider(
        engine: Engine, qq_topic: Topic, follow_up: str, lead: str,
        code: DiagnosisCode | None) -> None:
    answer = answer_in_topic(engine, follow_up, qq_topic)
    assert answer.intent is Intent.ERROR and answer.continues
    assert answer.provider is not None and answer.provider.id == "qq-mail"
    text = answer_text(answer)
    assert text.startswith(lead)
    if code is None:
        assert answer.troubleshooting[0].id == qq_topic.entry_id
    else:
        assert answer.diagnoses[0].code is code
    assert len(text) <= 600


@pytest.mark.parametrize(("message", "provider"), [
    ("gmail 535 5.7.8 Error: authentication failed", "gmail"),  # names its own provider
    # another provider's own error text is that provider's, not a continuation
    ("still failing: 535-5.7.8 Username and Password not accepted", None),
    ("535 Error: authentication failed", None),  # NetEase's own wording
])
def test_a_new_provider_or_another_providers_error_does_not_continue(
        engine: Engine, qq_topic: Topic, message: str, provider: str | None) -> None:
    answer = answer_in_topic(engine, message, qq_topic)
    assert not answer.continues and not answer_text(answer).startswith("Still")
    assert (answer.provider.id if answer.provider else None) == provider


@pytest.mark.parametrize("message", ["thanks", "好的谢谢", "qq smtp", "hello"])
def test_what_says_nothing_failed_is_answered_as_it_is(engine: Engine, qq_topic: Topic,
                                                       message: str) -> None:
    assert answer_in_topic(engine, message, qq_topic) == engine.ask(message)


def test_without_a_topic_nothing_continues(engine: Engine) -> None:
    assert answer_in_topic(engine, "还是不行", None).intent is Intent.OFF_TOPIC
    alone = answer_in_topic(engine, "535 5.7.8 Error: authentication failed", None)
    assert alone.provider is None and not alone.continues


def test_settings_topic_has_no_error_to_repeat(engine: Engine) -> None:
    topic = topic_of(engine.ask("qq smtp"))
    assert topic is not None and topic.entry_id is None
    assert answer_in_topic(engine, "still not working", topic).intent is Intent.OFF_TOPIC


@pytest.mark.parametrize(("text", "says"), [
    ("still failing", True), ("it still fails", True), ("还是报错", True), ("仍然失败", True),
    ("没用", True), ("doesn't work", True), ("still", False), ("好的谢谢", False),
    ("is port 465 still supported", False),
])
def test_still_failing_words(text: str, says: bool) -> None:
    assert says_still_failing(text) is says


def test_the_cli_chat_continues_from_the_last_diagnosis(engine: Engine) -> None:
    session = ConsoleSession(engine, None)
    session.reply(GMAIL_DIAGNOSED)
    # QQ's own error text names QQ Mail: no "Still Gmail"
    assert not session.reply("535 Login Fail. Please enter your authorization code").startswith(
        "Still")
    reply = session.reply("still failing: 535 5.7.8 Error: authentication failed")
    assert reply.startswith("Still QQ Mail:") and "authorization code" in reply


async def test_still_failing_through_telegram(running: Running) -> None:
    api = running.api
    api.push_message(QQ_DIAGNOSED, user_id=71)
    await until(lambda: len(replies_to(api, 71)) == 1)
    assert "授权码" in replies_to(api, 71)[0].params["text"]
    api.push_message("还是不行 535 5.7.8 Error: authentication failed", user_id=71)
    await until(lambda: len(replies_to(api, 71)) == 2)
    text = replies_to(api, 71)[1].params["text"]
    assert text.startswith("<b>还是QQ邮箱：</b>") and "smtp.qq.com" in text and "授权码" in text
    api.push_message("还是不行", user_id=71)
    await until(lambda: len(replies_to(api, 71)) == 3)
    assert replies_to(api, 71)[2].params["text"].startswith("<b>还是QQ邮箱：</b>")


async def test_the_last_error_survives_in_the_state_store(tmp_path: Path,
                                                          qq_topic: Topic) -> None:
    """Another replica, or the process after a restart, knows what "还是不行" refers to."""
    store = await SqliteStore.open(tmp_path / "state.db")
    try:
        await Topics(Resilient(store)).put("7", qq_topic)
        assert await Topics(Resilient(store)).get("7") == qq_topic  # not this one's memory
    finally:
        await store.close()
