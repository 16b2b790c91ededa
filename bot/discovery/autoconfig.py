"""Mozilla autoconfig (clientConfig v1.1): fetch over HTTPS with caps, parse safely.

The domain comes from a stranger, so fetching is guarded like the probe: every host (the
first and each redirect) is resolved once through discovery's own resolver, every address
must be public (unless the caller allows private ones), and the connection goes to the
checked address with the name kept for SNI, the certificate and the Host header. Bodies are
read up to a size cap and parsed by bot.discovery.client_config (defusedxml: no DTDs, no
entities, no external references). Only IMAP, POP3 and SMTP servers are kept.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from bot.discovery.client_config import MAX_DOCUMENT, ClientConfigError, parse_client_config
from bot.models import Server
from bot.probing.guard import IPAddress, why_not_public

MAX_BODY = MAX_DOCUMENT  # read no more than the parser would accept
MAX_REDIRECTS = 3


class AutoconfigError(Exception):
    """The document could not be fetched or is not a usable clientConfig."""


@dataclass(frozen=True)
class AutoconfigDocument:
    url: str
    servers: tuple[Server, ...]
    display_name: str | None


Resolve = Callable[[str], Awaitable[list[IPAddress]]]


async def fetch(client: httpx.AsyncClient, url: str, domain: str, timeout: float,
                resolve: Resolve, allow_private: bool = False) -> AutoconfigDocument:
    """GET ``url`` (HTTPS only, a few redirects, at most MAX_BODY bytes) and parse it."""
    try:
        async with asyncio.timeout(timeout):
            for _ in range(MAX_REDIRECTS + 1):
                body, redirect = await _get(client, url, resolve, allow_private)
                if redirect is None:
                    return document(url, body, domain)
                target = urljoin(url, redirect)
                if urlsplit(target).port not in (None, 443, urlsplit(url).port):
                    # a document elsewhere is on HTTPS's own port, never on 6379 or 25
                    raise AutoconfigError(f"refused: a redirect to another port ({target})")
                url = target
    except TimeoutError as exc:
        raise AutoconfigError(f"no answer within {timeout:g} s") from exc
    except (httpx.HTTPError, ssl.SSLError, OSError) as exc:
        raise AutoconfigError(f"{type(exc).__name__}: {exc}") from exc
    raise AutoconfigError(f"more than {MAX_REDIRECTS} redirects")


async def _get(client: httpx.AsyncClient, url: str, resolve: Resolve,
               allow_private: bool) -> tuple[bytes, str | None]:
    """One request to the checked address; returns (body, None) or (b"", redirect target)."""
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise AutoconfigError(f"not an HTTPS URL: {url}")
    host = parts.hostname
    addresses = await resolve(host)
    if not addresses:
        raise AutoconfigError(f"{host} has no address")
    if not allow_private:
        for address in addresses:
            reason = why_not_public(address)
            if reason is not None:
                raise AutoconfigError(f"refused: {reason}")
    literal = f"[{addresses[0]}]" if addresses[0].version == 6 else str(addresses[0])
    port = f":{parts.port}" if parts.port else ""
    target = urlunsplit(("https", literal + port, parts.path or "/", parts.query, ""))
    # Uncompressed only: httpx inflates a whole received chunk before the size check can
    # see it, so 400 KB of gzipped zeros would become hundreds of megabytes in memory.
    headers = {"Host": host + port, "Accept-Encoding": "identity"}
    async with client.stream("GET", target, headers=headers,
                             extensions={"sni_hostname": host}) as response:
        if response.status_code in (301, 302, 303, 307, 308):
            return b"", response.headers.get("location", "")
        if response.status_code != 200:
            raise AutoconfigError(f"HTTP {response.status_code}")
        encoding = response.headers.get("content-encoding", "identity").strip().casefold()
        if encoding not in ("", "identity"):
            raise AutoconfigError(f"refused: a compressed body ({encoding})")
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > MAX_BODY:
                raise AutoconfigError(f"larger than {MAX_BODY} bytes")
            chunks.append(chunk)
    return b"".join(chunks), None


def document(url: str, body: bytes, domain: str) -> AutoconfigDocument:
    """The servers ``body`` names for an address at ``domain``; AutoconfigError if none."""
    try:
        config = parse_client_config(body)
    except ClientConfigError as exc:
        raise AutoconfigError(str(exc)) from exc
    servers = config.servers_for(domain)
    if not servers:
        raise AutoconfigError("no IMAP, POP3 or SMTP server in the document")
    return AutoconfigDocument(url, servers, config.display_name)
