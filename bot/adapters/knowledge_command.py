"""``mailbot check-knowledge`` and ``mailbot health``: is the knowledge base sound?"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TextIO

from bot.knowledge_base import KnowledgeError, load_knowledge

EXIT_OK = 0
EXIT_KNOWLEDGE_PROBLEM = 1


def health(folder: Path | None, out: TextIO) -> int:
    try:
        kb = load_knowledge(folder, strict=True)
    except KnowledgeError as exc:
        out.write(f"unhealthy: {len(exc.problems)} knowledge problem(s)\n")
        return EXIT_KNOWLEDGE_PROBLEM
    out.write(f"ok: {len(kb.providers)} providers\n")
    return EXIT_OK


def check_knowledge(folder: Path | None, out: TextIO) -> int:
    try:
        kb = load_knowledge(folder, strict=True)
    except KnowledgeError as exc:
        for problem in exc.problems:
            out.write(f"error: {problem}\n")
        out.write(f"{len(exc.problems)} problem(s) in the knowledge base\n")
        return EXIT_KNOWLEDGE_PROBLEM
    unverified = sum(1 for p in kb.providers.values() for s in p.servers if s.unverified)
    servers = sum(len(p.servers) for p in kb.providers.values())
    known = Counter(s.known_by.value for p in kb.providers.values() for s in p.servers)
    out.write(
        f"providers: {len(kb.providers)}\n"
        f"domains: {len(kb.by_domain)}\n"
        f"mx patterns: {len(kb.mx_exact) + len(kb.mx_suffix)}\n"
        f"servers: {servers} ({unverified} unverified)\n"
        f"servers known by: official {known['official']}, databases {known['databases']}, "
        f"single {known['single']}\n"
        f"troubleshooting entries: {len(kb.troubleshooting)}\n"
        f"general topics: {len(kb.topics)}\n"
        "ok\n"
    )
    return EXIT_OK
