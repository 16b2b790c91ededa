"""How many answers one group may have waiting to be sent.

Telegram lets a bot post about 20 messages a minute into one group; the rate limiter makes
the excess wait, and every waiting answer holds one of the bot's concurrent-update slots.
After a few hundred @mentions in one group, no slot was left and a private question waited
over a minute. A group may therefore have only ten answers in flight: questions beyond
them are skipped, and once the group's queue has drained one note says how many were.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

GROUP_BACKLOG = 10  # Telegram lets ~20 messages a minute into one group


@dataclass
class GroupBacklog:
    limit: int = GROUP_BACKLOG
    _waiting: Counter[int] = field(default_factory=Counter)
    _skipped: Counter[int] = field(default_factory=Counter)

    def enter(self, chat_id: int) -> bool:
        """Whether an answer for ``chat_id`` may be sent now (else it is counted skipped)."""
        if self._waiting[chat_id] >= self.limit:
            self._skipped[chat_id] += 1
            return False
        self._waiting[chat_id] += 1
        return True

    def leave(self, chat_id: int) -> int:
        """An answer was sent (or failed); when the group's queue is empty, how many were
        skipped meanwhile (once)."""
        self._waiting[chat_id] -= 1
        if self._waiting[chat_id] > 0:
            return 0
        del self._waiting[chat_id]
        return self._skipped.pop(chat_id, 0)
