"""Replicas share discovery through one real redis-server: a domain one looked up is known to
the other without a lookup, and discovery's guesses take from a user's probe allowance once
across both (issue 13: the discovery cache and probe limits in the shared store)."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from bot.adapters.telegram_ui.shared_discovery import StoredDiscovery
from bot.discovery.chain import Discoverer
from bot.discovery.shared import decode, encode
from bot.knowledge_base import KnowledgeBase
from bot.probing.limits import RateLimit
from bot.probing.prober import Prober, ProbeSettings
from bot.probing.results import ProbeReport, ServerSpec
from bot.state.redis_store import RedisStore
from bot.state.store import Resilient
from tests.redis_server import free_port, redis_binary, run_redis
from tests.test_discovery import ZONE, discoverer, nameserver  # noqa: F401 (a fixture)

pytestmark = pytest.mark.skipif(redis_binary() is None, reason="redis-server is not installed")


@pytest.fixture()
async def shared(tmp_path: Path) -> AsyncIterator[Resilient]:
    with run_redis(tmp_path) as url:
        store = await RedisStore.open(url)
        try:
            yield Resilient(store)
        finally:
            await store.close()


class CountingProber(Prober):
    def __init__(self, settings: ProbeSettings) -> None:
        super().__init__(settings)
        self.probed: list[str] = []

    async def probe_servers(self, specs: Sequence[ServerSpec],  # type: ignore[override]
                            **kwargs: object) -> ProbeReport:
        self.probed.extend(f"{spec.host}:{spec.port}" for spec in specs)
        return ProbeReport(target="")


def replica(kb: KnowledgeBase, dns: tuple[str, int], store: Resilient,
            prober: Prober | None = None) -> Discoverer:
    settings = replace(discoverer(kb, dns).settings, ispdb_base_url="", dns_timeout=0.5,
                       deadline=3.0, probe_guesses=prober is not None)
    probe = prober.settings if prober is not None else ProbeSettings()
    return Discoverer(kb, settings, prober, StoredDiscovery(store, probe))


async def test_a_domain_one_replica_found_is_known_to_the_other(
        kb: KnowledgeBase, nameserver: tuple[str, int],  # noqa: F811
        shared: Resilient) -> None:
    a = replica(kb, nameserver, shared)
    b = replica(kb, ("127.0.0.1", free_port()), shared)  # its DNS server never answers
    found = await a.discover(f"zoho.{ZONE}")
    assert found is not None and found.provider is not None
    started = time.monotonic()
    again = await b.discover(f"zoho.{ZONE}")
    assert time.monotonic() - started < 0.4  # from the store, not a lookup (0.5 s timeout)
    assert again == found
    assert await a.discover(f"nothing.{ZONE}") is None  # "nothing there" is shared too
    assert await b.discover(f"nothing.{ZONE}") is None


async def test_guesses_take_the_users_allowance_once_across_replicas(
        kb: KnowledgeBase, nameserver: tuple[str, int],  # noqa: F811
        shared: Resilient) -> None:
    settings = ProbeSettings(per_user=RateLimit(2, 60.0))
    probers = [CountingProber(settings), CountingProber(settings)]
    replicas = [replica(kb, nameserver, shared, p) for p in probers]
    for i in range(6):  # six unknown domains from one user, alternately to each replica
        await replicas[i % 2].discover(f"nothing{i}.{ZONE}", user="tg:1")
    per_lookup = len(replicas[0].settings.guesses)
    assert sum(len(p.probed) for p in probers) == 2 * per_lookup  # not 2 per replica


def test_a_result_from_another_version_is_looked_up_again(kb: KnowledgeBase) -> None:
    assert decode(encode(None), kb) == (True, None)
    assert decode('{"domain": 1}', kb) == (False, None)
    assert decode("not json", kb) == (False, None)
