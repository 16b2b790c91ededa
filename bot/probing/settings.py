"""How a probe may behave: its deadlines, caps and limits, as one value set in ``main``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bot.probing.conversation import Limits
from bot.probing.limits import RateLimit


@dataclass(frozen=True)
class ProbeSettings:
    deadline: float = 15.0  # one server, everything included
    step_timeout: float = 6.0  # one connect / handshake / reply
    dns_timeout: float = 5.0
    nameserver: tuple[str, int] | None = None  # None: the system's (resolv.conf)
    cache_bytes: int = 8 * 1024 * 1024  # results kept for the cooldown, oldest evicted first
    max_concurrent_connections: int = 32  # across all users
    per_user: RateLimit = field(default_factory=lambda: RateLimit(5, 60.0))
    per_chat: RateLimit = field(default_factory=lambda: RateLimit(20, 60.0))
    cooldown: float = 60.0  # one real probe per target in this time; others share it
    # Real connections to one address and port, whatever name led there: many names can point
    # at one attacker-chosen address, and each name has a cooldown of its own.
    per_address: RateLimit = field(default_factory=lambda: RateLimit(4, 60.0))
    unrestricted: bool = False  # tests and people probing their own servers; never chats
    ca_file: Path | None = None
    limits: Limits = field(default_factory=Limits)
