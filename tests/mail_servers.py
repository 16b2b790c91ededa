"""Real and hostile mail servers on loopback, for the probe tests.

aiosmtpd speaks real SMTP with trustme certificates; the hostile servers are a few lines of
asyncio each. Every server listens on 127.0.0.1 (or 127.0.0.2) on a port the OS picks.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import trustme
from aiosmtpd.smtp import SMTP, AuthResult

from bot.probing.guard import IPAddress

MAIL_NAME = "mail.test"  # the name the probe uses for SNI and the certificate check
OTHER_NAME = "other.test"


@dataclass
class Certificates:
    ca: trustme.CA
    ca_file: Path
    good: ssl.SSLContext
    expired: ssl.SSLContext
    wrong_name: ssl.SSLContext
    good_files: tuple[Path, Path]  # certificate chain, key (for Dovecot)


def make_certificates(folder: Path) -> Certificates:
    ca = trustme.CA()
    ca_file = folder / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))

    def context(cert: trustme.LeafCert) -> ssl.SSLContext:
        server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        cert.configure_cert(server)
        return server

    good = ca.issue_cert(MAIL_NAME, "127.0.0.1", "127.0.0.2")
    now = dt.datetime.now(dt.UTC)
    expired = ca.issue_cert(MAIL_NAME, "127.0.0.1", not_after=now - dt.timedelta(days=3),
                            not_before=now - dt.timedelta(days=30))
    wrong = ca.issue_cert(OTHER_NAME)
    chain, key = folder / "mail-chain.pem", folder / "mail-key.pem"
    chain.write_bytes(b"".join(blob.bytes() for blob in good.cert_chain_pems))
    good.private_key_pem.write_to_path(str(key))
    return Certificates(ca, ca_file, context(good), context(expired), context(wrong),
                        (chain, key))


class RefusingAuthenticator:
    """Advertises AUTH; refuses every login (the probe never tries one anyway)."""

    def __call__(self, *args: object) -> AuthResult:
        return AuthResult(success=False)


class NullHandler:
    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        return "554 no mail here"


@contextlib.asynccontextmanager
async def smtp_server(*, implicit_tls: ssl.SSLContext | None = None,
                      starttls: ssl.SSLContext | None = None,
                      host: str = "127.0.0.1",
                      authenticator: Callable[..., AuthResult] | None = None
                      ) -> AsyncIterator[int]:
    """An aiosmtpd server; yields its port. With ``starttls`` STARTTLS is required and
    AUTH is offered only after it. ``authenticator`` decides logins (default: refuse all)."""
    loop = asyncio.get_running_loop()

    def factory() -> SMTP:
        return SMTP(NullHandler(), hostname=MAIL_NAME, tls_context=starttls,
                    require_starttls=starttls is not None,
                    auth_require_tls=implicit_tls is None,
                    authenticator=authenticator or RefusingAuthenticator(), loop=loop)

    server = await loop.create_server(factory, host, 0, ssl=implicit_tls)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()
        with contextlib.suppress(Exception):
            async with asyncio.timeout(2):
                await server.wait_closed()


Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


@contextlib.asynccontextmanager
async def raw_server(handler: Handler, host: str = "127.0.0.1") -> AsyncIterator[int]:
    """A hand-written (hostile) server; yields its port."""
    connections: set[asyncio.Task[None]] = set()

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        connections.add(task)
        try:
            await handler(reader, writer)
        except (ConnectionError, asyncio.CancelledError, ssl.SSLError):
            pass
        finally:
            connections.discard(task)
            writer.close()

    server = await asyncio.start_server(serve, host, 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()
        for task in list(connections):
            task.cancel()
        with contextlib.suppress(Exception):
            async with asyncio.timeout(2):
                await server.wait_closed()


async def tarpit(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await asyncio.sleep(3600)


async def slow_drip(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    for byte in b"220 mail.test ESMTP this greeting takes forever to arrive\r\n":
        writer.write(bytes([byte]))
        await writer.drain()
        await asyncio.sleep(0.5)


async def endless_line(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    writer.write(b"* OK ")
    while True:
        writer.write(b"A" * 65536)
        await writer.drain()


def endless_reply(greeting: bytes, line: bytes) -> Handler:
    """Greets, then answers the first command with ``line % n`` for ever (n = 1, 2, …)."""
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(greeting)
        await writer.drain()
        await reader.readline()
        number = 0
        while True:
            number += 1
            writer.write(line % number)
            await writer.drain()

    return handle


endless_imap_capabilities = endless_reply(b"* OK ready\r\n", b"* CAPABILITY X-%d\r\n")
endless_smtp_extensions = endless_reply(b"220 mail.test ESMTP\r\n", b"250-X-EXTENSION-%d\r\n")


def imap_with_injection(context: ssl.SSLContext) -> Handler:
    """Agrees to STARTTLS and sends a line of plaintext right behind the go-ahead."""

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready\r\n")
        await writer.drain()
        while line := await reader.readline():
            tag = line.split(b" ", 1)[0]
            if b"STARTTLS" in line.upper():
                writer.write(tag + b" OK begin TLS\r\n* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n")
                await writer.drain()
                await writer.start_tls(context)
            elif b"CAPABILITY" in line.upper():
                writer.write(b"* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED\r\n" + tag
                             + b" OK done\r\n")
                await writer.drain()
            else:
                writer.write(tag + b" BAD\r\n")
                await writer.drain()

    return handler


Resolver = Callable[[str], Awaitable[list[IPAddress]]]


def static_resolver(table: dict[str, list[IPAddress]]) -> Resolver:
    async def resolve(host: str) -> list[IPAddress]:
        if host not in table:
            raise OSError(f"no such host in the test table: {host}")
        return table[host]

    return resolve


class CountingGreeter:
    """An SMTP server's greeting, then goodbye; counts the connections it took."""

    def __init__(self) -> None:
        self.accepted = 0

    async def __call__(self, reader: asyncio.StreamReader,
                       writer: asyncio.StreamWriter) -> None:
        self.accepted += 1
        writer.write(b"220 mail.test ESMTP\r\n")
        await writer.drain()
        writer.close()
