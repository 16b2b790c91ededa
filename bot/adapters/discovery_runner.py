"""Discovery for the synchronous CLI: one event loop for the whole run, built on first use.

Imported only when a question needs discovery, so `mailbot ask` for known providers never
pays for httpx, dnspython or the probe at start-up.
"""

from __future__ import annotations

import asyncio
from types import TracebackType

from bot.models import Answer
from bot.services import Services


class DiscoveryRunner:
    def __init__(self, services: Services) -> None:
        self.services = services
        self._runner: asyncio.Runner | None = None

    def __enter__(self) -> DiscoveryRunner:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._runner is not None:
            self._runner.close()

    def discover(self, answer: Answer) -> Answer:
        from bot.discovery.answers import with_discovery

        if self._runner is None:
            self._runner = asyncio.Runner()
        # Built inside the runner's loop: its locks and clients belong to that loop.
        return self._runner.run(with_discovery(answer, self.services.discoverer))
