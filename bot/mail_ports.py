"""The standard mail ports and what each one speaks (RFC 8314, RFC 6409, RFC 9051, RFC 1939).

Protocol facts, not provider facts: the same for every server, so they live in code. Every
other list of mail ports in mailbot is derived from this table.
"""

from __future__ import annotations

from bot.models import Protocol, Security

SMTP_RELAY_PORT = 25  # relay between servers; often blocked for clients
SUBMISSIONS_PORT = 465  # submission over implicit TLS (RFC 8314)
SUBMISSION_PORT = 587  # submission (RFC 6409)
SMTP_ALTERNATIVE_PORT = 2525  # unofficial alternative some services offer
IMAP_PORT = 143
IMAPS_PORT = 993
POP3_PORT = 110
POP3S_PORT = 995

WELL_KNOWN_PORTS: dict[int, tuple[Protocol, Security]] = {
    SMTP_RELAY_PORT: (Protocol.SMTP, Security.STARTTLS),
    SUBMISSIONS_PORT: (Protocol.SMTP, Security.SSL),
    SUBMISSION_PORT: (Protocol.SMTP, Security.STARTTLS),
    SMTP_ALTERNATIVE_PORT: (Protocol.SMTP, Security.STARTTLS),
    IMAP_PORT: (Protocol.IMAP, Security.STARTTLS),
    IMAPS_PORT: (Protocol.IMAP, Security.SSL),
    POP3_PORT: (Protocol.POP3, Security.STARTTLS),
    POP3S_PORT: (Protocol.POP3, Security.SSL),
}

MAIL_PORTS = frozenset(WELL_KNOWN_PORTS)
# Where a mail client submits mail (not the relay port, not the unofficial one).
SUBMISSION_PORTS = (SUBMISSIONS_PORT, SUBMISSION_PORT)
# The ports a mail client would try for a host nobody knows (Thunderbird's guesser does the
# same): submission over TLS and STARTTLS, IMAP and POP3 over TLS.
CLIENT_GUESS_PORTS = (*SUBMISSION_PORTS, *(port for port, (protocol, security)
                                           in WELL_KNOWN_PORTS.items()
                                           if protocol is not Protocol.SMTP
                                           and security is Security.SSL))


def protocol_of_port(port: int) -> Protocol | None:
    known = WELL_KNOWN_PORTS.get(port)
    return known[0] if known else None


def standard_security(port: int) -> Security | None:
    """How the standard says to speak on ``port`` (None: not a mail port)."""
    known = WELL_KNOWN_PORTS.get(port)
    return known[1] if known else None
