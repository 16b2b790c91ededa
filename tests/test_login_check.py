"""The login check against real servers on loopback with a real user and password:
aiosmtpd (SMTP over implicit TLS and STARTTLS) and Dovecot (IMAP, POP3)."""

from __future__ import annotations

import argparse
import io
import ipaddress
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword

from bot.engine import Engine
from bot.login_report import LoginVerdict, explain_login
from bot.models import DiagnosisCode, Protocol, Security
from bot.probing.login_check import LoginStep, check_login
from bot.probing.results import ServerSpec
from bot.probing.session import SessionSettings
from bot.services import Services
from bot.settings import Settings
from tests.dovecot_server import HOST, Dovecot, dovecot_binary, run_dovecot
from tests.mail_servers import Certificates, smtp_server

USER, PASSWORD = "jane@acme.test", "correct horse 7"
DOVECOT_USER, DOVECOT_PASSWORD = "probe", "not-a-real-password"
GMAIL_534 = ("534 5.7.9 Application-specific password required. Learn more at "
             "https://support.google.com/mail/?p=InvalidSecondFactor")


class Mailbox:
    """An aiosmtpd authenticator with one account; counts the logins it was asked for."""

    def __init__(self, refusal: str | None = None) -> None:
        self.refusal = refusal  # a provider's own refusal text, sent for a wrong password
        self.attempts = 0

    def __call__(self, server: object, session: object, envelope: object, mechanism: str,
                 auth_data: object) -> AuthResult:
        self.attempts += 1
        assert isinstance(auth_data, LoginPassword)
        if (auth_data.login.decode(), auth_data.password.decode()) == (USER, PASSWORD):
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False, message=self.refusal)


def session(certs: Certificates) -> SessionSettings:
    from bot.probing.conversation import Limits

    # Dovecot answers a wrong password after a delay that grows with each (its auth penalty)
    return SessionSettings.create(30.0, 20.0, certs.ca_file, Limits(step_timeout=20.0))


async def login(certs: Certificates, spec: ServerSpec, user: str, password: str,
                engine: Engine) -> LoginVerdict:
    address = ipaddress.ip_address(spec.host)
    outcome = await check_login(spec, address, user, password, session(certs))
    assert password not in outcome.said
    return explain_login(engine, outcome)


async def test_smtp_success_and_wrong_password(certs: Certificates, engine: Engine) -> None:
    mailbox = Mailbox()
    async with smtp_server(implicit_tls=certs.good, authenticator=mailbox) as port:
        spec = ServerSpec("127.0.0.1", port, Protocol.SMTP, Security.SSL)
        good = await login(certs, spec, USER, PASSWORD, engine)
        wrong = await login(certs, spec, USER, "wrong password", engine)
    assert good.outcome.ok and good.code is None and good.outcome.said.startswith("235")
    assert wrong.outcome.step is LoginStep.REFUSED and wrong.outcome.said.startswith("535")
    assert wrong.code is DiagnosisCode.AUTH_FAILED
    assert mailbox.attempts == 2


async def test_smtp_over_starttls_and_auth_not_offered_before_tls(certs: Certificates,
                                                                  engine: Engine) -> None:
    mailbox = Mailbox()
    async with smtp_server(starttls=certs.good, authenticator=mailbox) as port:
        good = await login(certs, ServerSpec("127.0.0.1", port, Protocol.SMTP,
                                             Security.STARTTLS), USER, PASSWORD, engine)
        plain = await login(certs, ServerSpec("127.0.0.1", port, Protocol.SMTP,
                                              Security.NONE), USER, PASSWORD, engine)
    assert good.outcome.ok
    assert plain.outcome.step is LoginStep.NO_AUTH and plain.outcome.starttls_offered
    assert plain.code is DiagnosisCode.AUTH_NOT_OFFERED and "STARTTLS" in plain.meaning.en
    assert mailbox.attempts == 1  # the password never went over the plain connection


async def test_an_app_password_refusal_is_diagnosed_from_the_corpus(
        certs: Certificates, engine: Engine) -> None:
    async with smtp_server(implicit_tls=certs.good, authenticator=Mailbox(GMAIL_534)) as port:
        verdict = await login(certs, ServerSpec("127.0.0.1", port, Protocol.SMTP, Security.SSL),
                              USER, "my normal google password", engine)
    assert verdict.outcome.step is LoginStep.REFUSED
    assert verdict.outcome.said.startswith("534 5.7.9 Application-specific password")
    assert verdict.code is DiagnosisCode.APP_PASSWORD_REQUIRED
    assert "app password" in verdict.meaning.en and verdict.fix


async def test_nothing_listening_is_not_a_refused_login(certs: Certificates,
                                                        engine: Engine) -> None:
    verdict = await login(certs, ServerSpec("127.0.0.1", 1, Protocol.IMAP, Security.SSL),
                          USER, PASSWORD, engine)
    assert verdict.outcome.step is LoginStep.CONNECT and verdict.code is None


needs_dovecot = pytest.mark.skipif(
    dovecot_binary() is None or os.geteuid() != 0,
    reason="Dovecot is not installed or not running as root")


@pytest.fixture(scope="module")
def dovecot(certs: Certificates) -> Iterator[Dovecot]:
    # Dovecot's auth process runs as the dovecot user: its password file must be reachable,
    # and pytest's own temporary folders are private to root.
    folder = Path(tempfile.mkdtemp(prefix="mailbot-login-dovecot-"))
    try:
        with run_dovecot(folder, *dovecot_files(certs, folder)) as ports:
            yield ports
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def dovecot_files(certs: Certificates, folder: Path) -> tuple[Path, Path]:
    chain, key = folder / "chain.pem", folder / "key.pem"
    chain.write_bytes(certs.good_files[0].read_bytes())
    key.write_bytes(certs.good_files[1].read_bytes())
    return chain, key


@needs_dovecot
@pytest.mark.parametrize(("protocol", "security", "port_of"), [
    (Protocol.IMAP, Security.STARTTLS, "imap"), (Protocol.IMAP, Security.SSL, "imaps"),
    (Protocol.POP3, Security.STARTTLS, "pop3"), (Protocol.POP3, Security.SSL, "pop3s")])
async def test_dovecot_success_and_wrong_password(
        certs: Certificates, dovecot: Dovecot, engine: Engine, protocol: Protocol,
        security: Security, port_of: str) -> None:
    spec = ServerSpec(HOST, getattr(dovecot, port_of), protocol, security)
    good = await login(certs, spec, DOVECOT_USER, DOVECOT_PASSWORD, engine)
    assert good.outcome.ok, good.outcome.said
    if port_of not in ("imap", "pop3s"):
        return  # each wrong password makes Dovecot slower for this address: two suffice
    wrong = await login(certs, spec, DOVECOT_USER, "not-the-password", engine)
    assert wrong.outcome.step is LoginStep.REFUSED, wrong.outcome.said
    assert wrong.code in (DiagnosisCode.AUTH_FAILED,), wrong.outcome.said


@needs_dovecot
async def test_dovecot_offers_no_login_before_tls(certs: Certificates, dovecot: Dovecot,
                                                  engine: Engine) -> None:
    spec = ServerSpec(HOST, dovecot.imap, Protocol.IMAP, Security.NONE)
    verdict = await login(certs, spec, DOVECOT_USER, DOVECOT_PASSWORD, engine)
    assert verdict.outcome.step is LoginStep.NO_AUTH and verdict.outcome.starttls_offered
    assert verdict.code is DiagnosisCode.AUTH_NOT_OFFERED


PROVIDER = """id: acme-test
name: {{en: ACME test mail, zh: ACME 测试邮箱}}
kind: business
aliases: [acme test mail]
domains: [acme.test]
mx_patterns: []
status: ok
login: {{methods: [password], username: address}}
servers:
  - {{protocol: imap, host: 127.0.0.2, port: {imap}, security: starttls}}
  - {{protocol: smtp, host: 127.0.0.1, port: {smtp}, security: ssl}}
sources:
  - {{url: "https://acme.test/mail", kind: official, checked: 2026-12-01, covers: test}}
"""


@needs_dovecot
async def test_the_command_stops_at_the_first_refusal_and_never_shows_the_password(
        certs: Certificates, dovecot: Dovecot, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    import asyncio

    from bot.adapters.login_command import run_login_command

    mailbox = Mailbox()
    async with smtp_server(implicit_tls=certs.good, authenticator=mailbox) as smtp:
        (tmp_path / "providers").mkdir()
        (tmp_path / "providers" / "acme-test.yaml").write_text(
            PROVIDER.format(imap=dovecot.imap, smtp=smtp), encoding="utf-8")
        secret = "Wrong-but-secret-9"
        services = Services(
            Settings(knowledge_dir=tmp_path, probe_unrestricted=True, probe_password=secret),
            probe_changes={"ca_file": certs.ca_file, "deadline": 30.0, "step_timeout": 20.0})
        assert secret not in repr(services.settings)
        args = argparse.Namespace(targets=[USER], login=USER, protocol=None, security=None,
                                  json=True, lang=None)
        out = io.StringIO()
        with caplog.at_level(logging.DEBUG):
            status = await asyncio.to_thread(run_login_command, args, services, out,
                                             lambda prompt: pytest.fail("asked"))
    assert status == 1
    report = json.loads(out.getvalue())
    assert [r["protocol"] for r in report["results"]] == ["imap"], report  # SMTP never tried
    assert report["results"][0]["step"] == "refused"
    assert report["results"][0]["diagnosis"] == "auth-failed"
    assert mailbox.attempts == 0
    assert secret not in out.getvalue() and secret not in caplog.text


def test_the_command_asks_on_the_terminal_and_needs_one_target(certs: Certificates) -> None:
    from bot.adapters.login_command import run_login_command

    services = Services(Settings(probe_unrestricted=True), probe_changes={"deadline": 2.0})
    asked: list[str] = []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return ""

    args = argparse.Namespace(targets=["127.0.0.1:1"], login="jane", protocol="imap",
                              security="ssl", json=False, lang="en")
    out = io.StringIO()
    assert run_login_command(args, services, out, ask) == 1
    assert asked == ["Password for jane: "] and "MAILBOT_PROBE_PASSWORD" in out.getvalue()
    args.targets = ["a:1", "b:2"]
    assert run_login_command(args, services, io.StringIO(), ask) == 1
    assert len(asked) == 1


def test_the_cli_reads_the_password_from_the_environment() -> None:
    import subprocess
    import sys

    from tests.conftest import REPO

    secret = "env-secret-123"
    done = subprocess.run(
        [sys.executable, "-m", "bot", "probe", "--login", "jane", "--unrestricted",
         "--timeout", "2", "--protocol", "imap", "--security", "ssl", "127.0.0.1:1"],
        capture_output=True, text=True, cwd=REPO, timeout=60, check=False, stdin=subprocess.DEVNULL,
        env={**os.environ, "MAILBOT_PROBE_PASSWORD": secret})
    assert done.returncode == 1 and "127.0.0.1:1 IMAP (ssl): connect" in done.stdout
    assert secret not in done.stdout + done.stderr and "Password for" not in done.stderr
