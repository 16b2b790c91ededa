"""Hostile servers cost the probe at most its deadline and a few kilobytes."""

from __future__ import annotations

import ipaddress
import time

import pytest

from bot.models import Protocol, Security
from bot.probing.prober import Prober, ProbeSettings
from bot.probing.results import ProbeResult
from tests.mail_servers import (
    MAIL_NAME,
    Certificates,
    Handler,
    endless_imap_capabilities,
    endless_line,
    endless_smtp_extensions,
    imap_with_injection,
    raw_server,
    slow_drip,
    static_resolver,
    tarpit,
)

DEADLINE = 1.5
STEP = 1.0
SLACK = 1.0  # scheduling and closing


async def probe(certs: Certificates, handler: Handler, protocol: Protocol,
                security: Security = Security.NONE) -> tuple[ProbeResult, float]:
    prober = Prober(ProbeSettings(deadline=DEADLINE, step_timeout=STEP,
                                          unrestricted=True, ca_file=certs.ca_file),
                    resolver=static_resolver({MAIL_NAME: [ipaddress.ip_address("127.0.0.1")]}))
    async with raw_server(handler) as port:
        started = time.perf_counter()
        report = await prober.probe(f"{MAIL_NAME}:{port}", protocol=protocol, security=security)
        elapsed = time.perf_counter() - started
    (result,) = report.results
    return result, elapsed


@pytest.mark.parametrize("protocol", list(Protocol))
async def test_tarpit(certs: Certificates, protocol: Protocol) -> None:
    result, elapsed = await probe(certs, tarpit, protocol)
    assert not result.ok and result.error_kind == "banner-timeout"
    assert elapsed < DEADLINE + SLACK


async def test_slow_drip_is_cut_by_the_deadline(certs: Certificates) -> None:
    result, elapsed = await probe(certs, slow_drip, Protocol.SMTP)
    assert not result.ok and result.error_kind is not None
    assert result.error_kind.endswith("-timeout")
    assert elapsed < DEADLINE + SLACK


@pytest.mark.parametrize("protocol", [Protocol.IMAP, Protocol.POP3])
async def test_endless_line(certs: Certificates, protocol: Protocol) -> None:
    result, elapsed = await probe(certs, endless_line, protocol)
    assert not result.ok and result.error_kind == "protocol"
    assert "longer than" in (result.error or "")
    assert elapsed < DEADLINE + SLACK


async def test_endless_line_smtp(certs: Certificates) -> None:
    result, elapsed = await probe(certs, endless_line, Protocol.SMTP)
    assert not result.ok and result.error_kind == "protocol"
    assert result.error == "unexpected reply: Response too long"
    assert elapsed < DEADLINE + SLACK


async def test_endless_imap_capabilities(certs: Certificates) -> None:
    result, elapsed = await probe(certs, endless_imap_capabilities, Protocol.IMAP)
    assert not result.ok and result.error_kind == "protocol"
    assert "more than" in (result.error or "")
    assert elapsed < DEADLINE + SLACK


async def test_endless_smtp_extensions(certs: Certificates) -> None:
    result, elapsed = await probe(certs, endless_smtp_extensions, Protocol.SMTP)
    assert not result.ok and result.error == "unexpected reply: Response too long"
    assert elapsed < DEADLINE + SLACK


async def test_plaintext_injected_after_starttls(certs: Certificates) -> None:
    result, _ = await probe(certs, imap_with_injection(certs.good), Protocol.IMAP,
                            Security.STARTTLS)
    assert not result.ok
    assert result.plaintext_injection is True
    assert result.error_kind == "plaintext-injection"
    assert [f.code for f in result.diagnosis] == ["plaintext-injection"]
