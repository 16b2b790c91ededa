"""The autoconfig server on loopback: queried by this project's own discovery over HTTPS with
a test CA, as Thunderbird would query an organisation's server, and by hostile requests."""

from __future__ import annotations

import asyncio
import logging
import os
import plistlib
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
import trustme
from tornado.netutil import bind_sockets

from bot.adapters.autoconfig_server import ServerLimits, build_server
from bot.discovery.chain import Discoverer, DiscoverySettings
from bot.discovery.client_config import parse_client_config
from bot.exports.domain_settings import DomainSettings
from bot.knowledge_base import KnowledgeBase, load_knowledge
from bot.models import AnswerSource, Protocol, Security, UsernameForm
from bot.probing.limits import RateLimit
from tests.conftest import REPO
from tests.dns_server import dnsmasq_binary, run_dnsmasq

ORG = "acme.example.test"
ACME = f"""id: acme
name: {{en: ACME Corp mail, zh: ACME 公司邮箱}}
kind: business
aliases: [acme corp]
domains: [{ORG}]
mx_patterns: []
status: ok
login: {{methods: [password], username: local-part}}
servers:
  - {{protocol: imap, host: imap.{ORG}, port: 993, security: ssl}}
  - {{protocol: smtp, host: smtp.{ORG}, port: 587, security: starttls}}
sources:
  - url: https://{ORG}/it/mail
    kind: official
    checked: 2026-12-01
    covers: the IT department's own page
"""
MARKER = "zq7marker"  # hostile input carries it; no response may


@pytest.fixture(scope="module")
def extra_knowledge(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("org-knowledge")
    (root / "providers").mkdir()
    (root / "providers" / "acme.yaml").write_text(ACME, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> tuple[trustme.CA, Path]:
    authority = trustme.CA()
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    authority.cert_pem.write_to_path(str(path))
    return authority, path


def tls_context(authority: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert(f"autoconfig.{ORG}", ORG, "autoconfig.qq.com", "outlook.com",
                         "127.0.0.1").configure_cert(context)
    return context


@pytest.fixture
async def server(kb: KnowledgeBase, extra_knowledge: Path, ca: tuple[trustme.CA, Path],
                 request: pytest.FixtureRequest) -> AsyncIterator[int]:
    limits = getattr(request, "param", None) or ServerLimits()
    domains = DomainSettings([load_knowledge(extra_knowledge, use_cache=False), kb])
    http = build_server(domains, tls_context(ca[0]), limits)
    sockets = bind_sockets(0, "127.0.0.1", family=socket.AF_INET)
    http.add_sockets(sockets)
    try:
        yield sockets[0].getsockname()[1]
    finally:
        http.stop()
        await http.close_all_connections()


def client(ca_file: Path) -> httpx.AsyncClient:
    return httpx.AsyncClient(verify=ssl.create_default_context(cafile=str(ca_file)))


async def raw(port: int, ca_file: Path, request: bytes) -> bytes:
    """Send ``request`` as it is (no client tidies the path) and read the whole reply."""
    context = ssl.create_default_context(cafile=str(ca_file))
    reader, writer = await asyncio.open_connection(
        "127.0.0.1", port, ssl=context, server_hostname=f"autoconfig.{ORG}")
    try:
        writer.write(request)
        await writer.drain()
        async with asyncio.timeout(5):
            return await reader.read(1 << 20)
    except ConnectionResetError:
        return b""  # the server hung up on the request: nothing of it came back
    finally:
        writer.close()


@pytest.fixture(scope="module")
def nameserver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    if dnsmasq_binary() is None or os.geteuid() != 0:
        pytest.skip("dnsmasq is not installed or not running as root")
    with run_dnsmasq(tmp_path_factory.mktemp("dnsmasq"),
                     [f"address=/{ORG}/127.0.0.1"]) as port:
        yield ("127.0.0.1", port)


async def test_discovery_sets_up_an_organisation_from_it(
        kb: KnowledgeBase, server: int, ca: tuple[trustme.CA, Path],
        nameserver: tuple[str, int]) -> None:
    assert kb.provider_for_domain(ORG) is None  # only the organisation's folder knows it
    settings = DiscoverySettings(
        nameserver=nameserver, dns_timeout=2.0, http_timeout=3.0, ca_file=ca[1],
        subdomain_url=f"https://autoconfig.{{domain}}:{server}/mail/config-v1.1.xml"
                      "?emailaddress={address}",
        wellknown_url=f"https://{{domain}}:{server}/.well-known/autoconfig/mail/"
                      "config-v1.1.xml?emailaddress={address}",
        ispdb_base_url="", allow_private=True, probe_guesses=False)
    found = await Discoverer(kb, settings).discover(ORG, f"jane@{ORG}")
    assert found is not None and found.source is AnswerSource.AUTOCONFIG
    assert [(s.protocol, s.host, s.port, s.security, s.username) for s in found.servers] == [
        (Protocol.IMAP, f"imap.{ORG}", 993, Security.SSL, UsernameForm.LOCAL_PART),
        (Protocol.SMTP, f"smtp.{ORG}", 587, Security.STARTTLS, UsernameForm.LOCAL_PART)]
    wellknown_only = replace(settings, subdomain_url="https://autoconfig.{domain}:1/x")
    found = await Discoverer(kb, wellknown_only).discover(ORG, f"jane@{ORG}")
    assert found is not None and found.servers[0].host == f"imap.{ORG}"


async def test_documents_types_and_caching(server: int, ca: tuple[trustme.CA, Path],
                                           kb: KnowledgeBase) -> None:
    base = f"https://127.0.0.1:{server}"
    async with client(ca[1]) as http:
        xml = await http.get(f"{base}/mail/config-v1.1.xml", params={"emailaddress": "a@qq.com"})
        assert xml.status_code == 200
        assert xml.headers["content-type"] == "application/xml; charset=utf-8"
        assert xml.headers["cache-control"] == "public, max-age=3600"
        assert "server" not in xml.headers and b"a@qq.com" not in xml.content
        assert parse_client_config(xml.content).servers_for("qq.com")[0].host == "imap.qq.com"
        again = await http.get(f"{base}/mail/config-v1.1.xml", params={"emailaddress": "b@qq.com"},
                               headers={"If-None-Match": xml.headers["etag"]})
        assert again.status_code == 304
    async with client(ca[1]) as http:
        profile = await http.get(f"{base}/apple/mail.mobileconfig",
                                 params={"emailaddress": "Zhang@QQ.com"})
        assert profile.status_code == 200
        assert profile.headers["content-type"] == "application/x-apple-aspen-config"
        assert profile.headers["cache-control"] == "private, no-store"
        assert profile.headers["content-disposition"] == (
            'attachment; filename="qq-mail.mobileconfig"')
        [mail] = plistlib.loads(profile.content)["PayloadContent"]
        assert mail["EmailAddress"] == "Zhang@qq.com"
        oauth = await http.get(f"{base}/apple/mail.mobileconfig",
                               params={"emailaddress": "a@outlook.com"})
        assert oauth.status_code == 409 and oauth.text == "no file for this provider\n"
        unknown = await http.get(f"{base}/mail/config-v1.1.xml",
                                 params={"emailaddress": "a@nobody-knows-this.example"})
        assert unknown.status_code == 404


async def test_the_host_header_names_the_domain(server: int, ca: tuple[trustme.CA, Path]) -> None:
    reply = await raw(server, ca[1], b"GET /mail/config-v1.1.xml HTTP/1.1\r\n"
                      b"Host: autoconfig." + ORG.encode() + b"\r\n\r\n")
    assert reply.startswith(b"HTTP/1.1 200") and f"imap.{ORG}".encode() in reply


HOSTILE = [
    ("huge query", f"/mail/config-v1.1.xml?emailaddress={MARKER}" + "a" * 20_000, 414),
    ("bad address", f"/mail/config-v1.1.xml?emailaddress=%3Cscript%3E{MARKER}@qq.com", 400),
    ("header in address", f"/mail/config-v1.1.xml?emailaddress=a@qq.com%0D%0AX-{MARKER}:1",
     400),
    ("dot segments", f"/mail/../../etc/{MARKER}", 404),
    ("encoded dots", f"/%2e%2e/%2e%2e/etc/{MARKER}", 404),
    ("open redirect", f"//{MARKER}.example/mail/config-v1.1.xml", 404),
    ("backslashes", f"/\\\\{MARKER}.example\\mail", 404),
    ("trailing slash", f"/mail/config-v1.1.xml/{MARKER}", 404),
    ("bad host", "/mail/config-v1.1.xml", 400),
]


@pytest.mark.parametrize(("what", "path", "status"), HOSTILE, ids=[h[0] for h in HOSTILE])
async def test_hostile_requests_get_4xx_and_nothing_leaks(
        server: int, ca: tuple[trustme.CA, Path], caplog: pytest.LogCaptureFixture,
        what: str, path: str, status: int) -> None:
    host = f"{MARKER}<x>" if what == "bad host" else f"autoconfig.{ORG}"
    with caplog.at_level(logging.INFO, logger="bot.adapters.autoconfig_server"):
        reply = await raw(server, ca[1], f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    head, _, body = reply.partition(b"\r\n\r\n")
    assert head.startswith(f"HTTP/1.1 {status}".encode()), head
    assert MARKER.encode() not in reply and b"location" not in head.lower()
    assert len(body) < 40 and b"<" not in body
    # tornado itself warns of a malformed request, quoting it with repr(); our log, never
    assert MARKER not in "".join(r.getMessage() for r in caplog.records
                                 if r.name.startswith("bot."))


async def test_bodies_and_other_methods_are_refused(server: int,
                                                   ca: tuple[trustme.CA, Path]) -> None:
    post = await raw(server, ca[1], b"POST /mail/config-v1.1.xml HTTP/1.1\r\nHost: a.b\r\n"
                     b"Content-Length: 0\r\n\r\n")
    assert post.startswith(b"HTTP/1.1 405")
    post = await raw(server, ca[1], b"POST /mail/config-v1.1.xml HTTP/1.1\r\nHost: a.b\r\n"
                     b"Content-Length: 5\r\n\r\nhello")
    assert post.startswith(b"HTTP/1.1 4")
    body = await raw(server, ca[1], b"GET /mail/config-v1.1.xml?emailaddress=a@qq.com HTTP/1.1"
                     b"\r\nHost: a.b\r\nContent-Length: 100000\r\n\r\n")
    assert body == b"" or body.startswith(b"HTTP/1.1 4")
    endless = await raw(server, ca[1], b"GET /mail/config-v1.1.xml HTTP/1.1\r\nX: "
                        + b"a" * 200_000 + b"\r\n\r\n")
    assert endless == b"" or endless.startswith(b"HTTP/1.1 4")


@pytest.mark.parametrize("server", [ServerLimits(per_client=RateLimit(3, 60.0))],
                         indirect=True)
async def test_each_client_has_an_allowance(server: int, ca: tuple[trustme.CA, Path]) -> None:
    async with client(ca[1]) as http:
        url = f"https://127.0.0.1:{server}/mail/config-v1.1.xml?emailaddress=a@qq.com"
        statuses = [(await http.get(url)).status_code for _ in range(4)]
        last = await http.get(url)
    assert statuses == [200, 200, 200, 429]
    assert int(last.headers["retry-after"]) >= 1


def test_the_command_serves_plain_http_and_checks_its_flags(extra_knowledge: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "bot", "serve-autoconfig", "--tls-cert", "x"],
                          capture_output=True, text=True, cwd=REPO, timeout=30, check=False)
    assert done.returncode == 1 and "--tls-key" in done.stderr
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve-autoconfig", "--port", str(port),
         "--knowledge-extra", str(extra_knowledge)],
        cwd=REPO, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                reply = httpx.get(f"http://127.0.0.1:{port}/mail/config-v1.1.xml",
                                  params={"emailaddress": f"jane@{ORG}"}, timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and process.poll() is None
                time.sleep(0.2)
        assert reply.status_code == 200 and f"smtp.{ORG}" in reply.text
    finally:
        process.terminate()
        _, errors = process.communicate(timeout=10)
    assert "http://127.0.0.1" in errors and f"jane@{ORG}" not in errors
