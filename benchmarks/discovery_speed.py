"""Discovery of unknown domains against a local DNS server (dnsmasq). Prints figures.

    python benchmarks/discovery_speed.py [--domains N]

Each domain has MX records pointing at a hosted-mail platform the knowledge base knows;
the figure compares N domains discovered at once with one. Nothing leaves the machine:
dnsmasq answers on 127.0.0.1 with no upstream servers.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.discovery.chain import Discoverer, DiscoverySettings  # noqa: E402
from bot.knowledge_base import load_knowledge  # noqa: E402
from tests.dns_server import run_dnsmasq  # noqa: E402


def main(domains: int) -> None:
    kb = load_knowledge()
    platforms = [p for p in kb.providers.values() if p.mx_patterns]
    hosts = [p.mx_patterns[0].replace("*.", "mx1.") for p in platforms]
    records = [f"mx-host=d{i}.bench.test,{hosts[i % len(hosts)]},10"
               for i in range(domains + 10)]
    with tempfile.TemporaryDirectory() as folder, run_dnsmasq(Path(folder), records) as port:
        settings = DiscoverySettings(nameserver=("127.0.0.1", port), ispdb_base_url="",
                                     probe_guesses=False)

        async def run() -> None:
            single = []
            for i in range(5):
                finder = Discoverer(kb, settings)
                started = time.perf_counter()
                found = await finder.discover(f"d{domains + i}.bench.test")
                single.append(time.perf_counter() - started)
                assert found is not None and found.source == "mx"
            finder = Discoverer(kb, settings)
            started = time.perf_counter()
            results = await asyncio.gather(*(finder.discover(f"d{i}.bench.test")
                                             for i in range(domains)))
            total = time.perf_counter() - started
            assert all(r is not None and r.source == "mx" for r in results)
            one = statistics.median(single)
            print(f"discovery by MX: one domain {one * 1000:.1f} ms (median of 5); {domains} "
                  f"domains at once {total * 1000:.0f} ms in all, ratio {total / one:.1f}x")

        asyncio.run(run())


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--domains", type=int, default=200)
    main(parser.parse_args().domains)
