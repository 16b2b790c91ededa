"""The probe refuses what a stranger must not reach, before any packet is sent."""

from __future__ import annotations

import ipaddress
import json
import os
import shutil
import subprocess
import sys

import pytest

from bot.engine import Engine
from bot.probe_targets import ProbeTargets
from bot.probing import session
from bot.probing.guard import MAIL_PORTS, TargetRefused, parse_host, why_not_public
from bot.probing.prober import Prober, ProbeSettings
from tests.conftest import REPO
from tests.mail_servers import static_resolver


@pytest.mark.parametrize("text", ["127.1", "2130706433", "0177.0.0.1", "0x7f.0.0.1",
                                  "0x7f000001", "01.2.3.4", "1.2.3", "localhost", "a..b",
                                  "-bad.example", "bad-.example", "exa mple.com", "",
                                  "[not-v6]", "x" * 64 + ".com", "1.2.3.4.5"])
def test_host_text_refused(text: str) -> None:
    with pytest.raises(TargetRefused) as refused:
        parse_host(text)
    assert refused.value.refusal.code == "bad-host"


@pytest.mark.parametrize(("text", "expected"), [
    ("smtp.qq.com", "smtp.qq.com"), ("SMTP.QQ.COM.", "smtp.qq.com"),
    ("例子.中国", "xn--fsqu00a.xn--fiqs8s"), ("8.8.8.8", ipaddress.ip_address("8.8.8.8")),
    ("[2001:4860::8888]", ipaddress.ip_address("2001:4860::8888")),
])
def test_host_text_accepted(text: str, expected: object) -> None:
    assert parse_host(text) == expected


def test_single_label_only_when_unrestricted() -> None:
    assert parse_host("localhost", allow_single_label=True) == "localhost"


@pytest.mark.parametrize("address", [
    "127.0.0.1", "127.255.0.9", "10.1.2.3", "172.16.0.1", "192.168.1.1", "100.64.0.1",
    "169.254.169.254", "0.0.0.0", "255.255.255.255", "224.0.1.1", "239.1.1.1", "240.0.0.1",
    "192.0.2.1", "198.51.100.7", "203.0.113.9", "198.18.0.1", "192.0.0.170", "192.88.99.1",
    "::", "::1", "::127.0.0.1", "::ffff:127.0.0.1", "::ffff:8.8.8.8", "2002:7f00:1::1",
    "2002:808:808::1", "64:ff9b::7f00:1", "64:ff9b:1::1", "2001::1", "2001:db8::1",
    "::ffff:0:7f00:1", "::ffff:0:808:808", "5f00::1",
    "fc00::1", "fd12:3456::1", "fe80::1", "fec0::1", "ff02::1", "100::1", "3fff::1",
])
def test_addresses_that_are_not_public(address: str) -> None:
    assert why_not_public(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "2001:4860:4860::8888",
                                     "2606:4700::1111", "183.3.225.42"])
def test_public_addresses(address: str) -> None:
    assert why_not_public(ipaddress.ip_address(address)) is None


def test_mail_ports() -> None:
    assert frozenset({25, 465, 587, 2525, 110, 995, 143, 993}) == MAIL_PORTS


@pytest.fixture()
def no_connections(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Fails the test if the probe ever tries to open a connection."""
    attempts: list[object] = []

    async def forbidden(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise AssertionError("a refused target must not be connected to")

    monkeypatch.setattr(session, "_connect", forbidden)
    return attempts


@pytest.mark.parametrize(("target", "code"), [
    ("127.0.0.1:25", "not-public"), ("[::1]:993", "not-public"),
    ("169.254.169.254:993", "not-public"), ("10.0.0.1:587", "not-public"),
    ("[::ffff:127.0.0.1]:465", "not-public"), ("8.8.8.8:22", "not-mail-port"),
    ("8.8.8.8:80", "not-mail-port"), ("127.1:25", "bad-host"), ("2130706433:25", "bad-host"),
    ("0x7f.0.0.1:25", "bad-host"), ("evil.example:6379", "not-mail-port"),
    ("internal.example:993", "not-public"), ("rebind.example:465", "not-public"),
    ("proton imap", "not-mail-port"),
])
async def test_refused_targets_never_connect(engine: Engine, no_connections: list[object],
                                             target: str, code: str) -> None:
    resolver = static_resolver({
        "internal.example": [ipaddress.ip_address("10.9.8.7")],
        # One public and one private answer: refused, the private one could be chosen.
        "rebind.example": [ipaddress.ip_address("8.8.8.8"), ipaddress.ip_address("127.0.0.1")],
    })
    prober = Prober(ProbeSettings(), resolver=resolver,
                    named_targets=ProbeTargets(engine))
    report = await prober.probe(target)
    assert report.refused_code == code, report
    assert report.refused is not None and report.refused.en and report.refused.zh
    assert no_connections == []


async def test_unrestricted_is_off_by_default() -> None:
    assert ProbeSettings().unrestricted is False


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("unshare") is None,
                    reason="needs root and unshare(1) for an empty network namespace")
def test_cli_refusals_in_an_empty_network_namespace() -> None:
    """Even if a check failed, nothing could leave: the namespace has no network at all."""
    targets = ["127.0.0.1:25", "169.254.169.254:993", "[::1]:143", "10.0.0.1:587",
               "127.1:25", "8.8.8.8:443"]
    env = {k: v for k, v in os.environ.items() if k != "MAILBOT_PROBE_UNRESTRICTED"}
    done = subprocess.run(["unshare", "-n", sys.executable, "-m", "bot", "probe", "--json",
                           *targets], capture_output=True, text=True, cwd=REPO, timeout=60,
                          env=env, check=False)
    reports = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["target"] for r in reports] == targets
    assert [r["refused_code"] for r in reports] == ["not-public", "not-public", "not-public",
                                                    "not-public", "bad-host", "not-mail-port"]
    assert all(r["results"] == [] or all(x["ip"] is None for x in r["results"])
               for r in reports)
    assert done.returncode == 1


async def test_a_silent_dns_server_holds_no_thread() -> None:
    """Issue 10 item 1: names are resolved on the event loop (dnspython), never in the thread
    pool the Bot API client needs too; a name whose DNS never answers costs only the
    deadline."""
    import asyncio
    import concurrent.futures
    import socket
    import time

    silent = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)  # reads nothing, answers nothing
    silent.bind(("127.0.0.1", 0))
    submitted = 0

    class CountingExecutor(concurrent.futures.ThreadPoolExecutor):
        def submit(self, *args: object, **kwargs: object) -> concurrent.futures.Future:  # type: ignore[override]
            nonlocal submitted
            submitted += 1
            return super().submit(*args, **kwargs)  # type: ignore[arg-type]

    loop = asyncio.get_running_loop()
    executor = CountingExecutor(max_workers=2)
    loop.set_default_executor(executor)
    try:
        prober = Prober(ProbeSettings(unrestricted=True, dns_timeout=1.0,
                                              nameserver=silent.getsockname()))
        started = time.perf_counter()
        reports = await asyncio.gather(*(prober.probe(f"mail{i}.silent.example:465")
                                         for i in range(10)))
        elapsed = time.perf_counter() - started
    finally:
        silent.close()
        executor.shutdown(wait=False)
    assert all(r.results and r.results[0].error_kind == "dns" for r in reports)
    assert elapsed < 3.0
    assert submitted == 0
