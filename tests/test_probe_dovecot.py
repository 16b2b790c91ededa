"""The probe against a real Dovecot: IMAP and POP3, with STARTTLS/STLS and implicit TLS."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterator

import pytest

from bot.models import Protocol, Security
from bot.probing.prober import Prober, ProbeSettings
from bot.probing.results import ProbeResult
from tests.dovecot_server import HOST, Dovecot, dovecot_binary, run_dovecot
from tests.mail_servers import MAIL_NAME, Certificates, static_resolver

pytestmark = pytest.mark.skipif(
    dovecot_binary() is None or os.geteuid() != 0,
    reason="Dovecot is not installed (apt-get install dovecot-imapd dovecot-pop3d; "
    ".ci/run does this) or not running as root")


@pytest.fixture(scope="module")
def dovecot(tmp_path_factory: pytest.TempPathFactory, certs: Certificates) -> Iterator[Dovecot]:
    folder = tmp_path_factory.mktemp("dovecot")
    chain, key = certs.good_files
    with run_dovecot(folder, chain, key) as ports:
        yield ports


async def probe(certs: Certificates, port: int, protocol: Protocol,
                security: Security) -> ProbeResult:
    prober = Prober(ProbeSettings(deadline=8, step_timeout=4, unrestricted=True,
                                          ca_file=certs.ca_file),
                    resolver=static_resolver({MAIL_NAME: [ipaddress.ip_address(HOST)]}))
    report = await prober.probe(f"{MAIL_NAME}:{port}", protocol=protocol, security=security)
    (result,) = report.results
    return result


async def test_imap_starttls(certs: Certificates, dovecot: Dovecot) -> None:
    result = await probe(certs, dovecot.imap, Protocol.IMAP, Security.STARTTLS)
    assert result.ok, result.error
    assert result.ip == HOST
    assert result.banner is not None and result.banner.startswith("* OK")
    assert result.starttls is True
    # Before TLS Dovecot announces LOGINDISABLED and no AUTH= mechanisms.
    assert result.auth_before_tls == []
    assert "IMAP4REV1" in result.capabilities
    assert set(result.auth_methods) >= {"PLAIN", "LOGIN"}
    assert result.login_disabled is False
    assert result.tls is not None and result.tls.cert_valid and result.tls.version
    assert "auth-after-tls" in [f.code for f in result.diagnosis]
    assert {"connect", "banner", "tls", "total"} <= set(result.timings_ms)


async def test_imap_plaintext_shows_logindisabled(certs: Certificates,
                                                  dovecot: Dovecot) -> None:
    result = await probe(certs, dovecot.imap, Protocol.IMAP, Security.NONE)
    assert result.ok
    assert result.login_disabled is True
    assert "LOGINDISABLED" in result.capabilities
    assert "login-disabled" in [f.code for f in result.diagnosis]


async def test_imaps(certs: Certificates, dovecot: Dovecot) -> None:
    result = await probe(certs, dovecot.imaps, Protocol.IMAP, Security.SSL)
    assert result.ok, result.error
    assert result.tls is not None and result.tls.cert_valid
    assert set(result.auth_methods) >= {"PLAIN", "LOGIN"}


async def test_pop3_stls(certs: Certificates, dovecot: Dovecot) -> None:
    result = await probe(certs, dovecot.pop3, Protocol.POP3, Security.STARTTLS)
    assert result.ok, result.error
    assert result.banner is not None and result.banner.startswith("+OK")
    assert result.starttls is True
    assert "STLS" not in result.capabilities  # gone once TLS is on
    assert "PLAIN" in result.auth_methods and "USER" in result.auth_methods
    assert result.tls is not None and result.tls.cert_valid


async def test_pop3s(certs: Certificates, dovecot: Dovecot) -> None:
    result = await probe(certs, dovecot.pop3s, Protocol.POP3, Security.SSL)
    assert result.ok, result.error
    assert result.tls is not None and result.tls.cert_valid


async def test_implicit_tls_on_the_starttls_port(certs: Certificates,
                                                 dovecot: Dovecot) -> None:
    result = await probe(certs, dovecot.imap, Protocol.IMAP, Security.SSL)
    assert not result.ok and result.error_kind == "tls"
    assert [f.code for f in result.diagnosis] == ["expects-starttls"]


async def test_dovecot_never_saw_a_login(certs: Certificates,
                                         dovecot: Dovecot) -> None:
    for port, protocol, security in ((dovecot.imap, Protocol.IMAP, Security.STARTTLS),
                                     (dovecot.pop3s, Protocol.POP3, Security.SSL)):
        await probe(certs, port, protocol, security)
    log = dovecot.log.read_text()
    assert "user=<probe>" not in log
    assert "auth failed" not in log.lower()
