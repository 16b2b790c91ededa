"""Discovery for the synchronous CLI: one event loop for the whole run, built on first use.

Imported only when a question needs discovery, so `mailbot ask` for known providers never
pays for httpx, dnspython or the probe at start-up.
"""

from __future__ import annotations

import asyncio
import os
from types import TracebackType
from typing import TYPE_CHECKING

from bot.engine import Engine
from bot.models import Answer

if TYPE_CHECKING:
    from bot.discovery.chain import Discoverer


class DiscoveryRunner:
    def __init__(self, engine: Engine, *, nameserver: str | None, ispdb_url: str | None) -> None:
        self.engine = engine
        self.nameserver = nameserver
        self.ispdb_url = ispdb_url
        self._runner: asyncio.Runner | None = None
        self._discoverer: Discoverer | None = None

    def __enter__(self) -> DiscoveryRunner:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._runner is not None:
            self._runner.close()

    def discover(self, answer: Answer) -> Answer:
        from bot.discovery.answers import with_discovery

        if self._runner is None or self._discoverer is None:
            self._runner = asyncio.Runner()
            self._discoverer = self._build()
        return self._runner.run(with_discovery(answer, self._discoverer))

    def _build(self) -> Discoverer:
        from dataclasses import replace

        from bot.discovery.chain import Discoverer, DiscoverySettings
        from bot.discovery.dns_records import parse_nameserver
        from bot.probing.prober import UNRESTRICTED_ENV, Prober, ProbeSettings

        unrestricted = os.environ.get(UNRESTRICTED_ENV) == "1"
        settings = DiscoverySettings(
            nameserver=parse_nameserver(self.nameserver) if self.nameserver else None,
            allow_private=unrestricted)
        if self.ispdb_url is not None:
            settings = replace(settings, ispdb_base_url=self.ispdb_url)
        # Guesses are confirmed by the probe; its lookups go to the same name server.
        prober = Prober(ProbeSettings(unrestricted=unrestricted, nameserver=settings.nameserver))
        return Discoverer(self.engine.kb, settings, prober)
