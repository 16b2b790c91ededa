"""Discovery for a domain the knowledge base does not hold, in Thunderbird's order:

1. MX records -> a hosted-mail platform the knowledge base knows by its MX host names;
2. RFC 6186 SRV records (_imaps._tcp, _submission._tcp, ...);
3. autoconfig: the domain's own (autoconfig.<domain>, /.well-known/), then Thunderbird's
   online ISPDB;
4. a guess (imap.<domain>, smtp.<domain>, mail.<domain>), offered only when the probe
   confirms it, and always marked as a guess.
MX and SRV lookups run concurrently, as do the autoconfig fetches; each step has a timeout.
Results are cached (bounded, with a TTL); every result says how it was found.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import quote

import httpx

from bot.discovery.autoconfig import AutoconfigError, fetch
from bot.discovery.dns_records import DnsLookups, MxRecord
from bot.discovery.shared import SharedDiscovery, decode, encode
from bot.knowledge_base import KnowledgeBase
from bot.mail_ports import IMAPS_PORT, SUBMISSION_PORT, SUBMISSIONS_PORT
from bot.models import (
    AnswerSource,
    KnownBy,
    Protocol,
    Provider,
    Security,
    Server,
    Text,
    UsernameForm,
)
from bot.probing.prober import Prober
from bot.probing.results import ServerSpec
from bot.probing.tls_inspect import verifying_context
from bot.server_order import order_servers

# RFC 6186 and RFC 8314 service labels, most preferred kind first within each protocol.
SRV_SERVICES = (
    ("_imaps._tcp", Protocol.IMAP, Security.SSL), ("_imap._tcp", Protocol.IMAP, Security.STARTTLS),
    ("_pop3s._tcp", Protocol.POP3, Security.SSL), ("_pop3._tcp", Protocol.POP3, Security.STARTTLS),
    ("_submissions._tcp", Protocol.SMTP, Security.SSL),
    ("_submission._tcp", Protocol.SMTP, Security.STARTTLS),
)
GUESSES = (("imap", Protocol.IMAP, IMAPS_PORT, Security.SSL),
           ("mail", Protocol.IMAP, IMAPS_PORT, Security.SSL),
           ("smtp", Protocol.SMTP, SUBMISSIONS_PORT, Security.SSL),
           ("smtp", Protocol.SMTP, SUBMISSION_PORT, Security.STARTTLS),
           ("mail", Protocol.SMTP, SUBMISSIONS_PORT, Security.SSL))
THUNDERBIRD_ISPDB = "https://autoconfig.thunderbird.net/v1.1/"
MAX_CACHED = 10_000


@dataclass(frozen=True)
class DiscoverySettings:
    nameserver: tuple[str, int] | None = None  # None: the system's resolvers
    dns_timeout: float = 3.0
    http_timeout: float = 5.0
    subdomain_url: str = "https://autoconfig.{domain}/mail/config-v1.1.xml?emailaddress={address}"
    wellknown_url: str = ("https://{domain}/.well-known/autoconfig/mail/config-v1.1.xml"
                          "?emailaddress={address}")
    ispdb_base_url: str = THUNDERBIRD_ISPDB  # empty: never ask Thunderbird's online ISPDB
    ca_file: Path | None = None
    cache_ttl: float = 3600.0
    negative_ttl: float = 300.0
    probe_guesses: bool = True
    guesses: tuple[tuple[str, Protocol, int, Security], ...] = GUESSES
    allow_private: bool = False  # tests and own networks only, like the probe's switch
    deadline: float = 15.0  # a whole lookup; a chat never waits longer


@dataclass(frozen=True)
class Discovery:
    """What discovery found for a domain, and how (``source`` is the JSON's ``source``)."""

    domain: str
    source: AnswerSource
    explanation: Text
    provider: Provider | None = None
    servers: tuple[Server, ...] = ()
    evidence: tuple[str, ...] = field(default=())


class Discoverer:
    def __init__(self, kb: KnowledgeBase, settings: DiscoverySettings,
                 prober: Prober | None = None, shared: SharedDiscovery | None = None) -> None:
        """``shared``: results and the guesses' cost shared with other replicas."""
        self.kb = kb
        self.settings = settings
        self.prober = prober
        self.shared = shared
        self._dns = DnsLookups(settings.nameserver, settings.dns_timeout)
        self._tls = verifying_context(settings.ca_file)  # loading CA stores takes ~20 ms
        self._cache: OrderedDict[str, tuple[float, Discovery | None]] = OrderedDict()
        self._in_flight: dict[str, asyncio.Future[Discovery | None]] = {}

    async def discover(self, domain: str, address: str | None = None, *,
                       user: str | None = None, chat: str | None = None) -> Discovery | None:
        """What discovery finds for ``domain``; ``user`` and ``chat`` (who asked) pay for the
        probes of the guess step out of their probe allowance."""
        domain = domain.lower().rstrip(".")
        cached = self._cache.get(domain)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        # A hundred messages about one domain share one lookup, not a hundred.
        running = self._in_flight.get(domain)
        if running is None:
            running = asyncio.ensure_future(self._discover_and_cache(domain, address, user,
                                                                     chat))
            self._in_flight[domain] = running
            running.add_done_callback(lambda _: self._in_flight.pop(domain, None))
        return await asyncio.shield(running)

    async def _discover_and_cache(self, domain: str, address: str | None, user: str | None,
                                  chat: str | None) -> Discovery | None:
        usable, found = False, None
        if self.shared is not None:
            kept = await self.shared.cached(domain)
            if kept is not None:
                usable, found = decode(kept, self.kb)
        if not usable:
            found = await self._discover(domain, address or f"postmaster@{domain}", user, chat)
        ttl = self.settings.cache_ttl if found else self.settings.negative_ttl
        if self.shared is not None and not usable:
            await self.shared.keep(domain, encode(found), ttl)
        self._cache[domain] = (time.monotonic() + ttl, found)
        self._cache.move_to_end(domain)
        while len(self._cache) > MAX_CACHED:
            self._cache.popitem(last=False)
        return found

    async def _discover(self, domain: str, address: str, user: str | None = None,
                        chat: str | None = None) -> Discovery | None:
        mx_task = asyncio.create_task(self._dns.mx(domain))
        srv_task = asyncio.create_task(self._srv(domain))
        try:
            by_mx = self._by_mx(domain, await mx_task)
            if by_mx is not None:
                return by_mx
            by_srv = await srv_task
            if by_srv is not None:
                return by_srv
        finally:
            srv_task.cancel()
        by_autoconfig = await self._autoconfig(domain, address)
        if by_autoconfig is not None:
            return by_autoconfig
        return await self._guess(domain, user, chat)

    def _by_mx(self, domain: str, records: list[MxRecord]) -> Discovery | None:
        """The most preferred MX host (lowest preference) a platform is known by."""
        for record in records:  # already sorted by preference, lowest first
            provider = self.kb.provider_for_mx(record.host)
            if provider is None:
                continue
            name = provider.name
            more_preferred = [r.host for r in records if r.preference < record.preference]
            caveat_en = caveat_zh = ""
            if more_preferred:
                caveat_en = (f" (a more preferred MX, {more_preferred[0]}, is a relay I do not "
                             "know: mail may pass a filter first)")
                caveat_zh = (f"（优先级更高的 MX {more_preferred[0]} 是我不认识的中转，"
                             "邮件可能先经过过滤）")
            return Discovery(
                domain=domain, source=AnswerSource.MX, provider=provider, servers=provider.servers,
                explanation=Text(
                    f"The MX records of {domain} point to {name.en} ({record.host}, "
                    f"preference {record.preference}){caveat_en}.",
                    f"{domain} 的 MX 记录指向 {name.zh}（{record.host}，优先级 "
                    f"{record.preference}）{caveat_zh}。"),
                evidence=tuple(f"MX {r.preference} {r.host}" for r in records))
        return None

    async def _srv(self, domain: str) -> Discovery | None:
        lookups = await asyncio.gather(*(self._dns.srv(f"{label}.{domain}")
                                         for label, _, _ in SRV_SERVICES))
        servers: list[Server] = []
        evidence: list[str] = []
        outside: list[str] = []
        for (label, protocol, security), records in zip(SRV_SERVICES, lookups, strict=True):
            for record in records:
                evidence.append(f"{label}.{domain} SRV {record.priority} {record.weight} "
                                f"{record.port} {record.target}")
                if record.target in (".", "") or record.port == 0:
                    continue  # RFC 2782: "." says the service is decidedly not available
                inside = record.target == domain or record.target.endswith("." + domain)
                if not inside:
                    outside.append(record.target)
                servers.append(Server(protocol=protocol, host=record.target, port=record.port,
                                      security=security, username=UsernameForm.ADDRESS,
                                      unverified=not inside,  # its own record: official
                                      known_by=KnownBy.OFFICIAL if inside else KnownBy.SINGLE))
                break  # the best record of each service
        if not servers:
            return None
        en = f"{domain} publishes SRV records for its mail servers (RFC 6186)."
        zh = f"{domain} 发布了邮件服务器的 SRV 记录（RFC 6186）。"
        if outside:
            # RFC 6186 section 6: without DNSSEC the answer may be forged; a target outside
            # the domain must be confirmed before a password goes there.
            en += (f" {', '.join(dict.fromkeys(outside))} lies outside {domain}: DNS can be "
                   "forged, so confirm that this is your provider before entering a password.")
            zh += (f"{'、'.join(dict.fromkeys(outside))} 不在 {domain} 域内：DNS 可能被伪造，"
                   "请先确认这确实是你的服务商，再输入密码。")
        return Discovery(domain=domain, source=AnswerSource.SRV, explanation=Text(en, zh),
                         servers=order_servers(servers), evidence=tuple(evidence))

    async def _autoconfig(self, domain: str, address: str) -> Discovery | None:
        settings = self.settings
        candidates = [(AnswerSource.AUTOCONFIG, settings.subdomain_url),
                      (AnswerSource.AUTOCONFIG, settings.wellknown_url)]
        if settings.ispdb_base_url:
            candidates.append((AnswerSource.ISPDB_ONLINE,
                               settings.ispdb_base_url.rstrip("/") + "/{domain}"))
        verify = self._tls
        async with httpx.AsyncClient(follow_redirects=False, verify=verify,
                                     timeout=settings.http_timeout,
                                     headers={"User-Agent": "mailbot-discovery"}) as client:
            fetches = [asyncio.create_task(fetch(
                client, template.format(domain=domain, address=quote(address, safe="@")), domain,
                settings.http_timeout, self._dns.addresses, settings.allow_private))
                for _, template in candidates]
            results = await asyncio.gather(*fetches, return_exceptions=True)
        for (source, _), result in zip(candidates, results, strict=True):
            if isinstance(result, AutoconfigError | BaseException) or result is None:
                continue
            where = ("the domain's own autoconfig file" if source is AnswerSource.AUTOCONFIG
                     else "Thunderbird's online ISP database")
            where_zh = ("域名自带的自动配置文件" if source is AnswerSource.AUTOCONFIG
                        else "Thunderbird 在线 ISP 数据库")
            return Discovery(domain=domain, source=source,
                             explanation=Text(f"Found in {where} ({result.url}).",
                                              f"来自{where_zh}（{result.url}）。"),
                             servers=order_servers(tuple(  # the domain's own file: official
                                 replace(s, known_by=KnownBy.OFFICIAL) for s in result.servers)
                                 if source is AnswerSource.AUTOCONFIG else result.servers),
                             evidence=(result.url,))
        return None

    async def _guess(self, domain: str, user: str | None = None,
                     chat: str | None = None) -> Discovery | None:
        """Common host names, kept only where a probe confirms a working server. The guesses
        of one lookup cost the asker one probe from their allowance: twenty unknown domains
        from one user cannot make a hundred connections."""
        if self.prober is None or not self.settings.probe_guesses:
            return None
        if not self.prober.allows(user, chat):
            return None
        if self.shared is not None and not await self.shared.allows(user, chat):
            return None  # spent through another replica
        specs = [(f"{name}.{domain}", protocol, port, security)
                 for name, protocol, port, security in self.settings.guesses]
        reports = await asyncio.gather(*(
            self.prober.probe_servers([ServerSpec(host, port, protocol, security)])
            for host, protocol, port, security in specs))
        confirmed: list[Server] = []
        for (host, protocol, port, security), report in zip(specs, reports, strict=True):
            if report.results and report.results[0].ok and not any(
                    s.protocol is protocol for s in confirmed):
                confirmed.append(Server(
                    protocol=protocol, host=host, port=port, security=security,
                    username=UsernameForm.ADDRESS, unverified=True,
                    note=Text("a guess, confirmed by probing", "猜测的地址，已通过探测确认")))
        if not confirmed:
            return None
        return Discovery(domain=domain, source=AnswerSource.GUESS, servers=tuple(confirmed),
                         explanation=Text(
                             f"A guess: no records or autoconfig for {domain}, but these "
                             "common server names answered a probe with valid TLS.",
                             f"这是猜测：{domain} 没有相关记录或自动配置，但这些常见服务器名"
                             "通过了探测（TLS 证书有效）。"),
                         evidence=tuple(f"{s.host}:{s.port}" for s in confirmed))


