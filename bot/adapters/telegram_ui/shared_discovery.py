"""Discovery's results and the cost of its guesses, in the state store: every replica finds
a domain another one looked up, and a user's probe allowance pays for guesses once across
all of them. A store that is down leaves each replica's own cache and count in charge."""

from __future__ import annotations

from bot.adapters.telegram_ui.probe_allowance import shared_allowance
from bot.probing.settings import ProbeSettings
from bot.state.store import Resilient


class StoredDiscovery:
    """A ``bot.discovery.shared.SharedDiscovery`` on the state store."""

    def __init__(self, store: Resilient, probe: ProbeSettings) -> None:
        self._store = store
        self._probe = probe

    async def cached(self, domain: str) -> str | None:
        return await self._store.call(lambda s: s.get_value(f"discovery:{domain}"), None)

    async def keep(self, domain: str, encoded: str, ttl: float) -> None:
        await self._store.call(lambda s: s.put_value(f"discovery:{domain}", encoded, ttl),
                               None)

    async def allows(self, user: str | None, chat: str | None) -> bool:
        return await shared_allowance(self._store, self._probe, user, chat)

