"""Peak memory under two attacks from issue 10, each in a fresh process. Prints figures.

    python benchmarks/memory_under_attack.py [--fetches N] [--probes N] [--old-way]

1. Gzip bomb: N autoconfig fetches at once from a local HTTPS server whose documents are
   ~400 KB of gzipped zeros. mailbot asks for an uncompressed body and refuses a compressed
   one unread; ``--old-way`` reads it as before the fix (httpx inflating each received chunk
   before the 256 KB cap could look at it), to show the figure the issue reported.
2. Probe-cache flood: N probes of distinct names that all lead to one local IMAP server
   listing ~59 KB of capabilities; the results are kept for the cooldown. mailbot trims each
   result and caps the cache by bytes; ``--old-way`` keeps results whole, by count only.

Peak RSS is the kernel's high-water mark (VmHWM) of the scenario's own process, against its
RSS before the attack began; the local servers run in the same process, so their send
buffers count too. Every server listens on 127.0.0.1; nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import ssl
import subprocess
import sys
import time
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import httpx  # noqa: E402
import trustme  # noqa: E402

from bot.discovery import autoconfig  # noqa: E402
from bot.models import Protocol, Security  # noqa: E402
from bot.probing import prober as prober_module  # noqa: E402
from bot.probing.prober import Prober, ProbeSettings  # noqa: E402
from tests.autoconfig_server import autoconfig_server, respond  # noqa: E402


def gzip_bomb(inflated: int) -> bytes:
    """``inflated`` bytes of zeros, gzipped, made without holding them in memory."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: the gzip container
    block = bytes(1 << 20)
    parts = [packer.compress(block) for _ in range(inflated >> 20)]
    return b"".join(parts) + packer.flush()


CAPABILITIES = [f"X-CAP-{i:04d}-{'Z' * 40}" for i in range(1_200)]  # ~59 KB


def memory_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


async def bomb_scenario(fetches: int, old_way: bool) -> None:
    authority = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    names = [f"autoconfig.bomb{i}.test" for i in range(fetches)]
    authority.issue_cert(*names).configure_cert(context)
    client_context = ssl.create_default_context()
    authority.configure_trust(client_context)
    bomb = gzip_bomb(400_000_000)  # ~400 KB on the wire
    route = respond(200, bomb, headers={"Content-Encoding": "gzip"})
    routes = {(name, "/mail/config-v1.1.xml"): route for name in names}

    async def loopback(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        return [ipaddress.ip_address("127.0.0.1")]

    async with autoconfig_server(context, routes) as port, httpx.AsyncClient(
            verify=client_context, timeout=30) as client:
        before = memory_kib("VmRSS")
        started = time.perf_counter()
        if old_way:
            async def one(name: str) -> None:
                # the name must verify: connect to it through httpx's own resolution
                url = f"https://127.0.0.1:{port}/mail/config-v1.1.xml"
                async with client.stream("GET", url, headers={"Host": name},
                                         extensions={"sni_hostname": name}) as response:
                    size = 0
                    async for chunk in response.aiter_bytes():
                        size += len(chunk)
                        if size > autoconfig.MAX_BODY:
                            return
        else:
            async def one(name: str) -> None:
                url = f"https://{name}:{port}/mail/config-v1.1.xml"
                await autoconfig.fetch(client, url, name.removeprefix("autoconfig."), 30.0,
                                       loopback, allow_private=True)
        outcomes = await asyncio.gather(*(one(n) for n in names), return_exceptions=True)
        took = time.perf_counter() - started
    refused = sum(isinstance(o, Exception) for o in outcomes)
    print(f"gzip bomb, {fetches} fetches at once ({len(bomb) // 1024} KB each on the wire, "
          f"{'old way' if old_way else 'mailbot'}): RSS before {before // 1024} MiB, "
          f"peak {memory_kib('VmHWM') // 1024} MiB; {refused} refused; {took:.2f} s")


async def flood_scenario(probes: int, old_way: bool) -> None:
    async def hostile_imap(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        # The capabilities in many untagged lines, each under the probe's line cap.
        lines = [CAPABILITIES[i:i + 70] for i in range(0, len(CAPABILITIES), 70)]
        writer.write(b"* OK flood.test ready\r\n")
        try:
            while line := await reader.readline():
                tag = line.split(b" ", 1)[0]
                if b"CAPABILITY" in line.upper():
                    writer.write(b"".join(b"* CAPABILITY IMAP4rev1 " + " ".join(part).encode()
                                          + b"\r\n" for part in lines))
                writer.write(tag + b" OK done\r\n")
                await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()

    if old_way:  # before the fix: whole results, no byte cap
        prober_module.stored_form = lambda result: result  # type: ignore[assignment]
    server = await asyncio.start_server(hostile_imap, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    names = [f"imap{i}.flood.test" for i in range(probes)]

    async def loopback(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        return [ipaddress.ip_address("127.0.0.1")]

    settings = ProbeSettings(unrestricted=True, cooldown=600.0, deadline=10, step_timeout=5,
                             cache_bytes=10**12 if old_way else ProbeSettings().cache_bytes)
    prober = Prober(settings, resolver=loopback)
    before = memory_kib("VmRSS")
    started = time.perf_counter()
    for start in range(0, probes, 25):
        await asyncio.gather(*(prober.probe(f"{name}:{port}", protocol=Protocol.IMAP,
                                            security=Security.NONE)
                               for name in names[start:start + 25]))
    took = time.perf_counter() - started
    server.close()
    sample = (await prober.probe(f"{names[0]}:{port}", protocol=Protocol.IMAP,
                                 security=Security.NONE)).results[0]
    print("  a stored result:", sample.error_kind or "ok", len(sample.capabilities),
          "capabilities")
    listed = len("".join(CAPABILITIES)) // 1024
    print(f"probe-cache flood, {probes} probes ({listed} KB of capabilities each, "
          f"{'old way' if old_way else 'mailbot'}): RSS before {before // 1024} MiB, "
          f"after {memory_kib('VmRSS') // 1024} MiB, peak {memory_kib('VmHWM') // 1024} MiB; "
          f"cache {prober._cache.bytes // 1024} KiB in {len(prober._cache)} results; {took:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fetches", type=int, default=150)
    parser.add_argument("--probes", type=int, default=300)
    parser.add_argument("--old-way", action="store_true")
    parser.add_argument("--scenario", choices=["bomb", "flood"])
    args = parser.parse_args()
    if args.scenario == "bomb":
        asyncio.run(bomb_scenario(args.fetches, args.old_way))
    elif args.scenario == "flood":
        asyncio.run(flood_scenario(args.probes, args.old_way))
    else:  # each scenario in a process of its own, so that each peak is its own
        for scenario in ("bomb", "flood"):
            extra = ["--old-way"] if args.old_way else []
            subprocess.run([sys.executable, __file__, "--scenario", scenario,
                            "--fetches", str(args.fetches), "--probes", str(args.probes),
                            *extra], check=True, timeout=600)


if __name__ == "__main__":
    main()
