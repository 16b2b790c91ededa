"""Probe results shared by replicas (issue 13): a server one replica probed within the
cooldown is answered from its result by another, through a real redis-server; the results
travel as JSON that reads back to the same result, and anything else is probed again."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.adapters.telegram_ui.stored_probe_results import StoredProbeResults
from bot.models import Protocol, Security, Text
from bot.probing.codes import ErrorKind, FindingCode, Severity, Stage
from bot.probing.prober import Prober, ProbeSettings
from bot.probing.results import Finding, ProbeResult, TlsInfo
from bot.probing.shared_results import decode, encode
from bot.state.store import Resilient
from tests.mail_servers import CountingGreeter, raw_server
from tests.redis_server import redis_binary, run_redis

needs_redis = pytest.mark.skipif(redis_binary() is None,
                                 reason="redis-server is not installed (.ci/run installs it)")


def test_a_result_reads_back_the_same() -> None:
    result = ProbeResult(
        host="smtp.qq.com", port=465, protocol=Protocol.SMTP, security=Security.SSL,
        ip="203.0.113.5", ok=True, banner="220 smtp.qq.com Esmtp QQ Mail Server",
        capabilities=["AUTH LOGIN PLAIN", "SIZE 73400320"], auth_methods=["LOGIN", "PLAIN"],
        tls=TlsInfo(version="TLSv1.3", cipher="TLS_AES_256_GCM_SHA384", cert_valid=True,
                    hostname_match=True, subject="CN=smtp.qq.com", issuer="CN=CA",
                    not_after="2027-01-01T00:00:00+00:00", days_left=28,
                    names=("smtp.qq.com", "*.qq.com")),
        timings_ms={"dns": 1.5, "connect": 20.0},
        diagnosis=[Finding(FindingCode.WORKS, Text("Works.", "可用。"), Severity.OK),
                   Finding(ErrorKind.PROTOCOL, Text("Failed: x", "失败：x"), Severity.ERROR)],
        stage=Stage.EHLO)
    assert decode(encode(result)) == result


@pytest.mark.parametrize("text", ["", "null", "[]", '{"format": 99, "result": {}}',
                                  '{"format": 1, "result": {"host": "x"}}'])
def test_anything_else_is_probed_again(text: str) -> None:
    assert decode(text) is None


@needs_redis
async def test_two_replicas_probe_a_server_once(tmp_path: Path) -> None:
    from bot.state.redis_store import RedisStore

    greeter = CountingGreeter()
    settings = ProbeSettings(unrestricted=True, step_timeout=2, deadline=3)
    with run_redis(tmp_path) as url:
        stores = [await RedisStore.open(url), await RedisStore.open(url)]
        try:
            one, other = Prober(settings), Prober(settings)
            for prober, store in zip((one, other), stores, strict=True):
                prober.shared = StoredProbeResults(Resilient(store))
            async with raw_server(greeter) as port:
                target = f"127.0.0.1:{port}"
                first = await one.probe(target, protocol=Protocol.SMTP,
                                        security=Security.NONE)
                second = await other.probe(target, protocol=Protocol.SMTP,
                                           security=Security.NONE)
        finally:
            for store in stores:
                await store.close()
    assert greeter.accepted == 1  # the other replica used the first one's result
    # the same result, but for when its last stage began (a clock of the other process)
    assert second.results == [replace(r, stage_started=0.0) for r in first.results]


async def test_without_a_shared_store_each_replica_probes() -> None:
    greeter = CountingGreeter()
    settings = ProbeSettings(unrestricted=True, step_timeout=2, deadline=3)
    async with raw_server(greeter) as port:
        for prober in (Prober(settings), Prober(settings)):
            await prober.probe(f"127.0.0.1:{port}", protocol=Protocol.SMTP,
                               security=Security.NONE)
    assert greeter.accepted == 2
