"""Readers for the provider lists open-source mail clients ship (../shared/client-dbs/).

    FairEmail   app/src/main/res/xml/providers.xml    (Android XML, domains as regexes)
    K-9 Mail    .../providersxml/.../providers.xml    (Android XML, URIs with $email/$user)
    MailCore2   resources/providers.json              (JSON, domains as regexes)
    mutt-wizard share/domains.csv                     (CSV: domain, IMAP host/port, SMTP host/port)

Each reader turns one file into Entry values: facts only (literal domains, hosts, ports, TLS
mode, username form, app-password and OAuth flags). A domain *pattern* (``outlook\\..*``) is
not a domain: only patterns that spell one literal domain whose last label is a top-level
domain are read, and the rest are listed in ``Listing.skipped``. Used by
tools/import_client_dbs.py and its tests.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import ElementTree

from bot.models import Protocol, Security, UsernameForm

HOST = re.compile(r"[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?")
LABEL = r"[a-z0-9](?:(?:[a-z0-9-]|\\-)*[a-z0-9])?"
LITERAL = re.compile(rf"(?:{LABEL}(?:\\\.|\.))+{LABEL}")


@dataclass(frozen=True, slots=True)
class Fact:
    """One server as a database states it."""

    protocol: Protocol
    host: str
    port: int
    security: Security
    username: UsernameForm | None  # None: the database does not say


@dataclass(frozen=True, slots=True)
class Entry:
    database: str  # key of DATABASES
    label: str  # the database's own name or id for the provider
    domains: tuple[str, ...]
    servers: tuple[Fact, ...]  # incoming first, each in the database's order
    app_password: bool = False  # the database says an app password is needed
    oauth: bool = False  # the database signs in with OAuth2
    disabled: bool = False  # listed, but hidden by the client itself (FairEmail's enabled="false")

    def servers_for(self, domain: str) -> tuple[Fact, ...]:
        return tuple(Fact(s.protocol, s.host.replace("{domain}", domain), s.port, s.security,
                          s.username) for s in self.servers)


@dataclass
class Listing:
    entries: list[Entry] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # patterns and servers not read, and why


@dataclass(frozen=True, slots=True)
class Database:
    key: str
    name: str  # as people know it
    file: str  # in ../shared/client-dbs/
    repository: str
    path: str  # in the repository
    read: Callable[[Path, frozenset[str]], Listing]


def literal_domain(pattern: str, tlds: frozenset[str]) -> str | None:
    """The one domain a regex spells (``gmx\\.de`` -> gmx.de), else None (``outlook\\..*``)."""
    pattern = pattern.strip().lower()
    if not LITERAL.fullmatch(pattern):
        return None
    domain = pattern.replace("\\.", ".").replace("\\-", "-")
    return domain if domain.rsplit(".", 1)[-1] in tlds else None


def _domains(patterns: list[str], tlds: frozenset[str], where: str,
             listing: Listing) -> tuple[str, ...]:
    found: list[str] = []
    for pattern in patterns:
        domain = literal_domain(pattern, tlds)
        if domain is None:
            listing.skipped.append(f"{where}: pattern {pattern!r} names no literal domain")
        elif domain not in found:
            found.append(domain)
    return tuple(found)


def _fact(protocol: Protocol, host: str, port: int, security: Security,
          username: UsernameForm | None, where: str, listing: Listing) -> Fact | None:
    host = host.strip().lower()
    if not HOST.fullmatch(host.replace("{domain}", "x")) or not 0 < port < 65536:
        listing.skipped.append(f"{where}: {protocol} server {host!r}:{port} not read")
        return None
    return Fact(protocol, host, port, security, username)


def read_fairemail(path: Path, tlds: frozenset[str]) -> Listing:
    """Providers with ``enabled="false"`` (hidden by FairEmail itself) are read as disabled."""
    listing = Listing()
    root = ElementTree.parse(path, forbid_dtd=True).getroot()
    assert root is not None
    usernames = {"local": UsernameForm.LOCAL_PART}
    for element in root.iter("provider"):
        label = element.get("name", "?")
        patterns = element.get("domain", "").replace("\\\\", "\\").split(",")
        domains = _domains([p for p in patterns if p], tlds, label, listing)
        user = element.get("user")
        username = UsernameForm.ADDRESS if user is None else usernames.get(user)
        if user is not None and username is None:
            username = UsernameForm.ACCOUNT_ID
        servers: list[Fact] = []
        for tag, protocol in (("imap", Protocol.IMAP), ("pop", Protocol.POP3),
                              ("smtp", Protocol.SMTP)):
            for server in element.findall(tag):
                starttls = server.get("starttls") == "true"
                fact = _fact(protocol, server.get("host", ""), int(server.get("port", "0")),
                             Security.STARTTLS if starttls else Security.SSL, username,
                             label, listing)
                if fact is not None:
                    servers.append(fact)
        oauth = any(o.get("enabled") == "true" for o in element.findall("oauth"))
        if domains and servers:
            listing.entries.append(Entry("fairemail", label, domains, tuple(servers),
                                         element.get("appPassword") == "true", oauth,
                                         element.get("enabled") == "false"))
    return listing


K9_SCHEMES = {"imap+ssl+": (Protocol.IMAP, Security.SSL, 993),
              "imap+tls+": (Protocol.IMAP, Security.STARTTLS, 143),
              "pop3+ssl+": (Protocol.POP3, Security.SSL, 995),
              "pop3+tls+": (Protocol.POP3, Security.STARTTLS, 110),
              "smtp+ssl+": (Protocol.SMTP, Security.SSL, 465),
              "smtp+tls+": (Protocol.SMTP, Security.STARTTLS, 587)}
K9_USERNAMES = {"$email": UsernameForm.ADDRESS, "$user": UsernameForm.LOCAL_PART}


def read_k9(path: Path, tlds: frozenset[str]) -> Listing:
    """K-9's URIs without a port use the scheme's default (its own documentation)."""
    listing = Listing()
    root = ElementTree.parse(path, forbid_dtd=True).getroot()
    assert root is not None
    for element in root.iter("provider"):
        label = element.get("label") or element.get("id") or "?"
        domains = _domains([re.escape(element.get("domain", ""))], tlds, label, listing)
        servers: list[Fact] = []
        for tag in ("incoming", "outgoing"):
            for server in element.findall(tag):
                scheme, _, rest = server.get("uri", "").partition("://")
                known = K9_SCHEMES.get(scheme)
                if known is None:
                    listing.skipped.append(f"{label}: URI scheme {scheme!r} not read")
                    continue
                protocol, security, default_port = known
                host, _, port = rest.partition(":")
                username = K9_USERNAMES.get(server.get("username", ""), UsernameForm.ACCOUNT_ID)
                fact = _fact(protocol, host.replace("$domain", "{domain}"),
                             int(port) if port.isdigit() else default_port, security,
                             username, label, listing)
                if fact is not None:
                    servers.append(fact)
        if domains and servers:
            listing.entries.append(Entry("k9", label, domains, tuple(servers)))
    return listing


def read_mailcore2(path: Path, tlds: frozenset[str]) -> Listing:
    """Servers flagged neither ``ssl`` nor ``starttls`` are plain; other flags are not read."""
    listing = Listing()
    for label, provider in json.loads(path.read_text(encoding="utf-8")).items():
        excluded = set(provider.get("domain-exclude", []))
        patterns = [p for p in provider.get("domain-match", []) if p not in excluded]
        domains = _domains(patterns, tlds, label, listing)
        servers: list[Fact] = []
        for key, protocol in (("imap", Protocol.IMAP), ("pop", Protocol.POP3),
                              ("smtp", Protocol.SMTP)):
            for server in provider.get("servers", {}).get(key, []):
                if set(server) - {"port", "hostname", "ssl", "starttls"}:
                    listing.skipped.append(f"{label}: {key} server {server} not read")
                    continue
                security = (Security.SSL if server.get("ssl") else Security.STARTTLS
                            if server.get("starttls") else Security.NONE)
                fact = _fact(protocol, server.get("hostname", ""), int(server.get("port", 0)),
                             security, None, label, listing)
                if fact is not None:
                    servers.append(fact)
        if domains and servers:
            listing.entries.append(Entry("mailcore2", label, domains, tuple(servers)))
    return listing


def read_mutt_wizard(path: Path, tlds: frozenset[str]) -> Listing:
    """mutt-wizard states no TLS mode: it uses implicit TLS on 993 and 465 and STARTTLS on
    other ports (its own mw script), and so does this reader."""
    listing = Listing()
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            domain = row["ADDRESS"].strip().lower()
            domains = _domains([re.escape(domain)], tlds, domain, listing)
            servers: list[Fact] = []
            for protocol, host, port in ((Protocol.IMAP, row["IMAP"], row["imap port"]),
                                         (Protocol.SMTP, row["SMTP"], row["smtp port"])):
                number = int(port) if port.strip().isdigit() else 0
                security = Security.SSL if number in (993, 465) else Security.STARTTLS
                fact = _fact(protocol, host, number, security, None, domain, listing)
                if fact is not None:
                    servers.append(fact)
            if domains and servers:
                listing.entries.append(Entry("mutt-wizard", domain, domains, tuple(servers)))
    return listing


DATABASES = (
    Database("fairemail", "FairEmail", "fairemail-providers.xml", "M66B/FairEmail",
             "app/src/main/res/xml/providers.xml", read_fairemail),
    Database("k9", "K-9 Mail", "k9-providers.xml", "thunderbird/thunderbird-android",
             "feature/autodiscovery/providersxml/src/main/res/xml/providers.xml", read_k9),
    Database("mailcore2", "MailCore2", "mailcore2-providers.json", "MailCore/mailcore2",
             "resources/providers.json", read_mailcore2),
    Database("mutt-wizard", "mutt-wizard", "mutt-wizard-domains.csv", "LukeSmithxyz/mutt-wizard",
             "share/domains.csv", read_mutt_wizard),
)


def read_commits(source: Path) -> dict[str, str]:
    """Each file's commit, from the table in SOURCE.md."""
    commits: dict[str, str] = {}
    for line in (source / "SOURCE.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        found = re.match(r"[0-9a-f]{40}", cells[3]) if len(cells) > 3 else None
        if found:
            commits[cells[0]] = found.group(0)
    missing = [d.file for d in DATABASES if d.file not in commits]
    if missing:
        raise SystemExit(f"{source / 'SOURCE.md'}: no commit for {', '.join(missing)}")
    return commits


def read_all(source: Path, tlds: frozenset[str]) -> dict[str, Listing]:
    return {d.key: d.read(source / d.file, tlds) for d in DATABASES}
