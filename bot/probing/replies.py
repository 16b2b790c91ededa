"""What mail servers say, read as values: greetings, EHLO, IMAP CAPABILITY and POP3 CAPA.

Pure functions on strings, apart from the I/O that fetched them (as aiosmtplib keeps
``parse_esmtp_extensions`` apart from its protocol), so they can be tested on hostile
replies directly. The caps on what is read (line length, reply size, number of lines) are
the conversation's job; these functions take whatever got through them. An error quotes at
most ``QUOTED_CHARS`` of what the server said.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aiosmtplib.esmtp import parse_esmtp_extensions

from bot.probing.errors import ProbeProtocolError

QUOTED_CHARS = 120
POP3_OK = "+OK"
POP3_ERROR = "-ERR"
POP3_END = "."


@dataclass(frozen=True, slots=True)
class EhloOffer:
    """What an EHLO reply offers: extension keywords and login methods, upper case."""

    extensions: list[str]
    auth_methods: list[str]

    @property
    def starttls(self) -> bool:
        return "STARTTLS" in self.extensions


def parse_ehlo(message: str) -> EhloOffer:
    """The offer in an EHLO reply's text (its lines without the codes, first the greeting).

    aiosmtplib's own parser reads it (old-style ``AUTH=`` lines too), so what we report is
    what the client that spoke to the server understood.
    """
    extensions, auth_methods = parse_esmtp_extensions(message)
    return EhloOffer([name.upper() for name in extensions],
                     [method.upper() for method in auth_methods])


def parse_imap_greeting(line: str) -> str:
    """The banner of an IMAP server, or ProbeProtocolError for BYE and non-IMAP greetings."""
    if line.startswith("* BYE"):
        raise ProbeProtocolError(f"the server said goodbye at once: {line[:QUOTED_CHARS]}")
    if not line.startswith(("* OK", "* PREAUTH")):
        raise ProbeProtocolError(f"not an IMAP greeting: {line[:QUOTED_CHARS]}")
    return line


def imap_tagged_ok(line: str, tag: str) -> bool:
    """True when ``line`` completes command ``tag`` successfully (RFC 9051 7.1)."""
    return line.startswith(f"{tag} OK")


def parse_imap_capabilities(lines: Sequence[str], tag: str) -> list[str]:
    """The capabilities in the reply to ``<tag> CAPABILITY``, upper case, each once.

    ``lines`` end with the tagged completion; untagged lines other than CAPABILITY are
    ignored, as a client would.
    """
    if not lines or not imap_tagged_ok(lines[-1], tag):
        last = lines[-1] if lines else ""
        raise ProbeProtocolError(f"CAPABILITY failed: {last[:QUOTED_CHARS]}")
    words: list[str] = []
    for line in lines[:-1]:
        if line.upper().startswith("* CAPABILITY "):
            words += line.split()[2:]
    return [word.upper() for word in dict.fromkeys(words)]


def imap_login_methods(capabilities: Sequence[str]) -> list[str]:
    """The SASL mechanisms offered (``AUTH=``), and LOGIN unless LOGINDISABLED forbids it."""
    methods = [c.removeprefix("AUTH=") for c in capabilities if c.startswith("AUTH=")]
    if "LOGINDISABLED" not in capabilities:
        methods.append("LOGIN")
    return methods


def parse_pop3_greeting(line: str) -> str:
    """The banner of a POP3 server, or ProbeProtocolError when it is not ``+OK``."""
    if not pop3_ok(line):
        raise ProbeProtocolError(f"not a POP3 greeting: {line[:QUOTED_CHARS]}")
    return line


def pop3_ok(line: str) -> bool:
    return line.startswith(POP3_OK)


def parse_pop3_capa(lines: Sequence[str]) -> list[str]:
    """The capability lines of a CAPA reply (RFC 2449), upper case.

    ``lines`` are those after the ``+OK``, up to and including the terminating ``.``.
    """
    body = lines[:-1] if lines and lines[-1].startswith(POP3_END) else lines
    return [line.upper() for line in body if line]


def pop3_login_methods(capabilities: Sequence[str]) -> list[str]:
    """The SASL mechanisms listed, and USER when plain USER/PASS is offered."""
    methods = [m for line in capabilities if line.startswith("SASL ") for m in line.split()[1:]]
    if "USER" in capabilities:
        methods.append("USER")
    return methods
