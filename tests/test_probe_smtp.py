"""The probe against real SMTP servers (aiosmtpd) and hand-written ones, on loopback."""

from __future__ import annotations

import asyncio
import ipaddress
import time
from pathlib import Path

from bot.engine import Engine
from bot.models import Protocol, Security
from bot.probe_targets import ProbeTargets
from bot.probing.prober import Prober, ProbeSettings
from bot.probing.results import ProbeResult
from tests.knowledge_fixtures import knowledge_with_servers
from tests.mail_servers import (
    MAIL_NAME,
    OTHER_NAME,
    Certificates,
    raw_server,
    smtp_server,
    static_resolver,
)

LOOPBACK = ipaddress.ip_address("127.0.0.1")


def prober_for(engine: Engine, certs: Certificates, **settings: object) -> Prober:
    defaults: dict[str, object] = {"deadline": 4.0, "step_timeout": 2.0, "unrestricted": True,
                                   "ca_file": certs.ca_file, "cooldown": 0.0}
    defaults.update(settings)
    return Prober(ProbeSettings(**defaults),  # type: ignore[arg-type]
                  resolver=static_resolver({MAIL_NAME: [LOOPBACK], OTHER_NAME: [LOOPBACK]}),
                  named_targets=ProbeTargets(engine))


async def probe_one(prober: Prober, port: int, security: Security) -> ProbeResult:
    report = await prober.probe(f"{MAIL_NAME}:{port}", protocol=Protocol.SMTP,
                                security=security)
    assert report.refused is None, report.refused
    (result,) = report.results
    return result


def codes(result: ProbeResult) -> list[str]:
    return [finding.code for finding in result.diagnosis]


async def test_implicit_tls_server_works(engine: Engine, certs: Certificates) -> None:
    async with smtp_server(implicit_tls=certs.good) as port:
        result = await probe_one(prober_for(engine, certs), port, Security.SSL)
    assert result.ok, result.error
    assert result.ip == "127.0.0.1"
    assert result.banner is not None and result.banner.startswith("220 ")
    assert result.tls is not None
    assert result.tls.version in {"TLSv1.2", "TLSv1.3"}
    assert result.tls.cert_valid and result.tls.hostname_match
    assert result.tls.names == (MAIL_NAME,)
    assert result.tls.days_left is not None and result.tls.days_left > 365
    assert "trustme" in (result.tls.issuer or "")
    assert set(result.auth_methods) >= {"PLAIN", "LOGIN"}
    assert {"connect", "tls", "total"} <= set(result.timings_ms)
    assert codes(result) == ["works"]


async def test_starttls_required_and_auth_only_after_tls(engine: Engine,
                                                         certs: Certificates) -> None:
    async with smtp_server(starttls=certs.good) as port:
        result = await probe_one(prober_for(engine, certs), port, Security.STARTTLS)
    assert result.ok, result.error
    assert result.starttls is True
    assert result.auth_before_tls == []
    assert set(result.auth_methods) >= {"PLAIN", "LOGIN"}
    assert result.tls is not None and result.tls.cert_valid
    assert "auth-after-tls" in codes(result)


async def test_expired_certificate_is_described(engine: Engine, certs: Certificates) -> None:
    async with smtp_server(implicit_tls=certs.expired) as port:
        result = await probe_one(prober_for(engine, certs), port, Security.SSL)
    assert not result.ok
    assert result.error_kind == "cert"
    assert result.error == "certificate has expired"
    assert result.tls is not None and result.tls.cert_valid is False
    assert result.tls.days_left is not None and result.tls.days_left < 0
    assert result.tls.not_after is not None
    # The second, unverified look still learnt what the server offers.
    assert result.banner is not None and result.auth_methods
    assert codes(result)[0] == "cert-expired"


async def test_certificate_for_another_name(engine: Engine, certs: Certificates) -> None:
    async with smtp_server(implicit_tls=certs.wrong_name) as port:
        result = await probe_one(prober_for(engine, certs), port, Security.SSL)
    assert not result.ok and result.error_kind == "cert"
    assert result.tls is not None and result.tls.hostname_match is False
    assert result.tls.names == (OTHER_NAME,)
    assert codes(result)[0] == "cert-wrong-name"
    assert OTHER_NAME in result.diagnosis[0].text.en


async def test_untrusted_ca_is_reported_without_ca_file(engine: Engine,
                                                        certs: Certificates) -> None:
    async with smtp_server(implicit_tls=certs.good) as port:
        result = await probe_one(prober_for(engine, certs, ca_file=None), port, Security.SSL)
    assert not result.ok and result.error_kind == "cert"
    assert "unable to get local issuer certificate" in (result.error or "")


async def test_implicit_tls_spoken_to_a_starttls_port(engine: Engine,
                                                      certs: Certificates) -> None:
    async with smtp_server(starttls=certs.good) as port:
        result = await probe_one(prober_for(engine, certs), port, Security.SSL)
    assert not result.ok
    assert result.error_kind == "tls" and "WRONG_VERSION_NUMBER" in (result.error or "")
    assert codes(result) == ["expects-starttls"]


async def test_starttls_spoken_to_an_implicit_tls_port(engine: Engine,
                                                       certs: Certificates) -> None:
    async with smtp_server(implicit_tls=certs.good) as port:
        result = await probe_one(prober_for(engine, certs, step_timeout=0.5), port,
                                 Security.STARTTLS)
    assert not result.ok
    assert result.error_kind == "banner-timeout"
    assert codes(result) == ["no-greeting"]


async def test_plain_server_without_starttls(engine: Engine, certs: Certificates) -> None:
    async with smtp_server() as port:
        result = await probe_one(prober_for(engine, certs), port, Security.STARTTLS)
    assert not result.ok and result.error_kind == "no-starttls"
    assert result.starttls is False
    assert codes(result) == ["no-starttls"]


async def test_probe_never_sends_credentials_or_mail(engine: Engine,
                                                     certs: Certificates) -> None:
    received: list[bytes] = []

    async def recording_server(reader: asyncio.StreamReader,
                               writer: asyncio.StreamWriter) -> None:
        writer.write(b"220 mail.test ESMTP\r\n")
        await writer.drain()
        while line := await reader.readline():
            received.append(line)
            verb = line[:4].upper()
            writer.write(b"250-mail.test\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n"
                         if verb in {b"EHLO", b"HELO"} else
                         b"221 bye\r\n" if verb == b"QUIT" else b"250 ok\r\n")
            await writer.drain()

    async with raw_server(recording_server) as port:
        result = await probe_one(prober_for(engine, certs), port, Security.NONE)
    assert result.ok
    assert result.auth_methods == ["PLAIN", "LOGIN"]
    verbs = [line.split()[0].upper() for line in received]
    assert verbs == [b"EHLO", b"QUIT"]
    assert received[0] == b"EHLO mailbot.invalid\r\n"
    assert codes(result) == ["works-plaintext"]


async def test_an_address_probes_all_its_servers_concurrently(
        certs: Certificates, tmp_path: Path) -> None:
    async def slow_greeting(reader: asyncio.StreamReader,
                            writer: asyncio.StreamWriter) -> None:
        await asyncio.sleep(0.6)
        writer.write(b"220 mail.test ESMTP\r\n")
        await writer.drain()
        while line := await reader.readline():
            writer.write(b"221 bye\r\n" if line.upper().startswith(b"QUIT") else
                         b"250-mail.test\r\n250 AUTH PLAIN\r\n")
            await writer.drain()

    async with raw_server(slow_greeting) as p1, raw_server(slow_greeting) as p2, \
            raw_server(slow_greeting) as p3:
        engine = Engine.load(knowledge_with_servers(
            tmp_path, [(MAIL_NAME, p, "none") for p in (p1, p2, p3)]), strict=True)
        prober = prober_for(engine, certs)
        started = time.perf_counter()
        report = await prober.probe("someone@probe-test.example")
        elapsed = time.perf_counter() - started
    assert [r.port for r in report.results] == [p1, p2, p3]
    assert all(r.ok for r in report.results), [r.error for r in report.results]
    assert elapsed < 1.5, f"{elapsed:.2f} s: servers were probed one after another"


async def test_same_target_is_probed_once_per_cooldown(engine: Engine,
                                                       certs: Certificates) -> None:
    connections = 0

    async def counting(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        writer.write(b"220 mail.test ESMTP\r\n")
        await writer.drain()
        while line := await reader.readline():
            writer.write(b"221 bye\r\n" if line.upper().startswith(b"QUIT") else
                         b"250 mail.test\r\n")
            await writer.drain()

    async with raw_server(counting) as port:
        prober = prober_for(engine, certs, cooldown=60.0)
        first, second, third = await asyncio.gather(*(
            prober.probe(f"{MAIL_NAME}:{port}", protocol=Protocol.SMTP, security=Security.NONE)
            for _ in range(3)))
        fourth = await prober.probe(f"{MAIL_NAME}:{port}", protocol=Protocol.SMTP,
                                    security=Security.NONE)
    assert connections == 1
    assert not first.cached and second.cached and third.cached and fourth.cached
    assert fourth.results[0].ok


async def test_rate_limit_per_user_and_chat(engine: Engine, certs: Certificates) -> None:
    from bot.probing.limits import RateLimit

    prober = prober_for(engine, certs, per_user=RateLimit(2, 60), per_chat=RateLimit(3, 60))
    target = f"{MAIL_NAME}:1"  # refused anyway: port 1 speaks no known protocol
    first = [await prober.probe(target, user="u1", chat="c1") for _ in range(3)]
    assert [r.refused_code for r in first] == ["unknown-port", "unknown-port", "rate-limited"]
    other_user = await prober.probe(target, user="u2", chat="c1")
    assert other_user.refused_code == "unknown-port"
    chat_full = await prober.probe(target, user="u3", chat="c1")
    assert chat_full.refused_code == "rate-limited"
    assert chat_full.refused is not None and "try again" in chat_full.refused.en
