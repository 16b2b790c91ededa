"""Probe results in the state store: a server one replica probed in the last minute is not
probed again by another, which answers with that result. A store that is down leaves each
replica's own cache in charge."""

from __future__ import annotations

from bot.state.store import Resilient


class StoredProbeResults:
    """A ``bot.probing.shared_results.SharedProbeResults`` on the state store."""

    def __init__(self, store: Resilient) -> None:
        self._store = store

    async def cached(self, key: str) -> str | None:
        return await self._store.call(lambda s: s.get_value(f"probe:{key}"), None)

    async def keep(self, key: str, encoded: str, ttl: float) -> None:
        if ttl > 0:
            await self._store.call(lambda s: s.put_value(f"probe:{key}", encoded, ttl), None)
