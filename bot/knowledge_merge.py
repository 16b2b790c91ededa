"""One knowledge base made of two: an organisation's own folder (``--knowledge-extra``) and
the bundled one, the extra folder asked first.

    kb = merged(load_knowledge(extra, strict=True), load_knowledge(bundled, strict=False))

A domain, MX host, server host or id both know is the extra folder's. A bundled provider
the extra folder replaces (the same id) is gone entirely, its domains too: what the
organisation wrote about it is the whole truth.
"""

from __future__ import annotations

from bot.knowledge_base import KnowledgeBase
from bot.models import Provider


def merged(extra: KnowledgeBase, base: KnowledgeBase) -> KnowledgeBase:
    replaced = extra.providers.keys() & base.providers.keys()

    def kept(table: dict[str, Provider]) -> dict[str, Provider]:
        return {key: p for key, p in table.items() if p.id not in replaced}

    hosts = {host: [p for p in owners if p.id not in replaced]
             for host, owners in base.by_host.items()}
    for host, owners in extra.by_host.items():
        hosts[host] = [*owners, *hosts.get(host, [])]
    return KnowledgeBase(
        providers={**base.providers, **extra.providers},
        troubleshooting={**base.troubleshooting, **extra.troubleshooting},
        topics={**base.topics, **extra.topics},
        by_domain={**kept(base.by_domain), **extra.by_domain},
        mx_exact={**kept(base.mx_exact), **extra.mx_exact},
        mx_suffix={**kept(base.mx_suffix), **extra.mx_suffix},
        clients={**base.clients, **extra.clients},
        environments={**base.environments, **extra.environments},
        by_host={host: owners for host, owners in hosts.items() if owners},
        tlds=base.tlds | extra.tlds,
        pattern_needs={**base.pattern_needs, **extra.pattern_needs},
        problems=[*extra.problems, *base.problems],
    )
