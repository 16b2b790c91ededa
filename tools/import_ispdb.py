"""Import facts from Thunderbird's ISP database (ISPDB) into knowledge/providers/ispdb-*.yaml.

    python tools/import_ispdb.py [--source ../shared/ispdb] [--out knowledge/providers]
                                 [--overrides tools/ispdb_overrides.yaml] [--check]

Facts only (domains, hosts, ports, socket types, username forms, authentication kinds,
documentation URLs); no prose is copied. Every generated file says it is generated and from
which commit. Curated provider files win: a domain they claim is left out of the import, and
where their servers differ from the ISPDB's the difference is printed as a conflict, unless
tools/ispdb_overrides.yaml lists the domain with the reason it was reviewed.

``--check`` writes nothing and exits 1 when the generated files are not up to date.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

import yaml
from defusedxml import ElementTree  # type: ignore[import-untyped]

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.knowledge_base import load_knowledge  # noqa: E402
from bot.understanding import normalize  # noqa: E402

PREFIX = "ispdb-"
TOOL = "tools/import_ispdb.py"
CHECKED = "2026-11-27"
SOCKET = {"SSL": "ssl", "STARTTLS": "starttls", "plain": "none"}
USERNAME = {"%EMAILADDRESS%": "address", "%EMAILLOCALPART%": "local-part",
            "%EMAILLOCALPART%.%EMAILDOMAIN%": "local-part.domain",
            "%EMAILADDRESS": "address"}  # two files lack the closing % (a known ISPDB bug)
AUTH = {"password-cleartext": "password", "password-encrypted": "password",
        "plain": "password", "secure": "password", "OAuth2": "oauth2"}
PROTOCOLS = {"imap": "imap", "pop3": "pop3", "smtp": "smtp"}
DOMAIN_SLOT = "{domain}"  # %EMAILDOMAIN% in an ISPDB host name


@dataclass
class Imported:
    stem: str
    provider_id: str
    display_name: str
    short_name: str
    domains: list[str]
    servers: list[dict[str, object]]
    methods: list[str]
    docs: list[str]
    notes: list[str] = field(default_factory=list)  # what the converter could not map


def read_commit(source: Path) -> str:
    text = (source / "SOURCE.md").read_text(encoding="utf-8")
    found = re.search(r"\b([0-9a-f]{40})\b", text)
    if not found:
        raise SystemExit(f"{source / 'SOURCE.md'}: no commit id found")
    return found.group(1)


def parse_file(path: Path) -> Imported:
    root = ElementTree.parse(path).getroot()
    provider = root.find("emailProvider")
    if provider is None:
        raise ValueError(f"{path.name}: no emailProvider")
    domains = [d.text.strip().lower() for d in provider.findall("domain") if d.text]
    item = Imported(
        stem=path.stem,
        provider_id=PREFIX + re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-"),
        display_name=(provider.findtext("displayName") or path.stem).strip(),
        short_name=(provider.findtext("displayShortName") or "").strip(),
        domains=list(dict.fromkeys(domains)), servers=[], methods=[],
        docs=[d.get("url", "") for d in provider.findall("documentation") if d.get("url")],
    )
    for tag in ("incomingServer", "outgoingServer"):
        for server in provider.findall(tag):
            _add_server(item, server)
    return item


def _add_server(item: Imported, server: Element) -> None:
    protocol = PROTOCOLS.get(server.get("type", ""))
    if protocol is None:
        return  # exchange, ews, graph, owa: not what mailbot answers
    host = (server.findtext("hostname") or "").strip().lower()
    port = (server.findtext("port") or "").strip()
    socket_type = SOCKET.get((server.findtext("socketType") or "").strip())
    written_username = (server.findtext("username") or "").strip()
    # No username element: Thunderbird uses the incoming server's form; so do we.
    username = USERNAME.get(written_username) if written_username else (
        str(item.servers[0]["username"]) if item.servers else None)
    host = host.replace("%emaildomain%", DOMAIN_SLOT)  # filled in per domain later
    if not host or "%" in host or not port.isdigit() or socket_type is None:
        item.notes.append(f"{protocol} server skipped: host={host!r} port={port!r}")
        return
    if username is None:
        item.notes.append(f"{protocol} {host}: username form "
                          f"{server.findtext('username')!r} not mapped; server skipped")
        return
    for auth in server.findall("authentication"):
        method = AUTH.get((auth.text or "").strip())
        if method and method not in item.methods:
            item.methods.append(method)
    entry: dict[str, object] = {"protocol": protocol, "host": host, "port": int(port),
                                "security": socket_type, "username": username}
    if entry not in item.servers:
        item.servers.append(entry)


def templated(item: Imported) -> bool:
    """Host names that depend on the address domain (mail.%EMAILDOMAIN%)."""
    return any(DOMAIN_SLOT in str(s["host"]) for s in item.servers)


def to_document(item: Imported, domains: list[str], commit: str,
                provider_id: str | None = None,
                taken_names: frozenset[str] = frozenset()) -> dict[str, object]:
    """Our schema's document; names a curated provider already answers to are left out, so
    "Yahoo" stays the curated Yahoo and not the ISPDB's leftover yahoodns.net entry."""
    username = str(item.servers[0]["username"])
    fill = domains[0] if len(domains) == 1 else ""
    servers = [{k: (str(v).replace(DOMAIN_SLOT, fill) if k == "host" else v)
                for k, v in s.items() if k != "username" or v != username}
               for s in item.servers]
    methods = item.methods or ["password"]
    names: dict[str, None] = {}
    split = provider_id is not None and provider_id != item.provider_id
    # One file per domain: its own domain names it, not the stem all the files share.
    candidates = (item.short_name, item.display_name) if split else (
        item.short_name, item.display_name, item.stem)
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
    document: dict[str, object] = {
        "id": provider_id or item.provider_id,
        "generated": {"tool": TOOL, "source": "thunderbird/autoconfig", "commit": commit,
                      "file": f"ispdb/{item.stem}.xml"},
        "name": {"en": display, "zh": display},
        "kind": "isp",
        "aliases": list(names),
        "domains": domains,
        "status": "oauth-only" if methods == ["oauth2"] else "ok",
        "login": {"methods": methods, "username": username},
        "servers": servers,
        "sources": [{"url": url, "kind": "client-database", "checked": CHECKED,
                     "covers": "domains, hosts, ports, socket types, username form, "
                               "authentication"}],
    }
    if item.docs:
        document["help"] = [{"url": u, "title": "Provider documentation (linked from the ISPDB)"}
                            for u in item.docs if u.startswith(("http://", "https://"))]
    return document


def curated_hosts(kb: object, domain: str) -> set[str] | None:
    provider = kb.provider_for_domain(domain)  # type: ignore[attr-defined]
    if provider is None or provider.id.startswith(PREFIX):
        return None
    return {s.host for s in provider.servers}


def preferred_hosts(item: Imported) -> set[str]:
    """The ISPDB's first incoming and first outgoing host: what a client would use."""
    incoming = next((s["host"] for s in item.servers if s["protocol"] != "smtp"), None)
    outgoing = next((s["host"] for s in item.servers if s["protocol"] == "smtp"), None)
    return {str(h) for h in (incoming, outgoing) if h}


def preferred_hosts_for(item: Imported, domain: str) -> set[str]:
    return {h.replace(DOMAIN_SLOT, domain) for h in preferred_hosts(item)}


def load_overrides(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return {e["domain"]: e["reason"] for e in entries}


def generate(source: Path, out: Path, overrides_file: Path, report: list[str]) -> int:
    commit = read_commit(source)
    for old in out.glob(f"{PREFIX}*.yaml"):
        old.unlink()
    kb = load_knowledge(out.parent, strict=False, use_cache=False)
    overrides = load_overrides(overrides_file)
    taken = frozenset(normalize(name) for p in kb.providers.values()
                      if not p.id.startswith(PREFIX)
                      for name in (p.id, p.name.en, p.name.zh, *p.aliases, *p.domains))
    seen: dict[str, str] = {}
    written = 0
    for path in sorted(source.glob("*.xml")):
        item = parse_file(path)
        for note in item.notes:
            report.append(f"note: {path.name}: {note}")
        if not item.servers:
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
            missing = preferred_hosts_for(item, domain) - hosts
            if missing and domain not in overrides:
                report.append(f"conflict: {domain}: curated {sorted(hosts)} lacks ISPDB "
                              f"{sorted(missing)} ({path.name}); curated wins")
            elif missing:
                report.append(f"override: {domain}: {overrides[domain]}")
        if not free:
            continue
        # Host names made from the address domain give one provider file per domain.
        groups = ([(f"{item.provider_id}-{_slug(d)}", [d]) for d in free]
                  if templated(item) and len(free) > 1 else [(item.provider_id, free)])
        for provider_id, domains in groups:
            document = to_document(item, domains, commit, provider_id, taken)
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
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, default=REPO.parent / "shared" / "ispdb")
    parser.add_argument("--out", type=Path, default=REPO / "knowledge" / "providers")
    parser.add_argument("--overrides", type=Path, default=REPO / "tools" / "ispdb_overrides.yaml")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if the generated files are out of date")
    args = parser.parse_args()
    if not (args.source / "SOURCE.md").exists():
        print(f"no ISPDB copy at {args.source}", file=sys.stderr)
        return 2
    report: list[str] = []
    if args.check:
        return check(args, report)
    written = generate(args.source, args.out, args.overrides, report)
    for line in report:
        print(line)
    print(f"{written} generated files in {args.out}")
    return 0


def check(args: argparse.Namespace, report: list[str]) -> int:
    """Regenerate into a scratch copy of knowledge/ and compare with what is committed."""
    import shutil

    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "knowledge"
        shutil.copytree(args.out.parent, copy)
        generate(args.source, copy / "providers", args.overrides, report)
        fresh = {p.name: p.read_text() for p in (copy / "providers").glob(f"{PREFIX}*.yaml")}
    current = {p.name: p.read_text() for p in args.out.glob(f"{PREFIX}*.yaml")}
    if fresh != current:
        stale = sorted(set(fresh) ^ set(current) | {n for n in fresh if fresh[n] !=
                                                     current.get(n)})
        print(f"generated files are out of date: {', '.join(stale[:10])}", file=sys.stderr)
        return 1
    print(f"{len(current)} generated files are up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
