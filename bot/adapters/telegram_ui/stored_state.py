"""Conversation topics where every replica finds them: in the state store when there is one.

A follow-up ("那imap呢") may reach another replica than the question did, or the process
after a restart: with a store, a topic is an expiring value there (ids and protocol names
only, never text); without one, ``MemoryTopicStore`` keeps it in this process.
"""

from __future__ import annotations

import json

from bot.conversation import MAX_AGE_SECONDS, MemoryTopicStore, Topic
from bot.models import Protocol
from bot.state.store import Resilient


class Topics:
    def __init__(self, store: Resilient | None = None) -> None:
        self._store = store
        self._memory = MemoryTopicStore()

    async def get(self, key: str) -> Topic | None:
        if self._store is None:
            return self._memory.get(key)
        kept = await self._store.call(lambda s: s.get_value(f"topic:{key}"), None)
        return _topic(kept) if kept is not None else self._memory.get(key)

    async def put(self, key: str, topic: Topic) -> None:
        self._memory.put(key, topic)  # also here: the store may be down
        if self._store is not None:
            text = json.dumps({"provider": topic.provider_id, "domain": topic.domain,
                               "protocols": [p.value for p in topic.protocols],
                               "entry": topic.entry_id})
            await self._store.call(lambda s: s.put_value(f"topic:{key}", text,
                                                         MAX_AGE_SECONDS), None)


def _topic(text: str) -> Topic | None:
    try:
        data = json.loads(text)
        return Topic(provider_id=data["provider"], domain=data["domain"],
                     protocols=tuple(Protocol(p) for p in data["protocols"]),
                     entry_id=data.get("entry"))
    except (ValueError, KeyError, TypeError):
        return None  # written by another version: no topic rather than a crash
