"""The probe's per-user and per-chat allowance, counted in the state store.

The prober counts requests in this process; behind a load balancer each replica would grant
the full allowance again. With a store, every request is also counted there (``allow``: a
sliding window shared by every replica, atomic in Redis), with the prober's own limits, so
two replicas grant together what one would. A store that is down leaves the prober's own
count in charge.
"""

from __future__ import annotations

from bot.probing.limits import RateLimit
from bot.probing.settings import ProbeSettings
from bot.state.store import Resilient


async def shared_allowance(store: Resilient | None, settings: ProbeSettings,
                           user: str | None, chat: str | None) -> bool:
    """Take one probe from ``user``'s and ``chat``'s shared allowance; False when spent."""
    if store is None:
        return True
    for kind, key, limit in (("user", user, settings.per_user),
                             ("chat", chat, settings.per_chat)):
        if key is None:
            continue
        if not await _allow(store, f"probe-{kind}:{key}", limit):
            return False
    return True


async def _allow(store: Resilient, name: str, limit: RateLimit) -> bool:
    return await store.call(lambda s: s.allow(name, limit.requests, limit.per_seconds), True)
