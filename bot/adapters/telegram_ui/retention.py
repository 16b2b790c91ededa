"""Retention: statistics, unanswered questions and old journal rows are deleted once they
are older than ``MAILBOT_RETENTION_DAYS``, checked at start and then every hour."""

from __future__ import annotations

import asyncio
import logging
import time

from bot.state.store import Resilient

log = logging.getLogger(__name__)

PURGE_EVERY_SECONDS = 3600.0
DAY = 86400.0


async def purge_once(store: Resilient, retention_days: float) -> int:
    before = time.time() - retention_days * DAY
    gone = await store.call(lambda s: s.purge(before), 0)
    if gone:
        log.info("retention: deleted %d records older than %g days", gone, retention_days)
    return gone


async def purge_periodically(store: Resilient, retention_days: float,
                             every: float = PURGE_EVERY_SECONDS) -> None:
    while True:
        await purge_once(store, retention_days)
        await asyncio.sleep(every)
