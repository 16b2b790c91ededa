"""No update confirmed to Telegram is lost: each is journaled before it is confirmed, and
the ones never marked answered are answered by the next process.

Telegram forgets an update once it is confirmed: in polling mode by the next ``getUpdates``
with a higher offset, in webhook mode by the 200 answer. Both paths put every update into
the application's ``update_queue`` before confirming it: python-telegram-bot's Updater
awaits ``update_queue.put`` for each update of a batch before it advances the offset and
asks for the next batch, and our webhook endpoint awaits it before answering 200. So the
queue is the one place that sees every update before its confirmation, in either mode:
``JournalingQueue.put`` writes the update to the store's journal first. When its handlers
have run (successfully or not: a failing update must not be retried forever), the update
processor marks it answered; an update cut off by SIGTERM's deadline or a crash stays in the
journal, and ``replay`` hands it to the handlers when the next process starts, or, when the
store could not be opened at start, as soon as it opens (``replay_when_open``).

A store that is down does not stop updates: they are handled, just not journaled.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot.state.records import JournalEntry
from bot.state.reopening import ReopeningStore
from bot.state.store import Resilient, StateStore

log = logging.getLogger(__name__)

REPLAY_CLAIM_SECONDS = 3600.0  # a replica that starts later does not replay it again


class JournalingQueue(asyncio.Queue[object]):
    def __init__(self, store: Resilient) -> None:
        super().__init__()
        self.store = store

    async def put(self, item: object) -> None:
        if isinstance(item, Update):
            body = json.dumps(item.to_dict()).encode()
            update_id = item.update_id
            await self.store.call(lambda s: s.journal(update_id, body), None)
        await super().put(item)

    async def requeue(self, item: Update) -> None:
        """Put an update that is already in the journal (no second write)."""
        await super().put(item)


async def mark_answered(store: Resilient, update: object) -> None:
    if isinstance(update, Update):
        update_id = update.update_id
        await store.call(lambda s: s.answered(update_id), None)


async def _claim(store: Resilient, update_id: int) -> bool:
    """With replicas, the first to start replays each update."""
    key = f"replay:{update_id}"
    return await store.call(lambda s: s.allow(key, 1, REPLAY_CLAIM_SECONDS), False)


async def mark_read_back_failed(store: Resilient, update_id: int) -> None:
    await store.call(lambda s: s.answered(update_id), None)


def replay_when_open(application: Application[Any, Any, Any, Any, Any, Any],
                     store: Resilient) -> None:
    """A store that could not be opened at start: once it opens, the updates a previous run
    left unanswered are answered, as at start. The journal is read as the outage left it,
    before this process journals anything there (its own updates are not replayed)."""
    reopening = store.store
    if not isinstance(reopening, ReopeningStore) or reopening.is_open:
        return
    started: set[asyncio.Task[int]] = set()

    async def on_open(opened: StateStore) -> None:
        entries = await opened.pending()
        if entries:
            task = asyncio.create_task(replay(application, store, entries))
            started.add(task)
            task.add_done_callback(started.discard)

    reopening.when_open(on_open)


async def replay(application: Application[Any, Any, Any, Any, Any, Any],
                 store: Resilient, entries: list[JournalEntry] | None = None) -> int:
    """Hand the journal's unanswered updates (or ``entries`` of it) to the handlers again;
    how many."""
    queue = application.update_queue
    if entries is None:
        nothing: list[JournalEntry] = []
        entries = await store.call(lambda s: s.pending(), nothing)
    replayed = 0
    for entry in entries:
        update_id = entry.update_id
        if not await _claim(store, update_id):
            continue
        try:
            update = Update.de_json(json.loads(entry.body), application.bot)
        except (ValueError, KeyError, TypeError):
            log.warning("journal: update %d cannot be read back; dropped", update_id)
            await mark_read_back_failed(store, update_id)
            continue
        if update is None:
            continue
        if isinstance(queue, JournalingQueue):
            await queue.requeue(update)
        else:
            await queue.put(update)
        replayed += 1
    if replayed:
        log.info("answering %d questions the previous process received but did not answer",
                 replayed)
    return replayed
