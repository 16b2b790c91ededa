"""A small HTTPS server on 127.0.0.1 serving autoconfig documents, good and hostile.

Routes by the Host header and path; a handler returns (status, headers, body) or streams.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable

Route = Callable[[asyncio.StreamWriter], Awaitable[None]]


def client_config(imap_host: str, smtp_host: str, name: str = "Example Mail") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="example">
    <domain>example</domain>
    <displayName>{name}</displayName>
    <incomingServer type="imap">
      <hostname>{imap_host}</hostname><port>993</port><socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication>
    </incomingServer>
    <incomingServer type="exchange"><hostname>ews.example</hostname></incomingServer>
    <outgoingServer type="smtp">
      <hostname>{smtp_host}</hostname><port>587</port><socketType>STARTTLS</socketType>
      <username>%EMAILLOCALPART%</username>
    </outgoingServer>
  </emailProvider>
</clientConfig>""".encode()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>
<clientConfig version="1.1"><emailProvider id="x"><displayName>&lol2;</displayName>
</emailProvider></clientConfig>"""


def respond(status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> Route:
    async def route(writer: asyncio.StreamWriter) -> None:
        lines = [f"HTTP/1.1 {status} X", f"Content-Length: {len(body)}", "Connection: close",
                 *(f"{k}: {v}" for k, v in (headers or {}).items())]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await writer.drain()

    return route


def huge(size: int) -> Route:
    async def route(writer: asyncio.StreamWriter) -> None:
        writer.write(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n<clientConfig>")
        sent = 0
        while sent < size:
            writer.write(b"<x/>" * 4096)
            sent += 4 * 4096
            await writer.drain()

    return route


async def never(writer: asyncio.StreamWriter) -> None:
    await asyncio.sleep(3600)


@contextlib.asynccontextmanager
async def autoconfig_server(context: ssl.SSLContext,
                            routes: dict[tuple[str, str], Route]) -> AsyncIterator[int]:
    """Serve ``routes`` keyed by (host without port, path without query); yields the port."""
    requests: list[tuple[str, str]] = []
    tasks: set[asyncio.Task[None]] = set()

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        tasks.add(task)
        try:
            request_line = (await reader.readline()).decode()
            headers: dict[str, str] = {}
            while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
                key, _, value = line.decode().partition(":")
                headers[key.strip().lower()] = value.strip()
            path = request_line.split()[1].split("?")[0] if request_line else "/"
            host = headers.get("host", "").rsplit(":", 1)[0]
            requests.append((host, path))
            await routes.get((host, path), respond(404))(writer)
        except (ConnectionError, ssl.SSLError, asyncio.CancelledError):
            pass
        finally:
            tasks.discard(task)
            writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0, ssl=context)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()
        for task in list(tasks):
            task.cancel()
        with contextlib.suppress(Exception):
            async with asyncio.timeout(2):
                await server.wait_closed()
