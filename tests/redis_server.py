"""A real redis-server on 127.0.0.1 for the state-store tests (`.ci/run` installs the Debian
package redis-server; without it the tests that need it skip)."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

from tests.processes import exited_output, stop

START_TIMEOUT = 10.0


def redis_binary() -> str | None:
    return shutil.which("redis-server") or (
        "/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists() else None)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def run_redis(folder: Path, port: int | None = None) -> Iterator[str]:
    """A redis-server that keeps nothing on disk (on ``port``, or a free one); yields its
    ``redis://`` URL."""
    binary = redis_binary()
    assert binary is not None
    port = port or free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(folder), "--protected-mode", "yes"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + START_TIMEOUT
    try:
        while True:
            with contextlib.suppress(OSError), socket.create_connection(
                    ("127.0.0.1", port), timeout=0.5) as connection:
                connection.sendall(b"PING\r\n")
                if connection.recv(16).startswith(b"+PONG"):
                    break
            if exited_output(process) is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start: {exited_output(process)}")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(process)
