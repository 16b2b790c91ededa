"""Discovery against a real DNS server (dnsmasq) and a local HTTPS autoconfig server.

Nothing leaves the machine: dnsmasq runs with no-resolv on 127.0.0.1, every test name
resolves to 127.0.0.1 through it, and the autoconfig URLs carry the local server's port.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import trustme

from bot.answer_json import answer_to_json
from bot.discovery.answers import with_discovery
from bot.discovery.chain import Discoverer, DiscoverySettings
from bot.discovery.dns_records import DnsLookups, parse_nameserver
from bot.engine import Engine
from bot.knowledge_base import KnowledgeBase
from bot.models import Intent, Protocol, Security
from tests.autoconfig_server import (
    BILLION_LAUGHS,
    autoconfig_server,
    client_config,
    huge,
    never,
    respond,
)
from tests.dns_server import dnsmasq_binary, run_dnsmasq

pytestmark = pytest.mark.skipif(
    dnsmasq_binary() is None or os.geteuid() != 0,
    reason="dnsmasq is not installed (apt-get install dnsmasq-base; .ci/run does this) "
    "or not running as root")

ZONE = "example.test"
AUTOCONFIG_HOSTS = ["good", "wellknown", "ispdb", "malformed", "huge", "redirect", "slow",
                    "entities", "private"]


def platform_mx_hosts(kb: KnowledgeBase) -> dict[str, str]:
    """One real-looking MX host per platform, from the platform's own patterns."""
    hosts = {}
    for provider in kb.providers.values():
        if provider.mx_patterns:
            pattern = provider.mx_patterns[0]
            hosts[provider.id] = pattern.replace("*.", "mx1.")
    return hosts


def dns_records(kb: KnowledgeBase) -> list[str]:
    records = [f"address=/{ZONE}/127.0.0.1"]
    for provider_id, host in platform_mx_hosts(kb).items():
        records.append(f"mx-host={provider_id}.{ZONE},{host},10")
    google = platform_mx_hosts(kb)["google-workspace"]
    microsoft = platform_mx_hosts(kb)["microsoft-365"]
    records += [
        # Preference: the LOWEST number is most preferred (Thunderbird sorts this wrongly).
        f"mx-host=pref.{ZONE},{google},20", f"mx-host=pref.{ZONE},{microsoft},10",
        f"mx-host=relay.{ZONE},filter.relay-unknown.test,5", f"mx-host=relay.{ZONE},{google},10",
        f"srv-host=_imaps._tcp.srv.{ZONE},imap.srv.{ZONE},993,0,1",
        f"srv-host=_submission._tcp.srv.{ZONE},smtp.elsewhere.test,587,0,1",
        f"srv-host=_pop3._tcp.srv.{ZONE}",  # no target: "." - not offered
        f"srv-host=_imaps._tcp.nothing.{ZONE}",
    ]
    return records


@pytest.fixture(scope="module")
def nameserver(kb: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory
               ) -> Iterator[tuple[str, int]]:
    with run_dnsmasq(tmp_path_factory.mktemp("dnsmasq"), dns_records(kb)) as port:
        yield ("127.0.0.1", port)


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> tuple[trustme.CA, Path]:
    authority = trustme.CA()
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    authority.cert_pem.write_to_path(str(path))
    return authority, path


def discoverer(kb: KnowledgeBase, nameserver: tuple[str, int], ca_file: Path | None = None,
               port: int = 1, **settings: object) -> Discoverer:
    base = DiscoverySettings(
        nameserver=nameserver, dns_timeout=2.0, http_timeout=2.0, ca_file=ca_file,
        subdomain_url=f"https://autoconfig.{{domain}}:{port}/mail/config-v1.1.xml"
                      "?emailaddress={address}",
        wellknown_url=f"https://{{domain}}:{port}/.well-known/autoconfig/mail/config-v1.1.xml",
        ispdb_base_url=f"https://ispdb.{ZONE}:{port}/v1.1/", allow_private=True,
        probe_guesses=False)
    return Discoverer(kb, replace(base, **settings))  # type: ignore[arg-type]


def test_nameserver_parsing() -> None:
    assert parse_nameserver("127.0.0.1:5353") == ("127.0.0.1", 5353)
    assert parse_nameserver("[::1]:53") == ("::1", 53)
    assert parse_nameserver("192.0.2.1") == ("192.0.2.1", 53)


async def test_mx_lookup_is_sorted_by_preference(nameserver: tuple[str, int]) -> None:
    records = await DnsLookups(nameserver, 2.0).mx(f"pref.{ZONE}")
    assert [r.preference for r in records] == [10, 20]


async def test_at_least_twelve_platforms_by_mx(kb: KnowledgeBase,
                                               nameserver: tuple[str, int]) -> None:
    finder = discoverer(kb, nameserver)
    platforms = platform_mx_hosts(kb)
    assert len(platforms) >= 12, sorted(platforms)
    found = await asyncio.gather(*(finder.discover(f"{pid}.{ZONE}") for pid in platforms))
    for provider_id, discovery in zip(platforms, found, strict=True):
        assert discovery is not None and discovery.source == "mx", provider_id
        assert discovery.provider is not None and discovery.provider.id == provider_id
        assert discovery.servers == discovery.provider.servers
        assert "MX" in discovery.explanation.en and "MX" in discovery.explanation.zh


async def test_most_preferred_mx_wins(kb: KnowledgeBase, nameserver: tuple[str, int]) -> None:
    found = await discoverer(kb, nameserver).discover(f"pref.{ZONE}")
    assert found is not None and found.provider is not None
    assert found.provider.id == "microsoft-365"  # preference 10 beats 20


async def test_unknown_relay_in_front_is_mentioned(kb: KnowledgeBase,
                                                   nameserver: tuple[str, int]) -> None:
    found = await discoverer(kb, nameserver).discover(f"relay.{ZONE}")
    assert found is not None and found.provider is not None
    assert found.provider.id == "google-workspace"
    assert "filter.relay-unknown.test" in found.explanation.en


async def test_srv_records(kb: KnowledgeBase, nameserver: tuple[str, int]) -> None:
    found = await discoverer(kb, nameserver).discover(f"srv.{ZONE}")
    assert found is not None and found.source == "srv"
    by_protocol = {s.protocol: s for s in found.servers}
    assert set(by_protocol) == {Protocol.IMAP, Protocol.SMTP}  # POP3 target "." = not offered
    imap, smtp = by_protocol[Protocol.IMAP], by_protocol[Protocol.SMTP]
    assert (imap.host, imap.port, imap.security, imap.unverified) == (
        f"imap.srv.{ZONE}", 993, Security.SSL, False)
    assert (smtp.host, smtp.port, smtp.security, smtp.unverified) == (
        "smtp.elsewhere.test", 587, Security.STARTTLS, True)
    assert "outside" in found.explanation.en


async def test_not_offered_srv_alone_finds_nothing(kb: KnowledgeBase,
                                                   nameserver: tuple[str, int]) -> None:
    assert await discoverer(kb, nameserver, ispdb_base_url="").discover(
        f"nothing.{ZONE}") is None


def autoconfig_routes() -> dict[tuple[str, str], object]:
    good = client_config(f"imap.good.{ZONE}", f"smtp.good.{ZONE}")
    return {
        (f"autoconfig.good.{ZONE}", "/mail/config-v1.1.xml"): respond(200, good),
        (f"wellknown.{ZONE}", "/.well-known/autoconfig/mail/config-v1.1.xml"):
            respond(200, client_config("imap.wk.example", "smtp.wk.example")),
        (f"ispdb.{ZONE}", f"/v1.1/ispdb.{ZONE}"):
            respond(200, client_config("imap.fromdb.example", "smtp.fromdb.example")),
        (f"autoconfig.malformed.{ZONE}", "/mail/config-v1.1.xml"):
            respond(200, b"<clientConfig><emailProvider>"),
        (f"autoconfig.huge.{ZONE}", "/mail/config-v1.1.xml"): huge(4_000_000),
        (f"autoconfig.redirect.{ZONE}", "/mail/config-v1.1.xml"):
            respond(302, headers={"Location": "/moved.xml"}),
        (f"autoconfig.redirect.{ZONE}", "/moved.xml"):
            respond(200, client_config("imap.moved.example", "smtp.moved.example")),
        (f"autoconfig.slow.{ZONE}", "/mail/config-v1.1.xml"): never,
        (f"autoconfig.entities.{ZONE}", "/mail/config-v1.1.xml"): respond(200, BILLION_LAUGHS),
        (f"autoconfig.private.{ZONE}", "/mail/config-v1.1.xml"): respond(200, good),
    }


def server_context(authority: trustme.CA) -> object:
    import ssl

    names = [f"autoconfig.{h}.{ZONE}" for h in AUTOCONFIG_HOSTS] + [
        f"{h}.{ZONE}" for h in AUTOCONFIG_HOSTS]
    cert = authority.issue_cert(*names)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(context)
    return context


@pytest.mark.parametrize(("label", "source", "imap_host"), [
    ("good", "autoconfig", f"imap.good.{ZONE}"),
    ("wellknown", "autoconfig", "imap.wk.example"),
    ("ispdb", "ispdb-online", "imap.fromdb.example"),
    ("redirect", "autoconfig", "imap.moved.example"),
])
async def test_autoconfig_sources(kb: KnowledgeBase, nameserver: tuple[str, int],
                                  ca: tuple[trustme.CA, Path], label: str, source: str,
                                  imap_host: str) -> None:
    async with autoconfig_server(server_context(ca[0]), autoconfig_routes()) as port:  # type: ignore[arg-type]
        found = await discoverer(kb, nameserver, ca[1], port).discover(f"{label}.{ZONE}")
    assert found is not None and found.source == source
    assert found.servers[0].host == imap_host and found.servers[0].protocol is Protocol.IMAP
    smtp = next(s for s in found.servers if s.protocol is Protocol.SMTP)
    assert (smtp.port, smtp.security, smtp.username.value) == (587, Security.STARTTLS,
                                                               "local-part")


@pytest.mark.parametrize("label", ["malformed", "huge", "entities", "slow"])
async def test_bad_autoconfig_is_ignored_in_bounded_time(
        kb: KnowledgeBase, nameserver: tuple[str, int], ca: tuple[trustme.CA, Path],
        label: str) -> None:
    async with autoconfig_server(server_context(ca[0]), autoconfig_routes()) as port:  # type: ignore[arg-type]
        finder = discoverer(kb, nameserver, ca[1], port, ispdb_base_url="")
        started = time.perf_counter()
        found = await finder.discover(f"{label}.{ZONE}")
        elapsed = time.perf_counter() - started
    assert found is None
    assert elapsed < 2.0 + 1.5  # the HTTP timeout, plus slack


async def test_private_addresses_are_refused_for_strangers(
        kb: KnowledgeBase, nameserver: tuple[str, int], ca: tuple[trustme.CA, Path]) -> None:
    async with autoconfig_server(server_context(ca[0]), autoconfig_routes()) as port:  # type: ignore[arg-type]
        finder = discoverer(kb, nameserver, ca[1], port, allow_private=False,
                            ispdb_base_url="")
        assert await finder.discover(f"private.{ZONE}") is None


async def test_results_are_cached(kb: KnowledgeBase, nameserver: tuple[str, int]) -> None:
    finder = discoverer(kb, nameserver)
    first = await finder.discover(f"zoho.{ZONE}")
    started = time.perf_counter()
    second = await finder.discover(f"zoho.{ZONE}")
    assert second is first
    assert time.perf_counter() - started < 0.01


async def test_answer_says_how_it_was_found(engine: Engine, kb: KnowledgeBase,
                                            nameserver: tuple[str, int]) -> None:
    answer = engine.ask(f"boss@microsoft-365.{ZONE} smtp")
    assert answer.intent is Intent.UNKNOWN_PROVIDER
    found = await with_discovery(answer, discoverer(kb, nameserver))
    assert found.intent is Intent.SETTINGS and found.source == "mx"
    assert found.provider is not None and found.provider.id == "microsoft-365"
    assert found.servers[0].protocol is Protocol.SMTP
    assert found.found_how is not None and "Microsoft 365" in found.found_how.en


async def test_cli_discovers_by_default_and_not_offline(nameserver: tuple[str, int]) -> None:
    import json
    import sys

    from tests.conftest import REPO

    async def ask(*flags: str) -> dict[str, object]:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "ask", "--json", *flags, f"it@zoho.{ZONE}",
            cwd=REPO, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        out, _ = await asyncio.wait_for(process.communicate(), timeout=60)
        loaded: dict[str, object] = json.loads(out)
        return loaded

    host, port = nameserver
    found = await ask("--nameserver", f"{host}:{port}", "--ispdb-url", "")
    assert found["source"] == "mx" and found["intent"] == "settings"
    assert found["provider"] == {"id": "zoho", "name": "Zoho Mail"}
    assert "MX" in str(found["found_how"]) and found["servers"]
    offline = await ask("--offline", "--nameserver", f"{host}:{port}")
    assert offline["intent"] == "unknown_provider" and offline["source"] == "knowledge"


async def test_a_guess_is_offered_only_when_the_probe_confirms_it(
        kb: KnowledgeBase, nameserver: tuple[str, int], ca: tuple[trustme.CA, Path]) -> None:
    import ssl

    from bot.probing.prober import Prober, ProbeSettings
    from tests.mail_servers import smtp_server

    domain = f"guess.{ZONE}"
    cert = ca[0].issue_cert(f"smtp.{domain}")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(context)
    lookups = DnsLookups(nameserver, 2.0)
    prober = Prober(ProbeSettings(unrestricted=True, ca_file=ca[1], deadline=3, step_timeout=2),
                    resolver=lookups.addresses)
    async with smtp_server(implicit_tls=context) as port:
        guesses = (("imap", Protocol.IMAP, 1, Security.SSL),  # nothing listens there
                   ("smtp", Protocol.SMTP, port, Security.SSL))
        finder = Discoverer(kb, replace(discoverer(kb, nameserver).settings, ispdb_base_url="",
                                        probe_guesses=True, guesses=guesses), prober)
        found = await finder.discover(domain)
    assert found is not None and found.source == "guess"
    (server,) = found.servers
    assert (server.host, server.port, server.unverified) == (f"smtp.{domain}", port, True)
    assert server.note is not None and "guess" in server.note.en
    assert "guess" in found.explanation.en.lower()


async def fetch_locally(ca: tuple[trustme.CA, Path], label: str, route: object) -> None:
    """fetch() of autoconfig.<label>'s document from a local server serving ``route``."""
    import ssl

    import httpx

    from bot.discovery.autoconfig import fetch

    async def local(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        return [ipaddress.ip_address("127.0.0.1")]

    routes = {(f"autoconfig.{label}.{ZONE}", "/mail/config-v1.1.xml"): route}
    context = ssl.create_default_context(cafile=str(ca[1]))
    server = autoconfig_server(server_context(ca[0]), routes)  # type: ignore[arg-type]
    async with server as port, httpx.AsyncClient(verify=context) as client:
        await fetch(client, f"https://autoconfig.{label}.{ZONE}:{port}/mail/config-v1.1.xml",
                    f"{label}.{ZONE}", 2.0, local, allow_private=True)


async def test_a_redirect_to_another_port_is_refused(ca: tuple[trustme.CA, Path]) -> None:
    """Issue 10 item 12: a redirect may lead to HTTPS's own port (or stay on the same one),
    never to another service's port such as Redis's 6379."""
    from bot.discovery.autoconfig import AutoconfigError

    moved = respond(302, headers={"Location": f"https://autoconfig.redirect.{ZONE}:6379/x"})
    with pytest.raises(AutoconfigError, match="another port"):
        await fetch_locally(ca, "redirect", moved)


async def test_a_compressed_body_is_refused_unread(ca: tuple[trustme.CA, Path]) -> None:
    """Issue 10 item 3: a gzip body is never inflated (a 'bomb' of zeros would take hundreds
    of megabytes before the size cap could see it)."""
    import gzip

    from bot.discovery.autoconfig import AutoconfigError

    bomb = gzip.compress(b"\0" * 20_000_000)  # 20 MB of zeros in ~20 KB
    with pytest.raises(AutoconfigError, match="compressed"):
        await fetch_locally(ca, "huge", respond(200, bomb,
                                                headers={"Content-Encoding": "gzip"}))


async def test_identical_lookups_in_flight_are_shared(
        kb: KnowledgeBase, nameserver: tuple[str, int], ca: tuple[trustme.CA, Path]) -> None:
    """Issue 10 item 13: 50 messages about one domain at once make one lookup's requests."""
    requests = 0
    routes = autoconfig_routes()
    good = routes[(f"autoconfig.good.{ZONE}", "/mail/config-v1.1.xml")]

    async def counted(writer: asyncio.StreamWriter) -> None:
        nonlocal requests
        requests += 1
        await asyncio.sleep(0.2)  # long enough for every caller to arrive while it runs
        await good(writer)  # type: ignore[operator]

    routes[(f"autoconfig.good.{ZONE}", "/mail/config-v1.1.xml")] = counted
    async with autoconfig_server(server_context(ca[0]), routes) as port:  # type: ignore[arg-type]
        finder = discoverer(kb, nameserver, ca[1], port, ispdb_base_url="")
        found = await asyncio.gather(*(finder.discover(f"good.{ZONE}") for _ in range(50)))
    assert all(f is not None and f is found[0] for f in found)
    assert requests == 1


async def test_guesses_are_paid_for_by_the_asker(kb: KnowledgeBase,
                                                 nameserver: tuple[str, int]) -> None:
    """Issue 10 item 5: the guess step's probes come out of the asking user's allowance, so
    one user naming many unknown domains cannot make the bot connect again and again."""
    from collections.abc import Sequence

    from bot.probing.limits import RateLimit
    from bot.probing.prober import Prober, ProbeSettings
    from bot.probing.results import ProbeReport, ServerSpec

    probed: list[str] = []

    class CountingProber(Prober):
        async def probe_servers(self, specs: Sequence[ServerSpec],  # type: ignore[override]
                                **kwargs: object) -> ProbeReport:
            probed.extend(f"{spec.host}:{spec.port}" for spec in specs)
            return ProbeReport(target="")

    prober = CountingProber(ProbeSettings(per_user=RateLimit(2, 60.0)))
    finder = Discoverer(kb, replace(discoverer(kb, nameserver).settings, ispdb_base_url="",
                                    probe_guesses=True), prober)
    per_lookup = len(finder.settings.guesses)
    for i in range(6):  # six unknown domains (no records anywhere) from one user
        await finder.discover(f"nothing{i}.{ZONE}", user="tg:1")
    assert len(probed) == 2 * per_lookup  # two lookups' worth: the allowance, then no more
    await finder.discover(f"nothing-else.{ZONE}", user="tg:2")  # another user still may
    assert len(probed) == 3 * per_lookup


async def test_a_silent_dns_server_fails_fast_and_says_so(kb: KnowledgeBase) -> None:
    """Issue 10 item 14: with DNS down the answer says the lookup failed (not "unknown
    provider"), within the deadline; once the server is known down, later lookups fail at
    once instead of each waiting out its timeouts."""
    import socket

    from bot.discovery.answers import with_discovery

    silent = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)  # reads nothing, answers nothing
    silent.bind(("127.0.0.1", 0))
    try:
        finder = Discoverer(kb, replace(discoverer(kb, silent.getsockname()).settings,
                                        dns_timeout=0.5, deadline=5.0, probe_guesses=False,
                                        ispdb_base_url=""))
        engine = Engine(kb)
        first = time.monotonic()
        answer = await with_discovery(engine.ask(f"me@unknown-one.{ZONE}"), finder)
        first_took = time.monotonic() - first
        assert answer.intent is Intent.UNKNOWN_PROVIDER and answer.lookup_failed
        assert answer_to_json(answer)["lookup_failed"] is True
        assert "did not answer" in answer_to_json(answer)["text"]
        assert first_took < 5.0 + 0.5
        for i in range(3):  # the server has been silent: fail at once now
            started = time.monotonic()
            later = await with_discovery(engine.ask(f"me@unknown-{i}.{ZONE}"), finder)
            assert later.lookup_failed and time.monotonic() - started < 0.2
    finally:
        silent.close()
