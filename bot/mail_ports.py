"""The standard mail ports and what each one speaks (RFC 8314, RFC 6409, RFC 9051, RFC 1939).

Protocol facts, not provider facts: the same for every server, so they live in code.
"""

from __future__ import annotations

from bot.models import Protocol, Security

WELL_KNOWN_PORTS: dict[int, tuple[Protocol, Security]] = {
    25: (Protocol.SMTP, Security.STARTTLS),  # relay between servers; often blocked for clients
    465: (Protocol.SMTP, Security.SSL),  # submission over implicit TLS (RFC 8314)
    587: (Protocol.SMTP, Security.STARTTLS),  # submission (RFC 6409)
    2525: (Protocol.SMTP, Security.STARTTLS),  # unofficial alternative some services offer
    143: (Protocol.IMAP, Security.STARTTLS),
    993: (Protocol.IMAP, Security.SSL),
    110: (Protocol.POP3, Security.STARTTLS),
    995: (Protocol.POP3, Security.SSL),
}


def protocol_of_port(port: int) -> Protocol | None:
    known = WELL_KNOWN_PORTS.get(port)
    return known[0] if known else None
