"""``mailbot serve-autoconfig --behind-proxy``: the rate limit counts the client's address
from the proxy's X-Forwarded-For / X-Real-IP, and without the flag those headers count for
nothing (anyone could send them). The server runs on loopback over plain HTTP, as behind a
TLS proxy."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from tornado.netutil import bind_sockets

from bot.adapters.autoconfig_server import ServerLimits, build_server
from bot.exports.domain_settings import DomainSettings
from bot.knowledge_base import KnowledgeBase
from bot.probing.limits import RateLimit
from tests.conftest import REPO

PATH = "/mail/config-v1.1.xml?emailaddress=a@qq.com"


@pytest.fixture(params=[True, False], ids=["behind-proxy", "direct"])
async def server(kb: KnowledgeBase, request: pytest.FixtureRequest
                 ) -> AsyncIterator[tuple[str, bool]]:
    behind_proxy: bool = request.param
    http = build_server(DomainSettings([kb]), None,
                        ServerLimits(per_client=RateLimit(2, 60.0)), behind_proxy=behind_proxy)
    sockets = bind_sockets(0, "127.0.0.1", family=socket.AF_INET)
    http.add_sockets(sockets)
    try:
        yield f"http://127.0.0.1:{sockets[0].getsockname()[1]}{PATH}", behind_proxy
    finally:
        http.stop()
        await http.close_all_connections()


@pytest.mark.parametrize("header", ["X-Forwarded-For", "X-Real-IP"])
async def test_the_allowance_is_the_forwarded_clients(server: tuple[str, bool],
                                                      header: str) -> None:
    url, behind_proxy = server
    async with httpx.AsyncClient() as http:
        first = [(await http.get(url, headers={header: "203.0.113.7"})).status_code
                 for _ in range(3)]
        other = await http.get(url, headers={header: "198.51.100.9"})
    assert first == [200, 200, 429]
    # behind a proxy another client has its own allowance; directly, the header is ignored
    # and every request is the loopback address's
    assert other.status_code == (200 if behind_proxy else 429)


async def test_a_forwarded_chain_counts_its_last_address(server: tuple[str, bool]) -> None:
    """The proxy appends the address it saw; what the client wrote before it is not trusted
    (were the first address counted, each forged one would get a new allowance)."""
    url, _ = server
    async with httpx.AsyncClient() as http:
        statuses = [(await http.get(url, headers={
            "X-Forwarded-For": f"10.0.0.{n}, 203.0.113.8"})).status_code for n in range(3)]
    assert statuses == [200, 200, 429]  # the forged first addresses do not refill it


def test_the_command_takes_the_flag() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve-autoconfig", "--port", str(port), "--behind-proxy"],
        cwd=REPO, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                reply = httpx.get(f"http://127.0.0.1:{port}{PATH}", timeout=2,
                                  headers={"X-Forwarded-For": "203.0.113.7"})
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and process.poll() is None
                time.sleep(0.2)
        assert reply.status_code == 200 and "smtp.qq.com" in reply.text
    finally:
        process.terminate()
        _, errors = process.communicate(timeout=10)
    assert "behind a proxy" in errors
