"""The order servers are shown in: decided here only, for known and discovered providers.

What was asked comes first (protocols in the order asked, then the port and the TLS mode
asked for); the rest by protocol, so that the servers of one protocol stay together: the
incoming protocol to use (IMAP; POP3 where there is no IMAP), then SMTP, then POP3 as the
alternative. Within a protocol, the order the knowledge file (or the discovery source)
lists them in, which is the provider's preference.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.models import Protocol, Security, Server

PROTOCOL_ORDER: tuple[Protocol, ...] = (Protocol.IMAP, Protocol.SMTP, Protocol.POP3)
WITHOUT_IMAP: tuple[Protocol, ...] = (Protocol.POP3, Protocol.SMTP)


def order_servers(servers: Iterable[Server], *, protocols: Sequence[Protocol] = (),
                  ports: Sequence[int] = (),
                  security: Security | None = None) -> tuple[Server, ...]:
    servers = list(servers)
    asked = list(dict.fromkeys(protocols))
    usual = (PROTOCOL_ORDER if any(s.protocol is Protocol.IMAP for s in servers)
             else WITHOUT_IMAP)
    rest = [p for p in usual if p not in asked]
    rank_of = {protocol: rank for rank, protocol in enumerate([*asked, *rest])}

    def rank(indexed: tuple[int, Server]) -> tuple[int, int, int, int]:
        index, server = indexed
        return (rank_of.get(server.protocol, len(rank_of)),
                0 if server.port in ports else 1,
                0 if security in (None, server.security) else 1,
                index)

    return tuple(server for _, server in sorted(enumerate(servers), key=rank))
