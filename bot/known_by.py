"""How sure each server fact is, derived from the provider's sources (knowledge/README.md).

A source states a server when its ``servers`` list names ``host:port`` (an empty list: it
states none, e.g. a page naming a host but no port); a source without that list states the
servers whose host name its ``covers`` text names. A server is then known by
``official`` when an official source states it, ``databases`` when client-database sources
from two or more repositories state it, and ``single`` otherwise (and always when the file
marks it ``unverified``). A server is *verified* when known by ``official`` or
``databases``; answers hedge the rest, each on the one item concerned.
"""

from __future__ import annotations

import re

from bot.models import KnownBy, Server, Source, SourceKind


def states(source: Source, server: Server) -> bool:
    if source.servers is not None:  # an explicit list, even an empty one, is the whole claim
        return f"{server.host}:{server.port}" in source.servers
    return re.search(rf"(?<![\w.-]){re.escape(server.host)}(?![\w-])", source.covers) is not None


def repository(url: str) -> str:
    """Independent databases: github.com/<owner>/<repo>/..., else the site."""
    found = re.match(r"https?://github\.com/([^/]+/[^/]+)", url)
    return found.group(1).lower() if found else re.sub(r"^https?://([^/]+).*", r"\1", url)


def known_by(server: Server, sources: tuple[Source, ...]) -> KnownBy:
    if server.unverified:
        return KnownBy.SINGLE
    stating = [s for s in sources if states(s, server)]
    if any(s.kind is SourceKind.OFFICIAL for s in stating):
        return KnownBy.OFFICIAL
    databases = {repository(s.url) for s in stating if s.kind is SourceKind.CLIENT_DATABASE}
    return KnownBy.DATABASES if len(databases) >= 2 else KnownBy.SINGLE


def verified(server: Server) -> bool:
    """Official, or two independent databases agree (never when the file says unverified)."""
    return not server.unverified and server.known_by is not KnownBy.SINGLE
