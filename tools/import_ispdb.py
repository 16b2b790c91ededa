"""Import facts from Thunderbird's ISP database (ISPDB) into knowledge/providers/generated/.

    python tools/import_ispdb.py [--source ../shared/ispdb] [--knowledge knowledge]
                                 [--overrides tools/ispdb_overrides.yaml] [--check]

Each file is named ispdb-<the provider's main domain>.yaml (the ISPDB file's name; where host
names are made from the address domain, one file per domain, named after it).

Facts only (domains, hosts, ports, socket types, username forms, authentication kinds,
documentation URLs); no prose is copied. Every generated file says it is generated and from
which commit. Curated provider files win: a domain they claim is left out of the import, and
where their servers differ from the ISPDB's the difference is printed as a conflict, unless
tools/ispdb_overrides.yaml lists the domain with the reason it was reviewed. Where every
server of a generated file is a curated provider's, the sign-in methods are that provider's:
the ISPDB's password-cleartext says what the protocol allows, not what the provider accepts
(Google refuses the normal password; only OAuth2 or an app password work).

``--check`` writes nothing and exits 1 when the generated files are not up to date.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tools"))

from importer_cli import run_importer  # noqa: E402

from bot.discovery.client_config import (  # noqa: E402
    DOMAIN_TEMPLATE,
    ClientConfig,
    ClientConfigError,
    parse_client_config,
)
from bot.knowledge_base import GENERATED_PROVIDERS, KnowledgeBase, load_knowledge  # noqa: E402
from bot.models import Protocol, Provider  # noqa: E402
from bot.understanding import normalize  # noqa: E402

PREFIX = "ispdb-"
TOOL = "tools/import_ispdb.py"
CHECKED = "2026-11-27"
COVERS = "domains, hosts, ports, socket types, username form"


@dataclass
class Imported:
    stem: str  # the ISPDB file's name without .xml: normally the provider's main domain
    provider_id: str
    config: ClientConfig

    @property
    def display_name(self) -> str:
        return self.config.display_name or self.stem

    @property
    def domains(self) -> tuple[str, ...]:
        return self.config.domains

    @property
    def methods(self) -> list[str]:
        """Every way to sign in the file names, in order of first mention."""
        return list(dict.fromkeys(m.value for s in self.config.servers for m in s.sign_in))


def read_commit(source: Path) -> str:
    text = (source / "SOURCE.md").read_text(encoding="utf-8")
    found = re.search(r"\b([0-9a-f]{40})\b", text)
    if not found:
        raise SystemExit(f"{source / 'SOURCE.md'}: no commit id found")
    return found.group(1)


def parse_file(path: Path) -> Imported:
    try:
        config = parse_client_config(path.read_bytes())
    except ClientConfigError as exc:
        raise ValueError(f"{path.name}: {exc}") from exc
    return Imported(stem=path.stem, provider_id=PREFIX + _slug(path.stem), config=config)


def templated(item: Imported) -> bool:
    """Host names that depend on the address domain (mail.%EMAILDOMAIN%)."""
    return any(DOMAIN_TEMPLATE in s.host for s in item.config.servers)


def to_document(item: Imported, domains: list[str], commit: str,
                provider_id: str | None = None, taken_names: frozenset[str] = frozenset(),
                same_servers: Provider | None = None) -> dict[str, object]:
    """Our schema's document; names a curated provider already answers to are left out, so
    "Yahoo" stays the curated Yahoo and not the ISPDB's leftover yahoodns.net entry.

    ``same_servers``: the curated provider whose servers these all are. How to sign in is
    then taken from it: the ISPDB lists password-cleartext for Gmail's servers, but Google
    refuses the normal password there (only OAuth2 or an app password)."""
    username = item.config.servers[0].username.value
    fill = domains[0] if len(domains) == 1 else ""
    servers: list[dict[str, object]] = []
    for server in item.config.servers:
        entry: dict[str, object] = {"protocol": server.protocol.value,
                                    "host": server.host_for(fill), "port": server.port,
                                    "security": server.security.value}
        if server.username.value != username:
            entry["username"] = server.username.value
        servers.append(entry)
    names: dict[str, None] = {}
    split = provider_id is not None and provider_id != item.provider_id
    # One file per domain: its own domain names it, not the stem all the files share.
    short_name = item.config.short_name or ""
    candidates = (short_name, item.display_name) if split else (
        short_name, item.display_name, item.stem)
    for name in candidates:
        if (len(name) >= 3 and name.lower() not in {n.lower() for n in names}
                and normalize(name) not in taken_names and name.lower() != item.stem):
            names[name] = None
    if not split and item.stem not in taken_names and item.stem not in names:
        names[item.stem] = None
    if split or not names:
        names[domains[0]] = None
    display = item.display_name
    if normalize(display) in taken_names:  # say which leftover of a known name this is
        display = f"{display} ({', '.join(domains[:2])})"
    url = f"https://github.com/thunderbird/autoconfig/blob/{commit}/ispdb/{item.stem}.xml"
    login: dict[str, object] = {"methods": item.methods or ["password"], "username": username}
    covers = COVERS + ", authentication"
    if same_servers is not None:
        login["methods"] = [m.value for m in same_servers.login.methods]
        covers = (f"{COVERS}; sign-in methods are those of the curated {same_servers.id}, "
                  "which has the same servers")
    document: dict[str, object] = {
        "id": provider_id or item.provider_id,
        "generated": {"tool": TOOL, "source": "thunderbird/autoconfig", "commit": commit,
                      "file": f"ispdb/{item.stem}.xml"},
        "name": {"en": display, "zh": display},
        "kind": "isp",
        "aliases": list(names),
        "domains": domains,
        "status": "oauth-only" if login["methods"] == ["oauth2"] else "ok",
        "login": login,
        "servers": servers,
        "sources": [{"url": url, "kind": "client-database", "checked": CHECKED,
                     "covers": covers}],
    }
    if item.config.documentation:
        document["help"] = [{"url": u, "title": "Provider documentation (linked from the ISPDB)"}
                            for u in item.config.documentation]
    return document


def curated_hosts(kb: KnowledgeBase, domain: str) -> set[str] | None:
    provider = kb.provider_for_domain(domain)
    if provider is None or provider.generated:
        return None
    return {s.host for s in provider.servers}


def curated_owner(kb: KnowledgeBase, hosts: set[str]) -> Provider | None:
    """The curated provider that has every one of ``hosts`` among its servers, if any."""
    owners = {kb.owner_of_host(host) for host in hosts}
    owner = owners.pop() if len(owners) == 1 else None
    return owner if owner is not None and not owner.generated else None


def preferred_hosts(item: Imported, domain: str) -> set[str]:
    """The ISPDB's first incoming and first outgoing host: what a client would use."""
    servers = item.config.servers
    incoming = next((s for s in servers if s.protocol is not Protocol.SMTP), None)
    outgoing = next((s for s in servers if s.protocol is Protocol.SMTP), None)
    return {s.host_for(domain) for s in (incoming, outgoing) if s is not None}


def load_overrides(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return {e["domain"]: e["reason"] for e in entries}


def generate(source: Path, knowledge: Path, overrides_file: Path, report: list[str]) -> int:
    """Write knowledge/providers/generated/ afresh from the ISPDB copy at ``source``."""
    commit = read_commit(source)
    out = knowledge / GENERATED_PROVIDERS
    out.mkdir(exist_ok=True)
    for old in out.glob(f"{PREFIX}*.yaml"):
        old.unlink()
    kb = load_knowledge(knowledge, strict=False, use_cache=False)
    overrides = load_overrides(overrides_file)
    taken = frozenset(normalize(name) for p in kb.providers.values()
                      if not p.generated
                      for name in (p.id, p.name.en, p.name.zh, *p.aliases, *p.domains))
    seen: dict[str, str] = {}
    written = 0
    for path in sorted(source.glob("*.xml")):
        item = parse_file(path)
        for note in item.config.skipped:
            report.append(f"note: {path.name}: {note}")
        if not item.config.servers:
            report.append(f"skipped: {path.name}: no IMAP/POP3/SMTP server to import")
            continue
        free: list[str] = []
        for domain in item.domains:
            hosts = curated_hosts(kb, domain)
            if hosts is None:
                if domain in seen:
                    report.append(f"duplicate: {domain} in {path.name} and {seen[domain]}; "
                                  "first kept")
                    continue
                seen[domain] = path.name
                free.append(domain)
                continue
            missing = preferred_hosts(item, domain) - hosts
            if missing and domain not in overrides:
                report.append(f"conflict: {domain}: curated {sorted(hosts)} lacks ISPDB "
                              f"{sorted(missing)} ({path.name}); curated wins")
            elif missing:
                report.append(f"override: {domain}: {overrides[domain]}")
        if not free:
            continue
        # Host names made from the address domain give one provider file per domain, named
        # after it (ispdb-mx6-et-tiki-ne-jp, not ispdb-mx1-tiki-ne-jp-mx6-et-tiki-ne-jp).
        groups = ([(PREFIX + _slug(d), [d]) for d in free]
                  if templated(item) and len(free) > 1 else [(item.provider_id, free)])
        for provider_id, domains in groups:
            if (out / f"{provider_id}.yaml").exists():
                raise SystemExit(f"{path.name}: {provider_id}.yaml is written twice")
            hosts = {s.host_for(d) for s in item.config.servers for d in domains}
            document = to_document(item, domains, commit, provider_id, taken,
                                   curated_owner(kb, hosts))
            header = (f"# Generated by {TOOL} from Thunderbird's ISPDB, thunderbird/autoconfig "
                      f"at commit {commit}, file ispdb/{item.stem}.xml.\n# Do not edit: write "
                      "a curated provider file instead; it wins over this one.\n")
            (out / f"{provider_id}.yaml").write_text(
                header + yaml.safe_dump(document, allow_unicode=True, sort_keys=False,
                                        width=100), encoding="utf-8")
            written += 1
    return written


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def main() -> int:
    return run_importer(__doc__, source=REPO.parent / "shared" / "ispdb",
                        overrides=REPO / "tools" / "ispdb_overrides.yaml", what="ISPDB copy",
                        prefix=PREFIX, generate=generate)


if __name__ == "__main__":
    raise SystemExit(main())
