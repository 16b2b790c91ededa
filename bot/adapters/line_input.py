"""Questions from a pipe, one per line, and whether more are already waiting.

``mailbot ask --json -`` must flush each answer as soon as it is written, so a script that
sends a question and waits for its answer is never stuck. Flushing costs a system call per
answer, though; when further questions are already buffered nobody is waiting, so the flush
can wait for the end of the batch.
"""

from __future__ import annotations

import os
import select
from collections.abc import Iterator

CHUNK = 1 << 16


def lines_with_backlog(fd: int) -> Iterator[tuple[str, bool]]:
    """Yield (line, more_waiting) for each line read from the file descriptor ``fd``."""
    pending = b""
    while True:
        newline = pending.find(b"\n")
        if newline < 0:
            chunk = os.read(fd, CHUNK)
            if not chunk:
                if pending:
                    yield _decode(pending), False
                return
            pending += chunk
            continue
        line, pending = pending[:newline], pending[newline + 1:]
        yield _decode(line), b"\n" in pending or _readable(fd)


def _readable(fd: int) -> bool:
    try:
        ready, _, _ = select.select([fd], [], [], 0)
    except (OSError, ValueError):  # not selectable (e.g. a file on some platforms)
        return False
    return bool(ready)


def _decode(raw: bytes) -> str:
    return raw.decode("utf-8", "replace").rstrip("\r")
