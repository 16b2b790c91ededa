"""A real DNS server for the discovery tests: dnsmasq on 127.0.0.1, a high port, no-resolv.

`.ci/run` installs the Debian package dnsmasq-base; without it the tests that need this skip.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import dns.message
import dns.query

from tests.processes import exited_output, stop

HOST = "127.0.0.1"
START_TIMEOUT = 10.0
START_ATTEMPTS = 3


def dnsmasq_binary() -> str | None:
    return shutil.which("dnsmasq") or (
        "/usr/sbin/dnsmasq" if Path("/usr/sbin/dnsmasq").exists() else None)


def _free_port() -> int:
    """A port free for both UDP and TCP right now (dnsmasq listens on both)."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.bind((HOST, 0))
            port = int(udp.getsockname()[1])
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
                try:
                    tcp.bind((HOST, port))
                except OSError:
                    continue  # taken for TCP: pick another
                return port


@contextlib.contextmanager
def run_dnsmasq(folder: Path, records: list[str]) -> Iterator[int]:
    """dnsmasq with ``records`` (config lines such as ``mx-host=...``); yields its port.
    A port another process takes between choosing and binding it is chosen again."""
    for attempt in range(START_ATTEMPTS):
        try:
            process, port = _start(folder, records)
        except PortTaken:
            if attempt == START_ATTEMPTS - 1:
                raise
            continue
        try:
            yield port
        finally:
            stop(process, grace=5)
        return


class PortTaken(RuntimeError):
    """Another process took the port between choosing and binding it."""


def _start(folder: Path, records: list[str]) -> tuple[subprocess.Popen[bytes], int]:
    binary = dnsmasq_binary()
    assert binary is not None
    port = _free_port()
    config = folder / "dnsmasq.conf"
    config.write_text("\n".join([
        f"port={port}", f"listen-address={HOST}", "bind-interfaces", "no-resolv", "no-hosts",
        "no-poll", "user=root", "group=root", f"pid-file={folder / 'dnsmasq.pid'}",
        *records, ""]))
    process = subprocess.Popen([binary, "--keep-in-foreground", f"--conf-file={config}"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        output = exited_output(process)
        if output is not None:
            if "Address already in use" in output:
                raise PortTaken(output)
            raise RuntimeError(f"dnsmasq exited: {output}")
        with contextlib.suppress(Exception):
            query = dns.message.make_query("ready.invalid", "A")
            dns.query.udp(query, HOST, port=port, timeout=0.3)
            return process, port
        if time.monotonic() > deadline:
            stop(process, grace=5)
            raise TimeoutError("dnsmasq did not answer")
        time.sleep(0.1)
