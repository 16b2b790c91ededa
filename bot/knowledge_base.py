"""Load, validate and index the YAML knowledge base.

Files are parsed with libyaml's fast loader. Only when a file has a problem is it parsed a
second time into nodes, so the error can name the line of the offending key: the common
path stays fast, the error path stays precise.

Parsing ~100 YAML files takes ~50 ms, most of ``mailbot ask``'s start-up; the validated,
indexed result is therefore kept in a pickle in the user's cache folder, keyed by the name,
size and modification time of every file (any edit misses the cache).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bot.knowledge_yaml import KnowledgeProblem, checked_document
from bot.known_by import known_by
from bot.models import (
    Client,
    ClientOption,
    DatedChange,
    DatedNote,
    DiagnosisCode,
    Environment,
    EnvironmentKind,
    GeneralTopic,
    Intent,
    Link,
    Login,
    LoginMethod,
    MxRecord,
    OptionEffect,
    Protocol,
    Provider,
    ProviderKind,
    ProviderStatus,
    Security,
    Server,
    Source,
    SourceKind,
    Steps,
    Text,
    ToolKind,
    TroubleshootingEntry,
    UsernameForm,
)
from bot.regex_gate import needed_literals
from bot.settings import Settings
from bot.startup_cache import cache_file, read_cached, write_cached

log = logging.getLogger(__name__)

GENERATED_PROVIDERS = "providers/generated"  # tools/import_ispdb.py writes here, and only here
KNOWLEDGE_FOLDERS = ("providers", GENERATED_PROVIDERS, "troubleshooting", "topics", "clients",
                     "environments")
TLD_FILE = "tlds.txt"


class KnowledgeError(Exception):
    """The knowledge base has problems; ``problems`` lists every one of them."""

    def __init__(self, problems: list[KnowledgeProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True, slots=True)
class GeneralTopicEntry:
    topic: GeneralTopic
    match: tuple[str, ...]
    examples: tuple[str, ...]


@dataclass
class KnowledgeBase:
    providers: dict[str, Provider] = field(default_factory=dict)
    troubleshooting: dict[str, TroubleshootingEntry] = field(default_factory=dict)
    topics: dict[str, GeneralTopicEntry] = field(default_factory=dict)
    by_domain: dict[str, Provider] = field(default_factory=dict)
    mx_exact: dict[str, Provider] = field(default_factory=dict)
    mx_suffix: dict[str, Provider] = field(default_factory=dict)  # ".suffix" -> provider
    clients: dict[str, Client] = field(default_factory=dict)
    environments: dict[str, Environment] = field(default_factory=dict)
    by_host: dict[str, list[Provider]] = field(default_factory=dict)  # server host -> providers
    tlds: frozenset[str] = frozenset()  # IANA's top-level domains (empty: not checked)
    # the literal text each match pattern needs (bot.regex_gate), worked out once per load
    pattern_needs: dict[str, tuple[str, ...] | None] = field(default_factory=dict)
    problems: list[KnowledgeProblem] = field(default_factory=list)

    def provider_for_domain(self, domain: str) -> Provider | None:
        """The provider of an address domain, trying parent domains (tenant.onmicrosoft.com)."""
        labels = domain.lower().rstrip(".").split(".")
        for start in range(len(labels) - 1):
            found = self.by_domain.get(".".join(labels[start:]))
            if found is not None:
                return found
        return None

    def owner_of_host(self, host: str) -> Provider | None:
        """Whose server ``host`` is: a curated file before an ISPDB copy of the same servers."""
        owners = self.by_host.get(host, ())
        return next((p for p in owners if not p.generated), owners[0] if owners else None)

    def provider_for_mx(self, mx_host: str) -> Provider | None:
        host = mx_host.lower().rstrip(".")
        if host in self.mx_exact:
            return self.mx_exact[host]
        labels = host.split(".")
        for start in range(1, len(labels) - 1):
            found = self.mx_suffix.get("." + ".".join(labels[start:]))
            if found is not None:
                return found
        return None


def default_knowledge_dir() -> Path:
    """Where the knowledge base is: $MAILBOT_KNOWLEDGE_DIR, the installed copy, or the repo's."""
    configured = Settings.from_environment().knowledge_dir
    if configured is not None:
        return configured
    # A regular install puts the files beside this module (bot/knowledge_files); in a
    # source checkout or an editable install they are the repository's knowledge/.
    installed = Path(__file__).resolve().parent / "knowledge_files"
    if (installed / "providers").is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "knowledge"


def load_knowledge(root: Path | None = None, *, strict: bool = True,
                   use_cache: bool = True) -> KnowledgeBase:
    """Load every file under ``root``.

    strict: raise KnowledgeError listing all problems. Otherwise files with problems are
    skipped (like a broken rule in thefuck), logged, and kept in ``KnowledgeBase.problems``.
    """
    root = (root or default_knowledge_dir()).resolve()
    # The pickled classes live in these modules: a changed one must not read old pickles.
    here = Path(__file__)
    cache = (cache_file("knowledge", root, KNOWLEDGE_FOLDERS, (TLD_FILE,),
                        (here, *(here.with_name(f"{name}.py") for name in (
                            "models", "diagnosis_codes", "knowledge_schema", "knowledge_yaml",
                            "known_by"))))
             if use_cache else None)
    kb = read_cached(cache, KnowledgeBase)
    if kb is None:
        kb = _parse_all(root)
        write_cached(cache, kb)
    report_problems(kb, strict=strict)
    return kb


def report_problems(kb: KnowledgeBase, *, strict: bool) -> None:
    """Raise KnowledgeError (strict), or log each skipped file."""
    if kb.problems and strict:
        raise KnowledgeError(kb.problems)
    for problem in kb.problems:
        log.warning("knowledge file skipped: %s", problem)


def _parse_all(root: Path) -> KnowledgeBase:
    from bot import knowledge_schema as schema  # only on a cache miss

    kb = KnowledgeBase()
    problems: list[KnowledgeProblem] = []
    if not (root / "providers").is_dir():
        problems.append(KnowledgeProblem(root, "providers", "folder not found"))
    for folder, generated in (("providers", False), (GENERATED_PROVIDERS, True)):
        for path in sorted((root / folder).glob("*.yaml")):
            doc = checked_document(path, schema.PROVIDER, problems)
            if doc is not None and ("generated" in doc) is not generated:
                problems.append(KnowledgeProblem(path, "generated", (
                    "missing: every file here is written by tools/import_ispdb.py" if generated
                    else f"only files in {GENERATED_PROVIDERS}/ are generated")))
            elif doc is not None:
                _add_provider(kb, path, doc, problems)
    for path in sorted((root / "troubleshooting").glob("*.yaml")):
        doc = checked_document(path, schema.TROUBLESHOOTING, problems)
        if doc is not None:
            _add_troubleshooting(kb, path, doc, problems)
    for path in sorted((root / "topics").glob("*.yaml")):
        doc = checked_document(path, schema.TOPIC, problems)
        if doc is not None:
            _add_topic(kb, path, doc, problems)
    for path in sorted((root / "clients").glob("*.yaml")):
        doc = checked_document(path, schema.CLIENT, problems)
        if doc is not None:
            _add_client(kb, doc)
    for path in sorted((root / "environments").glob("*.yaml")):
        doc = checked_document(path, schema.ENVIRONMENT, problems)
        if doc is not None:
            _add_environment(kb, doc)
    kb.tlds = _read_tlds(root / TLD_FILE)
    kb.pattern_needs = {
        pattern: needed_literals(pattern)
        for pattern in [*(p for e in kb.troubleshooting.values() for p in e.match),
                        *(s for c in kb.clients.values() for s in c.signatures)]}
    kb.problems = problems
    return kb


def _read_tlds(path: Path) -> frozenset[str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    return frozenset(line.strip().casefold() for line in lines
                     if line.strip() and not line.startswith("#"))


def _text(raw: dict[str, Any]) -> Text:
    return Text(en=raw["en"].strip(), zh=raw["zh"].strip())


def _sources(raw: list[dict[str, Any]]) -> tuple[Source, ...]:
    return tuple(
        Source(url=s["url"], kind=SourceKind(s["kind"]), checked=str(s["checked"]),
               covers=s["covers"], as_of=str(s["as_of"]) if "as_of" in s else None,
               servers=tuple(s["servers"]) if "servers" in s else None)
        for s in raw
    )


def _claim(
    tables: tuple[dict[str, Provider], dict[str, Provider]], key: str, provider: Provider,
    what: str, path: Path, key_path: str, problems: list[KnowledgeProblem],
) -> None:
    """Record ``key`` in the second (this file's) table unless a provider already holds it."""
    committed, pending = tables
    owner = committed.get(key) or pending.get(key)
    if owner is not None:
        holder = "this file" if owner is provider else f"provider {owner.id!r}"
        problems.append(KnowledgeProblem(
            path, key_path, f"{what} {key!r} is already claimed by {holder}"))
    else:
        pending[key] = provider


def _add_provider(
    kb: KnowledgeBase, path: Path, doc: dict[str, Any], problems: list[KnowledgeProblem]
) -> None:
    login_raw = doc["login"]
    default_username = UsernameForm(login_raw["username"])
    servers = tuple(
        Server(
            protocol=Protocol(s["protocol"]), host=s["host"], port=s["port"],
            security=Security(s["security"]),
            username=UsernameForm(s.get("username", default_username)),
            note=_text(s["note"]) if "note" in s else None,
            unverified=s.get("unverified", False),
        )
        for s in doc["servers"]
    )
    sources = _sources(doc["sources"])
    servers = tuple(replace(s, known_by=known_by(s, sources)) for s in servers)
    status = ProviderStatus(doc["status"])
    if not servers and status not in (ProviderStatus.NO_CLIENT_ACCESS,
                                      ProviderStatus.DISCONTINUED):
        problems.append(KnowledgeProblem(
            path, "servers", "empty: list servers or set status no-client-access"))
        return
    enable = doc.get("enable")
    provider = Provider(
        id=doc["id"],
        name=_text(doc["name"]),
        kind=ProviderKind(doc["kind"]),
        aliases=tuple(doc["aliases"]),
        domains=tuple(doc["domains"]),
        mx_patterns=tuple(doc.get("mx_patterns", ())),
        status=status,
        login=Login(
            methods=tuple(LoginMethod(m) for m in login_raw["methods"]),
            username=default_username,
            note=_text(login_raw["note"]) if "note" in login_raw else None,
        ),
        servers=servers,
        sources=sources,
        help=tuple(Link(url=h["url"], title=h["title"]) for h in doc.get("help", ())),
        enable=Steps(en=tuple(enable["en"]), zh=tuple(enable["zh"]),
                     unverified=enable.get("unverified", False)) if enable else None,
        notes=tuple(
            DatedNote(text=_text(n), date=str(n["date"]) if "date" in n else None)
            for n in doc.get("notes", ())
        ),
        disagreements=tuple(_text(d) for d in doc.get("disagreements", ())),
        generated="generated" in doc,
        changes=tuple(sorted((_change(c) for c in doc.get("changes", ())),
                             key=lambda c: c.date)),
        mx_records=tuple(MxRecord(host=r["host"], priority=r["priority"],
                                  unverified=r.get("unverified", False))
                         for r in doc.get("mx_records", ())),
        usual_reading_of=tuple(doc.get("usual_reading_of", ())),
    )
    problems += _cross_problems(path, provider)
    if provider.id in kb.providers:
        problems.append(KnowledgeProblem(path, "id", f"duplicate provider id {provider.id!r}"))
        return
    before = len(problems)
    claimed_domains: dict[str, Provider] = {}
    for index, domain in enumerate(provider.domains):
        _claim((kb.by_domain, claimed_domains), domain, provider, "domain", path,
               f"domains[{index}]", problems)
    mx_exact: dict[str, Provider] = {}
    mx_suffix: dict[str, Provider] = {}
    for index, pattern in enumerate(provider.mx_patterns):
        if pattern.startswith("*."):
            _claim((kb.mx_suffix, mx_suffix), pattern[1:], provider, "MX pattern", path,
                   f"mx_patterns[{index}]", problems)
        else:
            _claim((kb.mx_exact, mx_exact), pattern, provider, "MX pattern", path,
                   f"mx_patterns[{index}]", problems)
    if len(problems) > before:
        return
    kb.providers[provider.id] = provider
    for server in provider.servers:
        owners = kb.by_host.setdefault(server.host, [])
        if provider not in owners:
            owners.append(provider)
    kb.by_domain.update(claimed_domains)
    kb.mx_exact.update(mx_exact)
    kb.mx_suffix.update(mx_suffix)


def _change(raw: dict[str, Any]) -> DatedChange:
    return DatedChange(date=str(raw["date"]), text=_text(raw), match=tuple(raw["match"]),
                       sources=tuple(raw["sources"]), unverified=raw.get("unverified", False))


def _cross_problems(path: Path, provider: Provider) -> list[KnowledgeProblem]:
    """A change's source that the provider's sources do not list; a usual reading of a name
    that is not one of its aliases."""
    urls = {s.url for s in provider.sources}
    found = [KnowledgeProblem(path, f"changes[{i}].sources", f"{url!r} is not in sources")
             for i, change in enumerate(provider.changes)
             for url in change.sources if url not in urls]
    found += [KnowledgeProblem(path, "usual_reading_of", f"{name!r} is not in aliases")
              for name in provider.usual_reading_of if name not in provider.aliases]
    return found


def _add_troubleshooting(
    kb: KnowledgeBase, path: Path, doc: dict[str, Any], problems: list[KnowledgeProblem]
) -> None:
    unknown = [p for p in doc["providers"] if p not in kb.providers]
    if unknown:
        problems.extend(
            KnowledgeProblem(path, f"providers[{doc['providers'].index(p)}]",
                             f"unknown provider {p!r}")
            for p in unknown
        )
        return
    code = doc.get("diagnosis")  # the schema checked it is a DiagnosisCode
    entry = TroubleshootingEntry(
        id=doc["id"],
        title=_text(doc["title"]),
        match=tuple(doc["match"]),
        examples=tuple(doc["examples"]),
        providers=tuple(doc["providers"]),
        protocols=tuple(Protocol(p) for p in doc.get("protocols", ())),
        cause=_text(doc["cause"]),
        fix=Steps(en=tuple(doc["fix"]["en"]), zh=tuple(doc["fix"]["zh"])),
        sources=_sources(doc["sources"]),
        diagnosis=DiagnosisCode(code) if code is not None else None,
        not_examples=tuple(doc.get("not_examples", ())),
    )
    if entry.id in kb.troubleshooting:
        problems.append(KnowledgeProblem(path, "id", f"duplicate entry id {entry.id!r}"))
        return
    kb.troubleshooting[entry.id] = entry


def _add_topic(
    kb: KnowledgeBase, path: Path, doc: dict[str, Any], problems: list[KnowledgeProblem]
) -> None:
    if doc["id"] in kb.topics:
        problems.append(KnowledgeProblem(path, "id", f"duplicate topic id {doc['id']!r}"))
        return
    kb.topics[doc["id"]] = GeneralTopicEntry(
        topic=GeneralTopic(id=doc["id"], text=_text(doc["answer"]),
                           intent=Intent(doc["intent"]) if "intent" in doc else None),
        match=tuple(doc["match"]),
        examples=tuple(doc["examples"]),
    )


def _add_client(kb: KnowledgeBase, doc: dict[str, Any]) -> None:
    """Ids are unique: each equals its file name in one folder."""
    kb.clients[doc["id"]] = Client(
        id=doc["id"],
        name=doc["name"],
        kind=ToolKind(doc["kind"]),
        names=tuple(n.casefold() for n in doc["names"]),
        signatures=tuple(doc.get("signatures", ())),
        tls={Security(mode): spelled for mode, spelled in doc["tls"].items()},
        options=tuple(ClientOption(key=o["key"].casefold(), value=o["value"],
                                   effect=OptionEffect(o["security"]))
                      for o in doc.get("options", ())),
        cannot=tuple(Security(m) for m in doc.get("cannot", ())),
        note=_text(doc["note"]) if "note" in doc else None,
        sources=_sources(doc["sources"]),
    )


def _add_environment(kb: KnowledgeBase, doc: dict[str, Any]) -> None:
    """Ids are unique: each equals its file name in one folder."""
    kb.environments[doc["id"]] = Environment(
        id=doc["id"],
        name=_text(doc["name"]),
        kind=EnvironmentKind(doc["kind"]),
        names=tuple(n.casefold() for n in doc["names"]),
        brands=tuple(b.casefold() for b in doc.get("brands", ())),
        blocked_ports=tuple(doc["blocked_ports"]),
        unblock=_text(doc["unblock"]) if "unblock" in doc else None,
        sources=_sources(doc["sources"]),
    )
