"""Discovery for the synchronous CLI: one event loop for the whole run, built on first use.

Imported only when a question needs discovery, so `mailbot ask` for known providers never
pays for httpx, dnspython or the probe at start-up.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from types import TracebackType
from typing import Any, TextIO, TypeVar

from bot.models import Answer, Intent, Lang
from bot.rendering.phrases import LOOKING_UP
from bot.services import Services

T = TypeVar("T")


PROGRESS_AFTER = 1.0  # seconds: a lookup that takes longer says so on stderr


class DiscoveryRunner:
    def __init__(self, services: Services, progress: TextIO | None = None) -> None:
        """``progress``: where to say that a slow lookup is under way (stderr: never the
        answers' stream, which scripts read)."""
        self.services = services
        self.progress = progress
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
        work = with_discovery(answer, self.services.discoverer)
        if self.progress is None or answer.intent is not Intent.UNKNOWN_PROVIDER:
            return self._run(work)
        note = LOOKING_UP.in_lang(answer.lang).format(domain=answer.domain or "?")
        return self._run(_noted_if_slow(work, note, self.progress))

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


async def _noted_if_slow(work: Coroutine[Any, Any, T], note: str, out: TextIO) -> T:
    """``work``, with ``note`` written to ``out`` if it takes over PROGRESS_AFTER seconds."""

    def say() -> None:
        out.write(note + "\n")
        out.flush()

    timer = asyncio.get_running_loop().call_later(PROGRESS_AFTER, say)
    try:
        return await work
    finally:
        timer.cancel()
