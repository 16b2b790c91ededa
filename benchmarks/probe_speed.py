"""How fast the probe is against a local aiosmtpd server. Prints figures; asserts nothing.

    python benchmarks/probe_speed.py [--runs N] [--targets N] [--delay SECONDS]

1. One probe (Prober.probe, implicit TLS, certificate described, EHLO) against a bare
   asyncio TLS connect + greeting + EHLO + QUIT on the same server: median of N runs.
   Target (issue 3): within 1.5x.
2. N targets at once against one server, each greeting after --delay seconds to stand for
   a distant server: total time against one probe. Target: within 3x.
The server runs in its own process on 127.0.0.1; nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.models import Protocol, Security  # noqa: E402
from bot.probing.prober import Prober, ProbeSettings  # noqa: E402
from bot.probing.tls_inspect import verifying_context  # noqa: E402

SERVER = r"""
import asyncio, ssl, sys
from aiosmtpd.smtp import SMTP, AuthResult
delay = float(sys.argv[3])

class Slow(SMTP):
    async def _handle_client(self):
        await asyncio.sleep(delay)  # a distant server: the greeting comes late
        await super()._handle_client()

async def main():
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(sys.argv[1], sys.argv[2])
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: Slow(object(), hostname="mail.test", auth_require_tls=False,
                     authenticator=lambda *a: AuthResult(success=False)),
        "127.0.0.1", 0, ssl=context, backlog=1024)
    print(server.sockets[0].getsockname()[1], flush=True)
    await asyncio.sleep(3600)

asyncio.run(main())
"""


def start_server(folder: Path, delay: float) -> tuple[subprocess.Popen[bytes], int, Path]:
    import trustme

    ca = trustme.CA()
    cert = ca.issue_cert("mail.test", "*.mail.test", "127.0.0.1")
    chain, key, ca_file = folder / "chain.pem", folder / "key.pem", folder / "ca.pem"
    chain.write_bytes(b"".join(b.bytes() for b in cert.cert_chain_pems))
    cert.private_key_pem.write_to_path(str(key))
    ca.cert_pem.write_to_path(str(ca_file))
    process = subprocess.Popen([sys.executable, "-c", SERVER, str(chain), str(key), str(delay)],
                               stdout=subprocess.PIPE)
    assert process.stdout is not None
    port = int(process.stdout.readline())
    return process, port, ca_file


async def bare_probe(port: int, context: ssl.SSLContext) -> float:
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=context,
                                                   server_hostname="mail.test")
    await reader.readline()
    writer.write(b"EHLO bench.invalid\r\n")
    while not (await reader.readline()).startswith(b"250 "):
        pass
    writer.write(b"QUIT\r\n")
    await reader.readline()
    elapsed = time.perf_counter() - started
    writer.close()
    return elapsed


def make_prober(ca_file: Path, hosts: int) -> Prober:
    loopback = ipaddress.ip_address("127.0.0.1")

    async def resolve(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        return [loopback]

    settings = ProbeSettings(unrestricted=True, ca_file=ca_file, cooldown=0.0,
                             max_concurrent_connections=max(hosts, 1))
    return Prober(settings, resolver=resolve)


async def one_probe(prober: Prober, host: str, port: int) -> float:
    started = time.perf_counter()
    report = await prober.probe(f"{host}:{port}", protocol=Protocol.SMTP,
                                security=Security.SSL)
    elapsed = time.perf_counter() - started
    assert report.results and report.results[0].ok, report
    return elapsed


async def main(runs: int, targets: int, delay: float) -> None:
    with tempfile.TemporaryDirectory() as folder:
        server, port, ca_file = start_server(Path(folder), 0.0)
        try:
            prober = make_prober(ca_file, 1)
            await one_probe(prober, "mail.test", port)  # warm up
            context = verifying_context(ca_file)  # built once, as the prober does
            await bare_probe(port, context)
            bare = statistics.median([await bare_probe(port, context) for _ in range(runs)])
            ours = statistics.median([await one_probe(prober, "mail.test", port)
                                      for _ in range(runs)])
        finally:
            server.kill()
        print(f"one probe, median of {runs}: mailbot {ours * 1000:.1f} ms, bare asyncio TLS + "
              f"EHLO {bare * 1000:.1f} ms, ratio {ours / bare:.2f}x")

        server, port, ca_file = start_server(Path(folder), delay)
        try:
            prober = make_prober(ca_file, targets)
            single = statistics.median([await one_probe(prober, f"h{i}.mail.test", port)
                                        for i in range(3)])
            started = time.perf_counter()
            await asyncio.gather(*(one_probe(prober, f"t{i}.mail.test", port)
                                   for i in range(targets)))
            total = time.perf_counter() - started
        finally:
            server.kill()
        print(f"{targets} targets at once (server greets after {delay * 1000:.0f} ms): "
              f"{total * 1000:.0f} ms in all, one alone {single * 1000:.0f} ms, "
              f"ratio {total / single:.2f}x")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--targets", type=int, default=200)
    parser.add_argument("--delay", type=float, default=0.2)
    args = parser.parse_args()
    asyncio.run(main(args.runs, args.targets, args.delay))
