"""The situation reader: settings, TLS mode, client, environment and what people say, read
from the formats people paste (and, as important, what it must not read)."""

from __future__ import annotations

import time

import pytest

from bot.engine import Engine
from bot.models import PasswordKind, Protocol, SaidDone, Security
from bot.situation import SituationReader


@pytest.fixture(scope="module")
def reader(engine: Engine) -> SituationReader:
    return SituationReader(engine.kb)


@pytest.mark.parametrize(("message", "host", "port", "security"), [
    # nodemailer: secure false on 465 means plain text, then STARTTLS
    ("nodemailer.createTransport({ host: 'smtp.qq.com', port: 465, secure: false })",
     "smtp.qq.com", 465, Security.STARTTLS),
    # Django settings
    ("EMAIL_HOST = 'smtp.163.com'\nEMAIL_PORT = 587\nEMAIL_USE_TLS = True",
     "smtp.163.com", 587, Security.STARTTLS),
    # Spring properties carry JavaMail's keys under a prefix
    ("spring.mail.host=smtp.qq.com\nspring.mail.port=587\n"
     "spring.mail.properties.mail.smtp.ssl.enable=true", "smtp.qq.com", 587, Security.SSL),
    # PHPMailer's object syntax and its enum value
    ("$mail->Host = 'smtp.gmail.com';\n$mail->Port = 465;\n"
     "$mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;", "smtp.gmail.com", 465,
     Security.STARTTLS),
    # a .env file
    ("MAIL_HOST=smtp.office365.com\nMAIL_PORT=587", "smtp.office365.com", 587, None),
    # Python's smtplib calls
    ("s = smtplib.SMTP_SSL('smtp.qq.com', 465)", "smtp.qq.com", 465, Security.SSL),
    ("s = smtplib.SMTP('smtp.qq.com', 465)\ns.login(u, p)", "smtp.qq.com", 465, Security.NONE),
    # a URL with credentials: the scheme says implicit TLS
    ("MAILER_DSN=smtps://me%40qq.com:secret@smtp.qq.com:465", "smtp.qq.com", 465, Security.SSL),
    # Alertmanager's smarthost is host:port
    ("smtp_smarthost: 'smtp.gmail.com:587'", "smtp.gmail.com", 587, None),
    # prose, in Chinese
    ("我用 smtp.163.com 的465端口发不出去", "smtp.163.com", 465, None),
    ("SMTP_HOST=smtphz.qiye.163.com或者smtp.ym.163.com\nSMTP_PORT=25", "smtphz.qiye.163.com",
     25, None),
])
def test_settings_in_many_formats(reader: SituationReader, message: str, host: str, port: int,
                                  security: Security | None) -> None:
    situation = reader.read(message)
    assert situation.host is not None and situation.host.value == host
    assert situation.port_number == port
    assert situation.security is security


@pytest.mark.parametrize("message", [
    "smtp.login(username, password)",  # a call, though it reads like a host
    "host: smtp.xxx.com\nport: 465",
    "MAIL_HOST=smtp.example.com",
    "host = 'smtp.your-domain.com'",
    "EMAIL_HOST = '***'",
])
def test_placeholders_are_no_host(reader: SituationReader, message: str) -> None:
    assert reader.read(message).host is None


def test_a_version_is_no_host(reader: SituationReader) -> None:
    situation = reader.read("WP Mail SMTP: 1.2.4\nHost: pop.secureserver.net\nPort: 110")
    assert situation.host is not None and situation.host.value == "pop.secureserver.net"


def test_both_tls_switches_are_a_conflict_but_a_mode_switch_with_a_refinement_is_not(
        reader: SituationReader) -> None:
    django = reader.read("EMAIL_PORT = 465\nEMAIL_USE_TLS = True\nEMAIL_USE_SSL = True")
    assert django.tls_conflict is not None and django.security is None
    nodemailer = reader.read("nodemailer.createTransport({port: 465, secure: true, "
                             "requireTLS: true})")
    assert nodemailer.tls_conflict is None and nodemailer.security is Security.SSL
    off = reader.read("EMAIL_USE_TLS = False\nEMAIL_USE_SSL = True\nEMAIL_PORT = 465")
    assert off.tls_conflict is None and off.security is Security.SSL


def test_client_named_betrayed_or_unknown(reader: SituationReader) -> None:
    assert reader.read("using nodemailer 6.9").client_name == "nodemailer"
    assert reader.read("const t = createTransport({host: 'a.b.com'})").client_name == "nodemailer"
    assert reader.read("EMAIL_USE_SSL = True").client_name == "django"
    assert reader.read("qq smtp port?").client is None


@pytest.mark.parametrize(("message", "environment"), [
    ("程序部署在阿里云服务器上，发不出邮件", "alibaba cloud ecs"),
    ("my app runs on an AWS EC2 instance", "ec2"),
    ("the container runs in docker compose", "docker"),
    ("When trying to run the mail server on azure, port 25 is blocked", "azure"),
])
def test_environment(reader: SituationReader, message: str, environment: str) -> None:
    found = reader.read(message).environment_name
    assert found is not None and environment in found


def test_a_mail_brand_is_no_environment(reader: SituationReader) -> None:
    situation = reader.read("阿里云邮箱的smtp服务器是什么")
    assert situation.environment is None and situation.hosting_phrases == ()


@pytest.mark.parametrize(("message", "kind", "done"), [
    ("密码用的是授权码，也已经开启了SMTP服务", PasswordKind.AUTHORIZATION_CODE,
     {SaidDone.AUTHORIZATION_CODE, SaidDone.SERVICE_ENABLED}),
    ("I'm already using an app password and 2FA is enabled", PasswordKind.APP_PASSWORD,
     {SaidDone.APP_PASSWORD, SaidDone.TWO_FACTOR_ON}),
    ("telnet smtp.qq.com 465 不通", None, {SaidDone.PORT_UNREACHABLE}),
    ("阿里云默认不开放25端口了，发不了邮件", None, {SaidDone.PORT_25_BLOCKED}),
    ("it works on my laptop but not on the server", None, {SaidDone.WORKS_ELSEWHERE}),
    ("azure has a hidden block on port 25 for all VMs", None, {SaidDone.PORT_25_BLOCKED}),
])
def test_what_people_say(reader: SituationReader, message: str, kind: PasswordKind | None,
                         done: set[SaidDone]) -> None:
    situation = reader.read(message)
    assert situation.password_kind is kind
    assert done <= set(situation.said_done)


def test_connected_to_a_loopback_address(reader: SituationReader) -> None:
    situation = reader.read("Error: connect ECONNREFUSED 127.0.0.1:587")
    assert situation.connected_to is not None
    assert situation.connected_to.value == "127.0.0.1:587"


def test_quotes_never_repeat_a_secret(reader: SituationReader) -> None:
    situation = reader.read("MAIL_URL=smtps://bob%40qq.com:Hunter2xyz@smtp.qq.com:465\n"
                            "host: smtp.qq.com, password: 'Hunter2xyz'")
    quoted = [q.quote for q in (situation.host, situation.port) if q is not None]
    assert quoted and all("Hunter2xyz" not in q for q in quoted)


def test_huge_and_hostile_input_is_bounded(reader: SituationReader) -> None:
    """Patterns that backtrack took seconds to minutes on these; bounded ones take ~20 ms."""
    for text in ("x" * 2_000_000, "a=" * 50_000, "smtp." * 20_000, ":" * 100_000, "🙂" * 10_000):
        started = time.perf_counter()
        reader.read(text)
        assert time.perf_counter() - started < 1.0, text[:10]


def test_quotes_keep_the_persons_own_characters(reader: SituationReader) -> None:
    situation = reader.read("用的阿里云的服务器，25端口被封掉了。MAIL_HOST＝smtp.qq.com")
    assert situation.port is not None and "，25端口被封掉了。" in situation.port.quote
    assert situation.host is not None and situation.host.value == "smtp.qq.com"


def test_latin_words_inside_chinese_text(reader: SituationReader, engine: Engine) -> None:
    """Python counts Chinese characters as word characters; Latin words between them count."""
    situation = reader.read("用nodemailer发信，监控平台smtp.qq.com 465端口无法发送邮件")
    assert situation.client_name == "nodemailer"
    assert situation.host is not None and situation.host.value == "smtp.qq.com"
    assert engine.ask("用的是smtp服务还是imap服务").question.protocols[:1] == (Protocol.SMTP,)
