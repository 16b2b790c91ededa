"""Discovery for the synchronous CLI: one event loop for the whole run, built on first use.

Imported only when a question needs discovery, so `mailbot ask` for known providers never
pays for httpx, dnspython or the probe at start-up.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from types import TracebackType
from typing import Any, TypeVar

from bot.models import Answer, Lang
from bot.services import Services

T = TypeVar("T")


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

        # Built inside the runner's loop: its locks and clients belong to that loop.
        return self._run(with_discovery(answer, self.services.discoverer))

    def probe(self, target: str, lang: Lang) -> str:
        """``mailbot chat``'s /probe: the report as plain text."""
        from bot.rendering.plain_text import render_plain
        from bot.rendering.probe_card import build_probe_card

        report = self._run(self.services.prober.probe(target))
        return render_plain(build_probe_card(report, lang))

    def _run(self, work: Coroutine[Any, Any, T]) -> T:
        if self._runner is None:
            self._runner = asyncio.Runner()
        return self._runner.run(work)
