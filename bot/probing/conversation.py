"""A bounded line-based conversation over asyncio streams, for the IMAP and POP3 probes.

Every read has a timeout, a line-length cap and a total-size cap, so a hostile server (a
tarpit, a slow drip, an endless line, endless capabilities) costs at most the probe's
deadline and a few kilobytes.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from dataclasses import dataclass

from bot.probing.errors import ReplyTooLarge, ServerClosed

MAX_LINE = 4096
MAX_REPLY_BYTES = 64 * 1024
MAX_REPLY_LINES = 300
# After a STARTTLS "go ahead", anything already buffered was sent in plaintext and would be
# read as if it came over TLS (the CVE-2011-0411 class of bug): look for it this long.
INJECTION_GRACE = 0.05


@dataclass
class Limits:
    step_timeout: float = 5.0
    max_line: int = MAX_LINE
    max_reply_bytes: int = MAX_REPLY_BYTES
    max_reply_lines: int = MAX_REPLY_LINES


class Conversation:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                 limits: Limits) -> None:
        self.reader = reader
        self.writer = writer
        self.limits = limits
        self.received = 0

    async def read_line(self) -> str:
        try:
            async with asyncio.timeout(self.limits.step_timeout):
                raw = await self.reader.readuntil(b"\n")
        except asyncio.LimitOverrunError as exc:
            raise ReplyTooLarge(f"line longer than {self.limits.max_line} bytes") from exc
        except asyncio.IncompleteReadError as exc:
            raise ServerClosed("the server closed the connection") from exc
        except ValueError as exc:  # the stream's own limit, reported as ValueError
            raise ReplyTooLarge(f"line longer than {self.limits.max_line} bytes") from exc
        self.received += len(raw)
        if len(raw) > self.limits.max_line:
            raise ReplyTooLarge(f"line longer than {self.limits.max_line} bytes")
        if self.received > self.limits.max_reply_bytes:
            raise ReplyTooLarge(f"more than {self.limits.max_reply_bytes} bytes in replies")
        return raw.decode("utf-8", "replace").rstrip("\r\n")

    async def read_until(self, done: str, *, prefix_ok: str | None = None) -> list[str]:
        """Read lines until one starts with ``done``; returns all lines, the last included."""
        lines: list[str] = []
        while True:
            line = await self.read_line()
            lines.append(line)
            if line.startswith(done) or (prefix_ok is not None and line.startswith(prefix_ok)):
                return lines
            if len(lines) >= self.limits.max_reply_lines:
                raise ReplyTooLarge(f"more than {self.limits.max_reply_lines} reply lines")

    async def send(self, line: str) -> None:
        self.writer.write(line.encode("ascii") + b"\r\n")
        async with asyncio.timeout(self.limits.step_timeout):
            await self.writer.drain()

    async def plaintext_after_tls_ok(self) -> bool:
        """True when the server sent more bytes right after its STARTTLS go-ahead."""
        try:
            async with asyncio.timeout(INJECTION_GRACE):
                data = await self.reader.read(1)
        except TimeoutError:
            return False
        return bool(data)

    async def start_tls(self, context: ssl.SSLContext, server_hostname: str) -> None:
        async with asyncio.timeout(self.limits.step_timeout):
            await self.writer.start_tls(context, server_hostname=server_hostname)

    async def close(self) -> None:
        self.writer.close()
        with contextlib.suppress(Exception):
            async with asyncio.timeout(1):
                await self.writer.wait_closed()
