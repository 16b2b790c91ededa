"""Run the bot until SIGINT or SIGTERM, then stop within a deadline shorter than Docker's.

python-telegram-bot's ``run_polling`` and ``run_webhook`` stop by waiting for every pending
update, however long: answers waiting for a group's flood limit held a stopping bot for
minutes, and Docker's SIGKILL after 10 s lost them all without a word. Here the bot stops
taking updates at once, gives in-flight answers ``SHUTDOWN_SECONDS``, logs how it went, and
exits cleanly.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import Application, SimpleUpdateProcessor

from bot.adapters.telegram_ui.update_journal import mark_answered, replay, replay_when_open
from bot.adapters.telegram_ui.webhook import start_webhook_server
from bot.state.store import Resilient

log = logging.getLogger(__name__)

SHUTDOWN_SECONDS = 8.0  # Docker sends SIGKILL 10 s after SIGTERM


class TrackingUpdateProcessor(SimpleUpdateProcessor):
    """Runs updates concurrently, as python-telegram-bot's own does, and knows when none is
    in flight: its ``stop`` does not wait for running handlers, so answers waiting for a flood
    limit were simply dropped."""

    def __init__(self, max_concurrent_updates: int, store: Resilient | None = None) -> None:
        """``store``: where each update is marked answered once its handlers have run."""
        super().__init__(max_concurrent_updates)
        self.store = store
        self._running: set[asyncio.Task[Any]] = set()
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def in_flight(self) -> int:
        return len(self._running)

    async def do_process_update(self, update: object,
                                coroutine: Awaitable[Any]) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._running.add(task)
        self._idle.clear()
        try:
            await coroutine
            # Not reached when cancelled at the deadline: the next process answers it.
            if self.store is not None:
                await mark_answered(self.store, update)
        finally:
            if task is not None:
                self._running.discard(task)
            if not self._running:
                self._idle.set()

    async def wait_idle(self) -> None:
        await self._idle.wait()

    def give_up(self) -> None:
        """Cancel what is still in flight (python-telegram-bot's stop would wait for it)."""
        for task in list(self._running):
            task.cancel()


async def run_polling(application: Application, poll_timeout: int) -> None:  # type: ignore[type-arg]
    await _start(application)
    assert application.updater is not None
    await application.updater.start_polling(allowed_updates=Update.ALL_TYPES,
                                            timeout=poll_timeout)
    await _until_signal()
    await application.updater.stop()  # no new updates from here on
    await _stop(application)


async def run_webhook(application: Application, listen: str, port: int,  # type: ignore[type-arg]
                      path: str, url: str, secret: str) -> None:
    """Tell Telegram where to send updates, and take them there."""
    await _start(application)
    await application.bot.set_webhook(url, secret_token=secret,
                                      allowed_updates=Update.ALL_TYPES)
    server = start_webhook_server(application, listen, port, path, secret)
    await _until_signal()
    server.stop()  # no new updates from here on
    await _stop(application)


async def _start(application: Application) -> None:  # type: ignore[type-arg]
    await application.initialize()
    if application.post_init is not None:
        await application.post_init(application)
    await application.start()
    processor = application.update_processor
    if isinstance(processor, TrackingUpdateProcessor) and processor.store is not None:
        replay_when_open(application, processor.store)  # a store that is down at start
        await replay(application, processor.store)


async def _until_signal() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    log.info("stopping: no new questions; answering those in flight for up to %.0f s",
             SHUTDOWN_SECONDS)


async def _stop(application: Application) -> None:  # type: ignore[type-arg]
    processor = application.update_processor
    if isinstance(processor, TrackingUpdateProcessor):
        try:  # the answers in flight are sent, up to the deadline
            await asyncio.wait_for(processor.wait_idle(), SHUTDOWN_SECONDS)
        except TimeoutError:
            log.warning("stopping with %d answers still in flight: the deadline came first",
                        processor.in_flight)
            processor.give_up()
    # No new updates arrive any more and none is in flight: this is quick.
    await application.stop()
    await application.shutdown()
