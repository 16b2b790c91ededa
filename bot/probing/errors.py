"""What can go wrong in a probe dialogue, as one hierarchy:

    ProbeProtocolError          the server said something a mail server would not say
    ├── ReplyTooLarge           a line or a reply went past the caps
    ├── ServerClosed            the server closed the connection mid-conversation
    ├── StartTlsNotOffered      STARTTLS/STLS was asked for and is not offered
    └── PlaintextInjection      bytes followed the STARTTLS go-ahead before TLS began

Connection, timeout and TLS errors stay the builtin ones (OSError, TimeoutError, ssl.SSLError).
"""

from __future__ import annotations

import ssl


class ProbeProtocolError(Exception):
    """The server said something a mail server of this protocol would not say."""


class ReplyTooLarge(ProbeProtocolError):
    """A line or a reply went past the caps."""


class ServerClosed(ProbeProtocolError):
    """The server closed the connection mid-conversation."""


class StartTlsNotOffered(ProbeProtocolError):
    """STARTTLS (or POP3's STLS) was asked for and the server does not offer it."""


class PlaintextInjection(ProbeProtocolError):
    """The server sent more bytes after agreeing to STARTTLS, before the handshake."""


def exception_chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and its causes (aiosmtplib wraps the SSL errors it meets)."""
    found: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and all(current is not seen for seen in found):
        found.append(current)
        current = current.__cause__ or current.__context__
    return found


def certificate_error(exc: BaseException) -> ssl.SSLCertVerificationError | None:
    return next((e for e in exception_chain(exc)
                 if isinstance(e, ssl.SSLCertVerificationError)), None)
