"""Import the literal domains of FairEmail, K-9, MailCore2 and mutt-wizard into
knowledge/providers/generated/cdb-<domain>.yaml.

    python tools/import_client_dbs.py [--source ../shared/client-dbs] [--knowledge knowledge]
                                      [--overrides tools/client_db_overrides.yaml] [--check]

Run it after tools/import_ispdb.py: the curated files and the ISPDB's generated files win. A
domain one of them answers is not imported; where a database's first incoming or outgoing
server (host, port, TLS) is not among that provider's servers, a conflict is printed, unless
tools/client_db_overrides.yaml lists the domain and database with the reason it was reviewed.

Every other literal domain (never a pattern: see tools/client_dbs.py) gets the servers the
databases give for it, each database that names it as a source (file and commit), and, where
the databases differ, a disagreement saying which gives what. Domains with the same servers
and sources share one file. Where a curated provider owns every host, the sign-in methods are
that provider's (the databases say what a client does, not what the provider accepts).

``--check`` writes nothing and exits 1 when the generated files are not up to date.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tools"))

from client_dbs import DATABASES, Entry, Fact, read_all, read_commits  # noqa: E402
from importer_cli import run_importer  # noqa: E402

from bot.knowledge_base import GENERATED_PROVIDERS, KnowledgeBase, load_knowledge  # noqa: E402
from bot.models import Protocol, Provider, Security, UsernameForm  # noqa: E402

PREFIX = "cdb-"
TOOL = "tools/import_client_dbs.py"
CHECKED = "2026-12-04"
BY_KEY = {d.key: d for d in DATABASES}
SECURITY_NAMES = {Security.SSL: "SSL", Security.STARTTLS: "STARTTLS", Security.NONE: "no TLS"}
Key = tuple[Protocol, str, int, Security]


def key_of(fact: Fact) -> Key:
    return (fact.protocol, fact.host, fact.port, fact.security)


def spell(fact: Fact) -> str:
    return f"{fact.host}:{fact.port} ({SECURITY_NAMES[fact.security]})"


def preferred(facts: Iterable[Fact]) -> list[Fact]:
    """A database's first incoming and first outgoing server: what a client would use."""
    facts = list(facts)
    incoming = next((f for f in facts if f.protocol is not Protocol.SMTP), None)
    outgoing = next((f for f in facts if f.protocol is Protocol.SMTP), None)
    return [f for f in (incoming, outgoing) if f is not None]


def load_overrides(path: Path) -> dict[tuple[str, str], str]:
    if not path.exists():
        return {}
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return {(domain, e["database"]): e["reason"] for e in entries for domain in e["domains"]}


def by_domain(source: Path, kb: KnowledgeBase) -> dict[str, list[Entry]]:
    """Every literal domain, with the entries naming it in DATABASES order (first per database)."""
    found: dict[str, list[Entry]] = {}
    for listing in read_all(source, kb.tlds).values():
        for entry in listing.entries:
            for domain in entry.domains:
                named = found.setdefault(domain, [])
                if all(e.database != entry.database for e in named):
                    named.append(entry)
    return dict(sorted(found.items()))


def conflicts(domain: str, entries: list[Entry], provider: Provider,
              overrides: dict[tuple[str, str], str], report: list[str]) -> None:
    known = {(s.protocol, s.host, s.port, s.security) for s in provider.servers}
    for entry in entries:
        missing = [f for f in preferred(entry.servers_for(domain)) if key_of(f) not in known]
        if not missing:
            continue
        reason = overrides.get((domain, entry.database))
        name = BY_KEY[entry.database].name
        if reason is None:
            report.append(f"conflict: {domain}: {provider.id} lacks {name}'s "
                          f"{', '.join(spell(f) for f in missing)}; {provider.id} wins")
        else:
            report.append(f"override: {domain} ({name}): {reason}")


def merged_servers(domain: str, entries: list[Entry]) -> tuple[list[Fact], dict[Key, list[str]]]:
    """The servers of all entries, each once, most agreed first within each protocol."""
    stated: dict[Key, list[str]] = {}
    first: dict[Key, Fact] = {}
    for entry in entries:
        for fact in entry.servers_for(domain):
            stated.setdefault(key_of(fact), [])
            if entry.database not in stated[key_of(fact)]:
                stated[key_of(fact)].append(entry.database)
            first.setdefault(key_of(fact), fact)
    order = list(first)
    ranked = sorted(order, key=lambda k: (list(Protocol).index(k[0]), -len(stated[k]),
                                          order.index(k)))
    return [first[k] for k in ranked], stated


def username_of(facts: list[Fact], entries: list[Entry]) -> tuple[UsernameForm, bool]:
    """The username form the databases state (address where none does), and whether stated."""
    forms = [f.username for e in entries for f in e.servers if f.username is not None]
    return (forms[0], True) if forms else (UsernameForm.ADDRESS, False)


def disagreements(domain: str, entries: list[Entry]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for protocol in Protocol:
        picks = {BY_KEY[e.database].name: f for e in entries
                 for f in preferred(e.servers_for(domain)) if f.protocol is protocol}
        if len({key_of(f) for f in picks.values()}) > 1:
            said = "; ".join(f"{name} gives {spell(f)}" for name, f in picks.items())
            zh = "；".join(f"{name} 为 {spell(f)}" for name, f in picks.items())
            out.append({"en": f"The client databases differ on {protocol.value.upper()}: "
                              f"{said}. mailbot lists each; try the first.",
                        "zh": f"各客户端数据库的 {protocol.value.upper()} 设置不一致：{zh}。"
                              "mailbot 全部列出，请先试第一个。"})
    return out


def source_of(entry: Entry, commit: str, facts: list[Fact], stated: dict[Key, list[str]],
              username_stated: bool) -> dict[str, object]:
    database = BY_KEY[entry.database]
    label = "" if entry.database == "mutt-wizard" else f" ({entry.label})"  # a row per domain
    covers = ["domains, hosts, ports"]
    covers.append("TLS mode from the port (993/465 implicit TLS, else STARTTLS)"
                  if entry.database == "mutt-wizard" else "TLS mode")
    if username_stated and any(f.username is not None for f in entry.servers):
        covers.append("username form")
    if entry.app_password:
        covers.append("an app password is needed")
    if entry.oauth:
        covers.append("OAuth2 sign-in")
    if entry.disabled:
        covers.append("the provider is disabled in FairEmail")
    return {"url": f"https://github.com/{database.repository}/blob/{commit}/{database.path}",
            "kind": "client-database", "checked": CHECKED,
            "covers": f"{database.name}{label}: {', '.join(covers)}",
            "servers": [f"{f.host}:{f.port}" for f in facts
                        if entry.database in stated[key_of(f)]]}


def to_document(domains: list[str], entries: list[Entry], commits: dict[str, str],
                kb: KnowledgeBase, taken: frozenset[str]) -> dict[str, object]:
    domain = domains[0]
    facts, stated = merged_servers(domain, entries)
    username, username_stated = username_of(facts, entries)
    servers: list[dict[str, object]] = []
    for fact in facts:
        server: dict[str, object] = {"protocol": fact.protocol.value, "host": fact.host,
                                     "port": fact.port, "security": fact.security.value}
        if fact.username is not None and fact.username is not username:
            server["username"] = fact.username.value
        servers.append(server)
    owners = {kb.owner_of_host(f.host) for f in facts}
    owner = owners.pop() if len(owners) == 1 else None
    methods = (["app-password"] if any(e.app_password for e in entries) else ["password"])
    if any(e.oauth for e in entries):
        methods.append("oauth2")
    if owner is not None and not owner.generated:
        methods = [m.value for m in owner.login.methods]
    label = next((e.label for e in entries if e.database in ("fairemail", "k9")
                  and re.fullmatch(r"[\w &'-]+", e.label)), domain)  # not "Vodafone.de/Arcor"
    name = label if label.lower() not in taken else f"{label} ({domain})"
    aliases = list({a.lower(): a for a in (domain, name) if a.lower() not in taken}.values())
    first = BY_KEY[entries[0].database]
    document: dict[str, object] = {
        "id": PREFIX + slug(domain),
        "generated": {"tool": TOOL, "source": first.repository,
                      "commit": commits[first.file], "file": first.path},
        "name": {"en": name, "zh": name},
        "kind": "isp",
        "aliases": aliases or [domain],
        "domains": domains,
        "status": "oauth-only" if methods == ["oauth2"] else "ok",
        "login": {"methods": methods, "username": username.value},
        "servers": servers,
        "sources": [source_of(e, commits[BY_KEY[e.database].file], facts, stated,
                              username_stated) for e in entries],
    }
    differ = disagreements(domain, entries)
    if differ:
        document["disagreements"] = differ
    return document


def generate(source: Path, knowledge: Path, overrides_file: Path, report: list[str]) -> int:
    commits = read_commits(source)
    out = knowledge / GENERATED_PROVIDERS
    out.mkdir(exist_ok=True)
    for old in out.glob(f"{PREFIX}*.yaml"):
        old.unlink()
    kb = load_knowledge(knowledge, strict=False, use_cache=False)
    overrides = load_overrides(overrides_file)
    taken = frozenset(n.lower() for p in kb.providers.values()
                      for n in (p.id, p.name.en, p.name.zh, *p.aliases))
    curated_names = {a.lower(): p for p in kb.providers.values() if not p.generated
                     for a in p.aliases}
    groups: dict[str, list[str]] = {}
    documents: dict[str, dict[str, object]] = {}
    for domain, entries in by_domain(source, kb).items():
        # a curated provider known by this name (privateemail.com: Namecheap's platform)
        provider = kb.by_domain.get(domain) or curated_names.get(domain)
        if provider is not None:
            conflicts(domain, entries, provider, overrides, report)
            continue
        document = to_document([domain], entries, commits, kb, taken)
        shape = repr({k: v for k, v in document.items() if k not in ("id", "domains",
                                                                      "aliases", "name")})
        if shape in groups:  # same servers and sources: one file for all its domains
            groups[shape].append(domain)
        else:
            groups[shape] = [domain]
            documents[shape] = document
    for shape, domains in groups.items():
        document = documents[shape]
        document["domains"] = domains
        header = (f"# Generated by {TOOL} from the client databases named in its sources "
                  "(../shared/client-dbs).\n# Do not edit: write a curated provider file "
                  "instead; it and the ISPDB's files win over this one.\n")
        path = out / f"{document['id']}.yaml"
        path.write_text(header + yaml.safe_dump(document, allow_unicode=True, sort_keys=False,
                                                width=100), encoding="utf-8")
    return len(groups)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def main() -> int:
    return run_importer(__doc__, source=REPO.parent / "shared" / "client-dbs",
                        overrides=REPO / "tools" / "client_db_overrides.yaml",
                        what="client databases", prefix=PREFIX, generate=generate)


if __name__ == "__main__":
    raise SystemExit(main())
