"""The SMTP dialogue of a probe, through aiosmtplib: greeting, EHLO, STARTTLS, EHLO, QUIT.

Never AUTH, MAIL, RCPT or DATA. aiosmtplib caps replies (32 KiB) and discards plaintext a
server sends between its STARTTLS go-ahead and the handshake (RFC 3207 4.2).
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import time

import aiosmtplib

from bot.models import Security
from bot.probing.codes import Stage
from bot.probing.errors import ProbeProtocolError, StartTlsNotOffered
from bot.probing.replies import parse_ehlo
from bot.probing.results import ProbeResult
from bot.probing.tls_inspect import describe

# The name we greet with: says who we are without leaking this machine's host name.
LOCAL_HOSTNAME = "mailbot.invalid"


async def converse_smtp(sock: socket.socket, result: ProbeResult, server_name: str,
                        context: ssl.SSLContext, step_timeout: float,
                        verify_error: str | None) -> None:
    """Run the dialogue on a connected socket, filling ``result``."""
    implicit = result.security is Security.SSL
    client = aiosmtplib.SMTP(
        hostname=server_name, use_tls=implicit, start_tls=False,
        validate_certs=context.verify_mode != ssl.CERT_NONE, tls_context=context,
        local_hostname=LOCAL_HOSTNAME, timeout=step_timeout, sock=sock,
    )
    started = time.perf_counter()
    try:
        greeting = await client.connect()
        elapsed = round((time.perf_counter() - started) * 1000, 1)
        # Over implicit TLS the handshake and the greeting come in one call.
        result.timings_ms["tls" if implicit else "banner"] = elapsed
        result.banner = f"{greeting.code} {greeting.message}"
        result.stage = Stage.EHLO
        offer = parse_ehlo((await client.ehlo()).message)
        if result.security is Security.STARTTLS:
            result.starttls = offer.starttls
            # Lower case before TLS, as aiosmtplib names them: the JSON has always said so.
            result.auth_before_tls = [method.lower() for method in offer.auth_methods]
            if not result.starttls:
                result.capabilities = offer.extensions
                raise StartTlsNotOffered("the server does not offer STARTTLS")
            result.stage = Stage.STARTTLS
            started = time.perf_counter()
            await client.starttls(tls_context=context,
                                  validate_certs=context.verify_mode != ssl.CERT_NONE)
            result.timings_ms["tls"] = round((time.perf_counter() - started) * 1000, 1)
            offer = parse_ehlo((await client.ehlo()).message)
        result.capabilities = offer.extensions
        result.auth_methods = offer.auth_methods
        tls_object = client.get_transport_info("ssl_object")
        if tls_object is not None:
            result.tls = describe(tls_object, server_name, verified=verify_error is None,
                                  verify_error=verify_error)
    except aiosmtplib.SMTPResponseException as exc:
        # A reply aiosmtplib would not take (too long, malformed, an error code), said in
        # our own terms; timeouts and connection errors pass through as they are.
        said = f"{exc.code} {exc.message}" if exc.code > 0 else exc.message
        raise ProbeProtocolError(f"unexpected reply: {said}") from exc
    finally:
        with contextlib.suppress(Exception):
            await client.quit(timeout=1)
        client.close()
