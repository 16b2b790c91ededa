"""What several replicas share of discovery: its results, and what its guesses cost.

Each ``Discoverer`` caches in its own process; behind a load balancer the next question about
the same domain may reach another replica, which would look it all up again, and each replica
would grant a user's probe allowance to discovery's guesses anew. A ``SharedDiscovery`` (the
Telegram front end's keeps both in the state store) closes both gaps. Results travel as JSON
(never pickle: whoever can write the store must not be able to run code here); a provider is
named by its id and found again in this replica's knowledge base.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Protocol

from bot.knowledge_base import KnowledgeBase
from bot.models import (
    AnswerSource,
    KnownBy,
    Security,
    Server,
    Text,
    UsernameForm,
)
from bot.models import Protocol as MailProtocol

if TYPE_CHECKING:
    from bot.discovery.chain import Discovery


class SharedDiscovery(Protocol):
    async def cached(self, domain: str) -> str | None:
        """The encoded result another replica found for ``domain`` (``decode`` it), or None
        when there is none."""
        ...

    async def keep(self, domain: str, encoded: str, ttl: float) -> None: ...

    async def allows(self, user: str | None, chat: str | None) -> bool:
        """Take one probe from the shared allowance of ``user`` and ``chat``."""
        ...


def encode(found: Discovery | None) -> str:
    """A ``Discovery`` (or None: nothing found) as JSON text."""
    if found is None:
        return json.dumps(None)
    return json.dumps({
        "domain": found.domain, "source": found.source.value,
        "explanation": [found.explanation.en, found.explanation.zh],
        "provider": found.provider.id if found.provider is not None else None,
        "servers": [_server(s) for s in found.servers], "evidence": list(found.evidence),
    }, ensure_ascii=False)


def decode(text: str, kb: KnowledgeBase) -> tuple[bool, Discovery | None]:
    """(usable, the Discovery or None). Not usable: written by another version, or naming a
    provider this replica does not know: look it up again rather than answer wrongly."""
    from bot.discovery.chain import Discovery  # chain.py imports this module

    try:
        data = json.loads(text)
        if data is None:
            return True, None
        provider = None
        if data["provider"] is not None:
            provider = kb.providers.get(data["provider"])
            if provider is None:
                return False, None
        return True, Discovery(
            domain=data["domain"], source=AnswerSource(data["source"]),
            explanation=Text(*data["explanation"]), provider=provider,
            servers=tuple(_read_server(s) for s in data["servers"]),
            evidence=tuple(str(e) for e in data["evidence"]))
    except (ValueError, KeyError, TypeError):
        return False, None


def _server(server: Server) -> dict[str, Any]:
    return {"protocol": server.protocol.value, "host": server.host, "port": server.port,
            "security": server.security.value, "username": server.username.value,
            "note": [server.note.en, server.note.zh] if server.note is not None else None,
            "unverified": server.unverified, "known_by": server.known_by.value}


def _read_server(data: dict[str, Any]) -> Server:
    note = data["note"]
    return Server(protocol=MailProtocol(data["protocol"]), host=str(data["host"]),
                  port=int(data["port"]), security=Security(data["security"]),
                  username=UsernameForm(data["username"]),
                  note=Text(*note) if note is not None else None,
                  unverified=bool(data["unverified"]), known_by=KnownBy(data["known_by"]))
