"""The one place that builds what the commands use: the engine, the prober, the discoverer.

    services = Services(Settings.from_environment())
    services.engine.ask("qq smtp")      # loads the knowledge base on first use
    services.discoverer                  # httpx, dnspython and the probe: only if asked for

Each is built on first use, so a command never pays for what it does not use (`mailbot ask
--offline` never imports the network code). ``ask``, ``chat``, ``probe`` and ``serve`` all
build them here, so the name server, the ISPDB URL and the probe's restrictions are the same
for each, and the probe that confirms discovery's guesses is the prober everyone else uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.models import Protocol, Security
from bot.settings import Settings, parse_nameserver

if TYPE_CHECKING:
    from bot.discovery.chain import Discoverer, DiscoverySettings
    from bot.engine import Engine
    from bot.probing.prober import Prober, ProbeSettings
    from bot.probing.results import ServerSpec
    from bot.state.store import StateStore


class Services:
    def __init__(self, settings: Settings, *,
                 probe_changes: Mapping[str, Any] | None = None,
                 knowledge_extra: Path | None = None) -> None:
        """``probe_changes``: ProbeSettings fields a command sets itself (its deadline).
        ``knowledge_extra``: an organisation's own knowledge folder, asked first."""
        self.settings = settings
        self._probe_changes = dict(probe_changes or {})
        self.knowledge_extra = knowledge_extra

    @cached_property
    def engine(self) -> Engine:
        """KnowledgeError when the extra folder has problems (it is the organisation's
        own: a mistake there must stop the start, not hide)."""
        from bot.engine import Engine

        if self.knowledge_extra is None:
            # Broken files are skipped; the loader logs each one (naming file and line).
            return Engine.load(self.settings.knowledge_dir, strict=False)
        from bot.knowledge_base import load_knowledge
        from bot.knowledge_merge import merged

        extra = load_knowledge(self.knowledge_extra, strict=True, use_cache=False)
        return Engine(merged(extra, load_knowledge(self.settings.knowledge_dir, strict=False)))

    @property
    def nameserver(self) -> tuple[str, int] | None:
        """Where discovery and the probe send DNS queries (None: the system's resolver)."""
        return parse_nameserver(self.settings.nameserver) if self.settings.nameserver else None

    @cached_property
    def probe_settings(self) -> ProbeSettings:
        from bot.probing.prober import ProbeSettings

        # The probe asks the same name server as discovery: a guess it confirms resolves
        # to the address discovery saw.
        base = ProbeSettings(unrestricted=self.settings.probe_unrestricted,
                             nameserver=self.nameserver)
        return replace(base, **self._probe_changes)

    @cached_property
    def discovery_settings(self) -> DiscoverySettings:
        from bot.discovery.chain import DiscoverySettings

        settings = DiscoverySettings(nameserver=self.nameserver,
                                     allow_private=self.settings.probe_unrestricted)
        if self.settings.ispdb_url is not None:
            settings = replace(settings, ispdb_base_url=self.settings.ispdb_url)
        return settings

    @cached_property
    def prober(self) -> Prober:
        from bot.probing.prober import Prober

        # The engine is loaded only when a target names a provider rather than a host:port.
        return Prober(self.probe_settings, named_targets=self._named_targets)

    def _named_targets(self, text: str, *, protocol: Protocol | None,
                       security: Security | None, unrestricted: bool) -> list[ServerSpec]:
        from bot.probe_targets import ProbeTargets

        return ProbeTargets(self.engine)(text, protocol=protocol, security=security,
                                         unrestricted=unrestricted)

    @cached_property
    def discoverer(self) -> Discoverer:
        from bot.discovery.chain import Discoverer

        return Discoverer(self.engine.kb, self.discovery_settings, self.prober)

    async def open_state_store(self) -> StateStore:
        """The state store (``serve``, ``stats``): SQLite in the data folder, or Redis when
        ``MAILBOT_STATE_URL`` is set. The caller closes it."""
        from bot.state.store import open_store

        return await open_store(self.settings)
