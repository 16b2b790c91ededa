"""Turn a discovery into the engine's Answer, and run discovery for answers that need it."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from bot.discovery.chain import Discoverer, Discovery
from bot.discovery.dns_records import DnsDown
from bot.models import Answer, AnswerSource, Intent
from bot.server_order import order_servers

CONFIDENCE = {AnswerSource.MX: 0.85, AnswerSource.AUTOCONFIG: 0.85,
              AnswerSource.ISPDB_ONLINE: 0.8, AnswerSource.SRV: 0.7, AnswerSource.GUESS: 0.5}


def answer_from(answer: Answer, found: Discovery) -> Answer:
    providers = (found.provider,) if found.provider is not None else ()
    servers = order_servers(found.servers, protocols=answer.question.protocols)
    return replace(answer, intent=Intent.SETTINGS, providers=providers, servers=servers,
                   domain=found.domain, source=found.source, found_how=found.explanation,
                   evidence=found.evidence, confidence=CONFIDENCE.get(found.source, 0.5))


async def with_discovery(answer: Answer, discoverer: Discoverer, *, user: str | None = None,
                         chat: str | None = None) -> Answer:
    """The answer itself, or, for a domain the knowledge base lacks, what discovery finds."""
    if answer.intent is not Intent.UNKNOWN_PROVIDER or answer.domain is None:
        return answer
    address = next((a for a in answer.question.addresses
                    if a.endswith("@" + answer.domain)), None)
    try:
        async with asyncio.timeout(discoverer.settings.deadline):
            found = await discoverer.discover(answer.domain, address, user=user, chat=chat)
    except (DnsDown, TimeoutError):
        # "My lookup failed", not "I don't know this provider": it may well exist.
        return replace(answer, lookup_failed=True)
    return answer_from(answer, found) if found is not None else answer
