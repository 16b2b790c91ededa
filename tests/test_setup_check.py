"""The diagnosis: what is wrong with the person's own setup, as a table of messages and the
codes they must (and must not) produce."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.answer_json import answer_to_json
from bot.engine import Engine
from bot.models import DiagnosisCode as C


@pytest.mark.parametrize(("message", "first"), [
    ("nodemailer.createTransport({host: 'smtp.qq.com', port: 465, secure: false}) "
     "Error: Greeting never received", C.EXPECTS_IMPLICIT_TLS),
    ("nodemailer.createTransport({host: 'smtp.gmail.com', port: 587, secure: true})",
     C.EXPECTS_STARTTLS),
    ("EMAIL_HOST = 'smtp.163.com'\nEMAIL_PORT = 465\nEMAIL_USE_TLS = True\nEMAIL_USE_SSL = True",
     C.TLS_OPTIONS_CONFLICT),
    ('var c = new SmtpClient("smtp.qq.com", 465); c.EnableSsl = true;',
     C.CLIENT_CANNOT_IMPLICIT_TLS),
    ("System.Net.Mail cannot send through the 465 port", C.CLIENT_CANNOT_IMPLICIT_TLS),
    ("our app on a Linode sends through smtp.gmail.com port 587 and times out",
     C.SMTP_PORTS_BLOCKED),
    ("$mail->Host = 'pop.secureserver.net';\n$mail->Port = 110;\n$mail->SMTPSecure = 'ssl';",
     C.INCOMING_HOST_FOR_SENDING),
    ("程序部署在阿里云服务器上，用QQ邮箱发信，smtp.qq.com 25端口 连接超时", C.PORT_25_BLOCKED),
    ("邮件发送如何使用SSL 465端口呢？25端口被封了，发不了邮件", C.PORT_25_BLOCKED),
    ("Error: connect ECONNREFUSED 127.0.0.1:587\nMAIL_HOST=smtp.gmail.com", C.SETTINGS_NOT_LOADED),
    ("绑定邮箱出错：dial tcp :587: connect: connection refused", C.SETTINGS_NOT_LOADED),
    ("我们用腾讯企业邮箱，MAIL_HOST=smtp.qq.com MAIL_PORT=465", C.CONSUMER_HOST_FOR_BUSINESS),
    ("MAIL_HOST=imap.qq.com\nMAIL_PORT=465\nMAIL_USERNAME=me@qq.com", C.INCOMING_HOST_FOR_SENDING),
    ("我用163的邮箱发送，EMAIL_SERVER_HOST = 'pop.163.com' 这样填对吗",
     C.INCOMING_HOST_FOR_SENDING),
    ("host: stmp.qq.com port: 465", C.WRONG_HOST),
    ("smtp host mxbiz1.qq.com port 25 user me@acme.cn", C.MX_HOST_FOR_SUBMISSION),
    ("QQ邮箱 smtp 登录失败，我填的是QQ密码", C.AUTHORIZATION_CODE_REQUIRED),
])
def test_first_diagnosis(engine: Engine, message: str, first: C) -> None:
    answer = engine.ask(message)
    assert answer.diagnoses, "no diagnosis"
    assert answer.diagnoses[0].code is first


@pytest.mark.parametrize("message", [
    "nodemailer.createTransport({host: 'smtp.qq.com', port: 465, secure: true})",
    "EMAIL_HOST = 'smtp.163.com'\nEMAIL_PORT = 587\nEMAIL_USE_TLS = True",
    "spring.mail.host=smtp.qq.com\nspring.mail.port=465\n"
    "spring.mail.properties.mail.smtp.ssl.enable=true",
    "qq smtp port?",
])
def test_a_right_setup_gets_no_diagnosis(engine: Engine, message: str) -> None:
    assert engine.ask(message).diagnoses == ()


def test_a_named_local_bridge_is_no_settings_problem(engine: Engine) -> None:
    codes = [d.code for d in engine.ask("Proton Bridge on 127.0.0.1:1025, connect "
                                        "ECONNREFUSED 127.0.0.1:1025").diagnoses]
    assert C.SETTINGS_NOT_LOADED not in codes
    assert C.SETTINGS_NOT_LOADED in [d.code for d in engine.ask(
        "connect ECONNREFUSED 127.0.0.1:1025, MAIL_HOST=smtp.gmail.com").diagnoses]


def test_what_they_already_did_moves_to_the_next_cause(engine: Engine) -> None:
    error = "535 Login Fail. Please enter your authorization code to login"
    first = engine.ask(f"qq邮箱 smtp 报错 {error}").diagnoses[0].code
    assert first is C.AUTHORIZATION_CODE_REQUIRED
    did = engine.ask(f"qq邮箱 smtp 报错 {error}，密码用的是授权码").diagnoses[0].code
    assert did is C.SERVICE_NOT_ENABLED
    both = engine.ask(f"qq邮箱 smtp 报错 {error}，密码用的是授权码，SMTP服务也已经开启了")
    assert both.diagnoses[0].code is C.AUTH_FAILED


def test_fix_is_in_the_tools_own_terms(engine: Engine) -> None:
    answer = engine.ask("nodemailer.createTransport({host: 'smtp.qq.com', port: 465, "
                        "secure: false})")
    assert "secure: true" in answer.diagnoses[0].fix.en[0]


def test_hosting_words_pick_no_provider(engine: Engine) -> None:
    answer = engine.ask("部署在阿里云服务器上的程序，用 smtp.qq.com 发邮件失败")
    assert [p.id for p in answer.providers] == ["qq-mail"]


def test_a_named_business_mailbox_outranks_the_host_typed(engine: Engine) -> None:
    answer = engine.ask("我们用的是腾讯企业邮箱，域名 acme.cn，MAIL_HOST=smtp.qq.com")
    assert answer.provider is not None and answer.provider.id == "tencent-exmail"


@pytest.mark.parametrize("message", [
    "at com.sun.mail.smtp.SMTPTransport.openServer(SMTPTransport.java:2209)",
    "smtplib.SMTPAuthenticationError raised",
    "at com.alibaba.otter.canal.parse.driver.mysql.socket.SocketChannel.read(x)",
    "at emitOne (events.js:96:13)",
])
def test_code_names_are_not_domains(engine: Engine, message: str) -> None:
    assert engine.ask(message).intent.value != "unknown_provider"


def test_an_mx_host_in_the_message_names_the_platform(engine: Engine) -> None:
    answer = engine.ask("our MX is mxbiz1.qq.com, which IMAP server do we use?")
    assert answer.provider is not None and answer.provider.id == "tencent-exmail"


def test_json_carries_situation_and_diagnosis(engine: Engine) -> None:
    answer = engine.ask("nodemailer.createTransport({host: 'smtp.qq.com', port: 465, "
                        "secure: false, auth: {user: 'me@qq.com', pass: 'Hunter2xyz'}})\n"
                        "我已经开启了SMTP服务")
    data = answer_to_json(answer)
    assert data["situation"] == {
        "host": "smtp.qq.com", "port": 465, "security": "starttls", "username": "me@qq.com",
        "password_kind": None, "client": "nodemailer", "environment": None,
        "said_done": ["service-enabled"],
    }
    first = data["diagnosis"][0]
    assert first["code"] == "expects-implicit-tls" and first["fix"]
    assert "Hunter2xyz" not in (first["quote"] or "")
    assert "Hunter2xyz" not in data["text"] and data["secret_warning"] is True
    # the diagnosis before anything else, the warning about the pasted password last
    assert data["text"].startswith(first["text"][:20])
    assert "\n\n⚠" in data["text"]


def test_json_has_empty_situation_for_a_plain_question(engine: Engine) -> None:
    data = answer_to_json(engine.ask("gmail imap"))
    assert data["diagnosis"] == []
    assert data["situation"] == {"host": None, "port": None, "security": None, "username": None,
                                 "password_kind": None, "client": None, "environment": None,
                                 "said_done": []}


def test_readme_lists_every_diagnosis_code_once() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("### Diagnosis codes"):]
    table = table[:table.index("\n\n", table.index("| code |"))]
    listed = re.findall(r"^\| `([a-z0-9-]+)` \|", table, flags=re.MULTILINE)
    assert sorted(listed) == sorted(code.value for code in C)


def test_diagnosis_card_is_valid_telegram_html_and_leads(engine: Engine) -> None:
    """A quote is the person's own text: in Telegram HTML it is escaped, never markup."""
    from bot.rendering.card_builder import build_card
    from bot.rendering.telegram_html import render_html
    from tests.telegram_html_check import telegram_html_problems

    answer = engine.ask("nodemailer.createTransport({host: '<b>smtp.qq.com</b>', port: 465, "
                        "secure: false}) // <script>&amp;")
    for compact in (False, True):
        messages = render_html(build_card(answer, compact=compact))
        assert all(telegram_html_problems(m) == [] for m in messages)
        assert "<script>" not in messages[0]
        assert messages[0].startswith("<b>Port 465 expects TLS")
