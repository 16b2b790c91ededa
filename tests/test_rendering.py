"""Plain text and Telegram HTML renderings of real answers."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.models import Lang
from bot.rendering.card import Card, Span, Style
from bot.rendering.card_builder import build_card
from bot.rendering.plain_text import render_plain
from bot.rendering.telegram_html import TELEGRAM_MESSAGE_LIMIT, render_html
from tests.telegram_html_check import telegram_html_problems

QUESTIONS = ["QQ SMTP port?", "zhang@163.com", "outlook", "gmial smtp", "tutanota imap",
             "535 Login Fail. Please enter your authorization code to login", "hello",
             "", "me@example-company.cn", "which port is STARTTLS?", "smtp port?",
             "qq邮箱smtp端口", "my password is hunter2secret, gmail smtp?"]


@pytest.mark.parametrize("question", QUESTIONS)
def test_both_renderings_of_real_answers(engine: Engine, question: str) -> None:
    card = build_card(engine.ask(question))
    text = render_plain(card)
    assert text.strip()
    for message in render_html(card):
        assert telegram_html_problems(message) == []


def test_plain_answer_leads_with_asked_protocol(engine: Engine) -> None:
    text = render_plain(build_card(engine.ask("QQ SMTP port?")))
    first_lines = text.splitlines()[:4]
    assert any("smtp.qq.com" in line and "465" in line for line in first_lines)
    assert "imap.qq.com" not in text  # only the asked protocol unless --full
    assert "授权码" in text or "authorization code" in text


def test_full_card_shows_every_protocol(engine: Engine) -> None:
    text = render_plain(build_card(engine.ask("QQ SMTP port?"), full=True))
    assert "imap.qq.com" in text and "smtp.qq.com" in text


def test_address_alone_shows_incoming_and_outgoing_with_username(engine: Engine) -> None:
    text = render_plain(build_card(engine.ask("zhang@163.com")))
    assert "imap.163.com" in text and "smtp.163.com" in text
    assert "zhang@163.com" in text


def test_chinese_question_gets_chinese_answer(engine: Engine) -> None:
    text = render_plain(build_card(engine.ask("qq邮箱smtp端口")))
    assert "端口" in text and "授权码" in text


def test_unverified_servers_are_marked(engine: Engine) -> None:
    answer = engine.ask("QQ SMTP port?", Lang.EN)
    assert any(s.unverified for s in answer.servers)
    assert "unverified" in render_plain(build_card(answer))


def test_no_client_access_is_said_plainly(engine: Engine) -> None:
    text = render_plain(build_card(engine.ask("tutanota imap")))
    assert "no IMAP, POP3 or SMTP" in text


def test_unknown_domain_invents_no_host(engine: Engine) -> None:
    text = render_plain(build_card(engine.ask("me@example-company.cn imap")))
    assert "example-company.cn" in text
    for guess in ("imap.example-company.cn", "mail.example-company.cn",
                  "smtp.example-company.cn"):
        assert guess not in text


def test_domain_typo_is_offered_as_a_question_not_an_answer(engine: Engine) -> None:
    answer = engine.ask("x@gmial.com smtp")
    assert answer.did_you_mean is not None and answer.did_you_mean[0] == "gmail.com"
    text = render_plain(build_card(answer))
    assert "gmial.com" in text and "gmail.com (Gmail)?" in text
    assert "smtp.gmail.com" not in text
    # A country's own domain is not a typo of another country's.
    assert engine.ask("x@yahoo.co.ke").did_you_mean is None  # not a typo of yahoo.co.kr
    assert engine.ask("x@example-company.cn").did_you_mean is None


@pytest.mark.parametrize(("address", "shown"), [
    ("taro@miomio.jp", "taro.miomio.jp"),  # ISPDB's %EMAILLOCALPART%.%EMAILDOMAIN%
    ("taro@163.com", "taro@163.com"),
])
def test_username_example_follows_the_form(engine: Engine, address: str, shown: str) -> None:
    text = render_plain(build_card(engine.ask(address)))
    assert f"({shown})" in text


def test_traditional_chinese_is_answered_in_traditional(engine: Engine) -> None:
    traditional = engine.ask("網易163郵箱 SMTP 伺服器")
    assert traditional.question.traditional and traditional.provider is not None
    assert traditional.provider.id == "netease-163"
    text = render_plain(build_card(traditional))
    assert "發信" in text and "smtp.163.com" in text and "发信" not in text
    simplified = render_plain(build_card(engine.ask("网易163邮箱 SMTP 服务器")))
    assert "发信" in simplified and "發信" not in simplified


def test_secret_warning_comes_last(engine: Engine) -> None:
    """The answer first; what to do about the pasted secret after it (issue 12)."""
    text = render_plain(build_card(engine.ask("my password is hunter2secret, gmail smtp?")))
    assert text.startswith("Gmail") and text.splitlines()[-1].startswith("⚠")


def test_markup_in_user_text_is_escaped(engine: Engine) -> None:
    card = build_card(engine.ask("<b>bold</b> & <script>x</script> me@<i>.com"))
    for message in render_html(card):
        assert "<script>" not in message
        assert telegram_html_problems(message) == []


def test_long_card_is_split_between_lines() -> None:
    card = Card(title="title <&>")
    section = card.section("heading")
    for index in range(400):
        section.add(Span(f"line {index} <x> & "), Span("host.example", Style.CODE))
    messages = render_html(card)
    assert len(messages) > 1
    for message in messages:
        assert len(message) <= TELEGRAM_MESSAGE_LIMIT
        assert telegram_html_problems(message) == []
    joined = "\n".join(messages)
    assert "line 0 " in joined and "line 399 " in joined


def test_single_overlong_line_is_cut_safely() -> None:
    card = Card()
    card.section().add(Span("&" * 10_000, Style.BOLD))
    (message,) = render_html(card)
    assert len(message) <= TELEGRAM_MESSAGE_LIMIT
    assert telegram_html_problems(message) == []


def test_plain_text_never_breaks_lines_from_data() -> None:
    card = Card(title="a\nb")
    card.section().add("c\r\nd")
    assert render_plain(card) == "a b\n\nc d"


def test_server_words_never_reach_a_terminal_as_control_characters() -> None:
    """A hostile server's reply (ESC[2J clears the screen, a fake ✅ line) is shown inert."""
    from bot.models import Protocol, Security, Text
    from bot.probing.codes import ErrorKind
    from bot.probing.results import Finding, ProbeReport, ProbeResult
    from bot.rendering.probe_card import MAX_FINDING_TEXT, build_probe_card

    hostile = "554 \x1b[2J\x1b[1;1H\u2705 works\x07" + "A" * 5000
    result = ProbeResult(host="mx.example.net", port=25, protocol=Protocol.SMTP,
                         security=Security.STARTTLS, error=hostile,
                         diagnosis=[Finding(ErrorKind.PROTOCOL, Text(f"Failed: {hostile}",
                                                             f"失败：{hostile}"), "error")],
                         banner=hostile)
    for lang in (Lang.EN, Lang.ZH):
        text = render_plain(build_probe_card(ProbeReport("mx.example.net:25", results=[result]),
                                             lang))
        assert not any(ord(ch) < 32 and ch != "\n" for ch in text)
        assert "\x07" not in text and "\x1b" not in text
        assert max(len(line) for line in text.splitlines()) < MAX_FINDING_TEXT + 20


@pytest.mark.parametrize(("question", "unverified"), [
    ("zhang@nate.com smtp", True),  # steps no official page states
    ("someone@startmail.com imap", False),  # steps from StartMail's own help
])
def test_enable_steps_say_whether_they_are_verified(engine: Engine, question: str,
                                                    unverified: bool) -> None:
    text = render_plain(build_card(engine.ask(question), full=True))
    heading = next(line for line in text.splitlines() if line.startswith("Before you start"))
    assert ("unverified" in heading) is unverified
