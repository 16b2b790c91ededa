"""The probe in layers: a prober of server specs that needs no knowledge base, the guard in
the connector whatever path a server comes by, and the text-to-servers step beside the
engine."""

from __future__ import annotations

import ipaddress
import subprocess
import sys

import pytest

from bot.engine import Engine
from bot.models import Protocol, Security
from bot.probe_targets import ProbeTargets
from bot.probing import session
from bot.probing.limits import RateLimit
from bot.probing.prober import Prober, ProbeSettings
from bot.probing.results import ServerSpec
from bot.probing.server_specs import parse_host_port
from tests.conftest import REPO
from tests.mail_servers import smtp_server, static_resolver

LOOPBACK = ipaddress.ip_address("127.0.0.1")


@pytest.fixture()
def connections(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Records every connection the probe tries, and makes none."""
    attempts: list[object] = []

    async def recorded(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise AssertionError("this probe must not connect")

    monkeypatch.setattr(session, "_connect", recorded)
    return attempts


def test_the_probing_package_loads_no_knowledge() -> None:
    """`mailbot probe host:port` can run without the engine or the knowledge base."""
    code = ("import sys, bot.probing.prober, bot.probing.report_json; "
            "print(sorted(m for m in sys.modules if m in "
            "{'bot.engine', 'bot.knowledge_base', 'bot.probe_targets', 'bot.discovery'}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=REPO, timeout=60, check=True)
    assert done.stdout.strip() == "[]"


async def test_host_port_is_probed_without_any_engine() -> None:
    prober = Prober(ProbeSettings(unrestricted=True, deadline=3, step_timeout=2),
                    resolver=static_resolver({"mail.test": [LOOPBACK]}))
    async with smtp_server() as port:
        report = await prober.probe(f"mail.test:{port}", protocol=Protocol.SMTP,
                                    security=Security.NONE)
    (result,) = report.results
    assert result.ok and result.ip == "127.0.0.1", result.error


@pytest.mark.parametrize("target", ["gmail", "zhang@163.com", "qq smtp"])
async def test_text_naming_a_provider_needs_named_targets(
        connections: list[object], target: str) -> None:
    report = await Prober(ProbeSettings()).probe(target)
    assert report.refused_code == "bad-target" and report.refused is not None
    assert "host:port" in report.refused.en and connections == []


async def test_the_same_text_with_the_engine_stands_for_the_providers_servers(
        engine: Engine) -> None:
    specs = ProbeTargets(engine)("qq smtp", protocol=Protocol.SMTP, security=None,
                                 unrestricted=False)
    assert specs and all(s.protocol is Protocol.SMTP and s.host.endswith("qq.com")
                         for s in specs)


@pytest.mark.parametrize(("spec", "code"), [
    (ServerSpec("127.0.0.1", 25, Protocol.SMTP, Security.STARTTLS), "not-public"),
    (ServerSpec("::1", 993, Protocol.IMAP, Security.SSL), "not-public"),
    (ServerSpec("mail.example.com", 6379, Protocol.SMTP, Security.NONE), "not-mail-port"),
    (ServerSpec("127.1", 25, Protocol.SMTP, Security.STARTTLS), "bad-host"),
    (ServerSpec("localhost", 25, Protocol.SMTP, Security.STARTTLS), "bad-host"),
])
async def test_specs_pass_the_same_guard_as_text(connections: list[object], spec: ServerSpec,
                                                 code: str) -> None:
    """Specs built in code (discovery's guesses) cannot go around the guard."""
    report = await Prober(ProbeSettings()).probe_servers([spec])
    assert report.refused_code == code and connections == []
    assert report.target == f"{spec.host}:{spec.port}"


async def test_probe_servers_counts_against_the_askers_allowance(
        connections: list[object]) -> None:
    prober = Prober(ProbeSettings(per_user=RateLimit(1, 60.0)))
    spec = ServerSpec("127.0.0.1", 25, Protocol.SMTP, Security.STARTTLS)
    first = await prober.probe_servers([spec], target="mine", user="tg:1")
    second = await prober.probe_servers([spec], target="mine", user="tg:1")
    assert (first.target, first.refused_code) == ("mine", "not-public")
    assert second.refused_code == "rate-limited"


def test_host_port_parsing() -> None:
    assert parse_host_port("smtp.qq.com:465") == ServerSpec("smtp.qq.com", 465, Protocol.SMTP,
                                                            Security.SSL)
    assert parse_host_port("[2001:db8::1]:993") == ServerSpec("2001:db8::1", 993,
                                                              Protocol.IMAP, Security.SSL)
    assert parse_host_port("mail.example.com:2525") == ServerSpec(
        "mail.example.com", 2525, Protocol.SMTP, Security.STARTTLS)
    assert parse_host_port("zhang@163.com") is None and parse_host_port("qq smtp") is None
