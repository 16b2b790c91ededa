"""Who may run a group's admin commands: Telegram's chat member status, cached briefly.

Every /faq, /stats or /quiet would otherwise cost a getChatMember call. A status is kept for
``CACHE_SECONDS``: a demoted admin keeps their rights for at most that long. The table is
bounded (strangers can invent endless user ids).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable

from bot.adapters.telegram_ui.chat_policy import may_change_group_settings

CACHE_SECONDS = 60.0
MAX_CACHED = 10_000


class AdminCheck:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._known: OrderedDict[tuple[int, int], tuple[float, bool]] = OrderedDict()

    async def is_admin(self, chat: int, user: int,
                       member_status: Callable[[int, int], Awaitable[str]]) -> bool:
        """Whether ``user`` administers ``chat``; ``member_status`` asks Telegram."""
        key = (chat, user)
        held = self._known.get(key)
        now = self._clock()
        if held is not None and held[0] > now:
            return held[1]
        admin = may_change_group_settings(await member_status(chat, user))
        self._known[key] = (now + CACHE_SECONDS, admin)
        self._known.move_to_end(key)
        while len(self._known) > MAX_CACHED:
            self._known.popitem(last=False)
        return admin
