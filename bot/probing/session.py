"""Probe one server at one checked address: connect, TLS, dialogue, and what went wrong.

The socket is connected to the address the guard approved (no second name lookup); the
host name is kept for SNI and the certificate check. Verification comes first; when it
fails, a second connection without verification describes the certificate.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import time
from dataclasses import dataclass, field
from pathlib import Path

from bot.models import Protocol, Security
from bot.probing.codes import ErrorKind, Stage
from bot.probing.conversation import Conversation, Limits
from bot.probing.errors import (
    PlaintextInjection,
    ProbeProtocolError,
    StartTlsNotOffered,
    certificate_error,
    exception_chain,
)
from bot.probing.guard import IPAddress
from bot.probing.imap_pop3 import converse_imap, converse_pop3
from bot.probing.results import ProbeResult, ServerSpec
from bot.probing.smtp_dialogue import converse_smtp
from bot.probing.tls_inspect import (
    describe,
    describing_context,
    verify_message,
    verifying_context,
)


@dataclass(frozen=True)
class SessionSettings:
    deadline: float = 15.0  # the whole probe of one server
    step_timeout: float = 6.0  # one connect, handshake or reply
    ca_file: Path | None = None
    limits: Limits = field(default_factory=Limits)
    # Loading the system CA store takes ~20 ms: build the verifying context once.
    verifying: ssl.SSLContext = field(default_factory=verifying_context)

    @classmethod
    def create(cls, deadline: float, step_timeout: float, ca_file: Path | None,
               limits: Limits) -> SessionSettings:
        return cls(deadline, step_timeout, ca_file, limits, verifying_context(ca_file))


async def probe_server(spec: ServerSpec, address: IPAddress, settings: SessionSettings,
                       dns_ms: float | None = None) -> ProbeResult:
    started = time.perf_counter()
    result = _fresh(spec, address, dns_ms)
    try:
        async with asyncio.timeout(settings.deadline):
            try:
                await _attempt(spec, address, settings, result, verify_error=None)
            except Exception as exc:
                if certificate_error(exc) is None:
                    raise
                reason = verify_message(exc)
                result = _fresh(spec, address, dns_ms)
                await _attempt(spec, address, settings, result, verify_error=reason)
                _fail(result, ErrorKind.CERT, reason)
                return result
        result.ok = True
    except TimeoutError:
        elapsed = time.perf_counter() - started
        _fail(result, ErrorKind.timeout_in(result.stage),
              f"no answer after {elapsed:.1f} s (during {result.stage})")
    except Exception as exc:  # every failure becomes part of the report, never a crash
        kind, message = classify(exc)
        if kind is ErrorKind.TIMEOUT:
            kind = ErrorKind.timeout_in(result.stage)
            elapsed = time.perf_counter() - started
            message = f"no answer after {elapsed:.1f} s (during {result.stage})"
        _fail(result, kind, message)
    finally:
        result.timings_ms["total"] = round((time.perf_counter() - started) * 1000, 1)
    return result


async def _attempt(spec: ServerSpec, address: IPAddress, settings: SessionSettings,
                   result: ProbeResult, verify_error: str | None) -> None:
    context = describing_context() if verify_error is not None else settings.verifying
    sock = await _connect(address, spec.port, settings.step_timeout, result)
    _enter(result, Stage.TLS if spec.security is Security.SSL else Stage.BANNER)
    if spec.protocol is Protocol.SMTP:
        await converse_smtp(sock, result, spec.host, context, settings.step_timeout,
                            verify_error)
        return
    implicit = spec.security is Security.SSL
    tls_started = time.perf_counter()
    try:
        reader, writer = await asyncio.open_connection(
            sock=sock, ssl=context if implicit else None,
            server_hostname=spec.host if implicit else None,
            ssl_handshake_timeout=settings.step_timeout if implicit else None,
            limit=settings.limits.max_line)
    except BaseException:
        sock.close()
        raise
    if implicit:
        result.timings_ms["tls"] = round((time.perf_counter() - tls_started) * 1000, 1)
        _enter(result, Stage.BANNER)
    conversation = Conversation(reader, writer, settings.limits)
    converse = converse_imap if spec.protocol is Protocol.IMAP else converse_pop3
    starttls = context if spec.security is Security.STARTTLS else None
    try:
        await converse(conversation, result, starttls, spec.host)
    finally:
        tls_object = writer.get_extra_info("ssl_object")
        if tls_object is not None:
            result.tls = describe(tls_object, spec.host, verified=verify_error is None,
                                  verify_error=verify_error)
        await conversation.close()


async def _connect(address: IPAddress, port: int, timeout: float,
                   result: ProbeResult) -> socket.socket:
    started = time.perf_counter()
    _enter(result, Stage.CONNECT)
    sock = await open_socket(address, port, timeout)
    result.timings_ms["connect"] = round((time.perf_counter() - started) * 1000, 1)
    return sock


async def open_socket(address: IPAddress, port: int, timeout: float) -> socket.socket:
    """A TCP connection to the checked ``address`` (never a name: the guard checked it)."""
    family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setblocking(False)
    try:
        async with asyncio.timeout(timeout):
            await asyncio.get_running_loop().sock_connect(sock, (str(address), port))
    except BaseException:
        sock.close()
        raise
    return sock


def classify(exc: BaseException) -> tuple[ErrorKind, str]:
    """A failure as (kind, message): the kinds the diagnosis speaks about."""
    text = str(exc) or type(exc).__name__
    chain = exception_chain(exc)
    if any(isinstance(e, PlaintextInjection) for e in chain):
        return ErrorKind.PLAINTEXT_INJECTION, text
    if any(isinstance(e, StartTlsNotOffered) for e in chain):
        return ErrorKind.NO_STARTTLS, text
    if any(isinstance(e, ConnectionRefusedError) for e in chain):
        return ErrorKind.REFUSED, "connection refused: nothing listens on this port"
    if any(isinstance(e, TimeoutError) for e in chain):
        return ErrorKind.TIMEOUT, text
    for error in chain:
        if isinstance(error, ssl.SSLError):
            reason = error.reason or error.strerror or str(error)
            return ErrorKind.TLS, str(reason)
    if any(isinstance(e, ConnectionResetError | BrokenPipeError | EOFError) for e in chain):
        return ErrorKind.CLOSED, "the server closed the connection"
    if any(isinstance(e, ProbeProtocolError) for e in chain):
        return ErrorKind.PROTOCOL, text
    if any(isinstance(e, OSError) for e in chain):
        return ErrorKind.NETWORK, text
    return ErrorKind.PROTOCOL, text


def _enter(result: ProbeResult, stage: Stage) -> None:
    result.stage = stage
    result.stage_started = time.perf_counter()


def _fresh(spec: ServerSpec, address: IPAddress, dns_ms: float | None) -> ProbeResult:
    result = ProbeResult(host=spec.host, port=spec.port, protocol=spec.protocol,
                         security=spec.security, ip=str(address))
    if dns_ms is not None:
        result.timings_ms["dns"] = dns_ms
    return result


def _fail(result: ProbeResult, kind: ErrorKind, message: str) -> None:
    result.ok = False
    result.error_kind = kind
    result.error = message

