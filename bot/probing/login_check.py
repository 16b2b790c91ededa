"""Try one real login on one server, for ``mailbot probe --login`` on a person's own machine.

    outcome = await check_login(spec, address, "zhang@163.com", password, session)

Connects to the address the guard checked, speaks the server's TLS mode (implicit TLS, or
STARTTLS before anything else), then authenticates once: SMTP AUTH (aiosmtplib picks the
mechanism), IMAP AUTHENTICATE PLAIN (LOGIN where PLAIN is not offered), POP3 USER/PASS.
The outcome holds what the server said, never the password: it is taken out of every text
the server or an exception returns. This module never logs; nothing here is reachable from
a chat (the Telegram front end has no way to pass a password in).
"""

from __future__ import annotations

import asyncio
import base64
import socket
from dataclasses import dataclass
from enum import StrEnum

import aiosmtplib

from bot.models import Protocol, Security
from bot.probing.conversation import Conversation
from bot.probing.guard import IPAddress
from bot.probing.results import ServerSpec
from bot.probing.session import SessionSettings, classify, open_socket
from bot.probing.smtp_dialogue import LOCAL_HOSTNAME

HIDDEN = "•••"


class LoginStep(StrEnum):
    """How far the check got: where ``said`` comes from."""

    CONNECT = "connect"  # no mail dialogue (refused, timeout, TLS failure)
    NO_STARTTLS = "no-starttls"  # STARTTLS asked for, the server does not offer it
    NO_AUTH = "no-auth"  # the server offers no login at this point
    REFUSED = "refused"  # the server refused the username and password
    ACCEPTED = "accepted"


@dataclass(frozen=True, slots=True)
class LoginOutcome:
    spec: ServerSpec
    step: LoginStep
    said: str  # the server's words (or the failure), the password taken out
    starttls_offered: bool = False  # on a plain connection: would TLS have been possible

    @property
    def ok(self) -> bool:
        return self.step is LoginStep.ACCEPTED


class _Stop(Exception):
    def __init__(self, step: LoginStep, said: str, starttls_offered: bool = False) -> None:
        super().__init__(said)
        self.step, self.said, self.starttls_offered = step, said, starttls_offered


async def check_login(spec: ServerSpec, address: IPAddress, username: str, password: str,
                      session: SessionSettings) -> LoginOutcome:
    try:
        async with asyncio.timeout(session.deadline):
            sock = await open_socket(address, spec.port, session.step_timeout)
            if spec.protocol is Protocol.SMTP:
                said = await _smtp(spec, sock, username, password, session)
            else:
                said = await _line_protocol(spec, sock, username, password, session)
        return LoginOutcome(spec, LoginStep.ACCEPTED, _hide(said, password))
    except _Stop as stop:
        return LoginOutcome(spec, stop.step, _hide(stop.said, password), stop.starttls_offered)
    except TimeoutError:
        return LoginOutcome(spec, LoginStep.CONNECT, f"no answer within {session.deadline:g} s")
    except Exception as exc:  # every failure is an outcome, never a crash
        _, message = classify(exc)
        return LoginOutcome(spec, LoginStep.CONNECT, _hide(message, password))


def _hide(text: str, password: str) -> str:
    """``text`` on one line, cut short, and without the password."""
    text = " ".join(text.split())[:500]
    if password:
        text = text.replace(password, HIDDEN)
    return text


async def _smtp(spec: ServerSpec, sock: socket.socket, username: str, password: str,
                session: SessionSettings) -> str:
    context = session.verifying
    client = aiosmtplib.SMTP(hostname=spec.host, use_tls=spec.security is Security.SSL,
                             start_tls=False, tls_context=context, sock=sock,
                             local_hostname=LOCAL_HOSTNAME, timeout=session.step_timeout)
    try:
        await client.connect()
        await client.ehlo()
        offers_starttls = client.supports_extension("starttls")
        if spec.security is Security.STARTTLS:
            if not offers_starttls:
                raise _Stop(LoginStep.NO_STARTTLS, "the server does not offer STARTTLS")
            await client.starttls(tls_context=context)
            await client.ehlo()
        if not client.supports_extension("auth"):
            raise _Stop(LoginStep.NO_AUTH, "the server offers no AUTH here",
                        starttls_offered=offers_starttls and spec.security is Security.NONE)
        # One mechanism, one try: aiosmtplib's login() would try each the server offers,
        # and every refused try counts towards locking the account.
        methods = client.server_auth_methods
        login = (client.auth_plain if "plain" in methods else
                 client.auth_login if "login" in methods else client.auth_crammd5)
        try:
            reply = await login(username, password)
        except aiosmtplib.SMTPAuthenticationError as exc:
            raise _Stop(LoginStep.REFUSED, f"{exc.code} {exc.message}") from exc
        except aiosmtplib.SMTPException as exc:
            # "no mechanism we share" and the like: the server took no login at all
            raise _Stop(LoginStep.NO_AUTH, str(exc)) from exc
        return f"{reply.code} {reply.message}"
    finally:
        client.close()


async def _line_protocol(spec: ServerSpec, sock: socket.socket, username: str, password: str,
                         session: SessionSettings) -> str:
    implicit = spec.security is Security.SSL
    reader, writer = await asyncio.open_connection(
        sock=sock, ssl=session.verifying if implicit else None,
        server_hostname=spec.host if implicit else None,
        ssl_handshake_timeout=session.step_timeout if implicit else None,
        limit=session.limits.max_line)
    conversation = Conversation(reader, writer, session.limits)
    try:
        if spec.protocol is Protocol.IMAP:
            return await _imap(spec, conversation, username, password, session)
        return await _pop3(spec, conversation, username, password, session)
    finally:
        await conversation.close()


async def _imap(spec: ServerSpec, conv: Conversation, username: str, password: str,
                session: SessionSettings) -> str:
    await conv.read_line()  # * OK greeting
    capabilities = await _imap_capabilities(conv, "c1")
    if spec.security is Security.STARTTLS:
        if "STARTTLS" not in capabilities:
            raise _Stop(LoginStep.NO_STARTTLS, "the server does not offer STARTTLS")
        await conv.send("s1 STARTTLS")
        reply = (await conv.read_until("s1 "))[-1]
        if not reply.upper().startswith("S1 OK"):
            raise _Stop(LoginStep.NO_STARTTLS, reply)
        await conv.start_tls(session.verifying, spec.host)
        capabilities = await _imap_capabilities(conv, "c2")
    if "LOGINDISABLED" in capabilities and "AUTH=PLAIN" not in capabilities:
        raise _Stop(LoginStep.NO_AUTH, "the server says LOGINDISABLED",
                    starttls_offered="STARTTLS" in capabilities)
    if "AUTH=PLAIN" in capabilities:
        await conv.send("a1 AUTHENTICATE PLAIN")
        if (await conv.read_line()).startswith("+"):
            await conv.send(_sasl_plain(username, password))
    else:
        await conv.send(f"a1 LOGIN {_quoted(username)} {_quoted(password)}")
    reply = (await conv.read_until("a1 "))[-1]
    if not reply.upper().startswith("A1 OK"):
        raise _Stop(LoginStep.REFUSED, reply.removeprefix("a1 "))
    await conv.send("z1 LOGOUT")
    return reply.removeprefix("a1 ")


async def _imap_capabilities(conv: Conversation, tag: str) -> set[str]:
    await conv.send(f"{tag} CAPABILITY")
    lines = await conv.read_until(f"{tag} ")
    return {word.upper() for line in lines if line.startswith("* CAPABILITY")
            for word in line.split()[2:]}


async def _pop3(spec: ServerSpec, conv: Conversation, username: str, password: str,
                session: SessionSettings) -> str:
    await conv.read_line()  # +OK greeting
    if spec.security is Security.STARTTLS:
        await conv.send("STLS")
        reply = await conv.read_line()
        if not reply.startswith("+OK"):
            raise _Stop(LoginStep.NO_STARTTLS, reply)
        await conv.start_tls(session.verifying, spec.host)
    await conv.send(f"USER {_one_line(username)}")
    reply = await conv.read_line()
    if reply.startswith("+OK"):
        await conv.send(f"PASS {_one_line(password)}")
        reply = await conv.read_line()
    if not reply.startswith("+OK"):
        raise _Stop(LoginStep.REFUSED, reply)
    await conv.send("QUIT")
    return reply


def _sasl_plain(username: str, password: str) -> str:
    return base64.b64encode(f"\0{username}\0{password}".encode()).decode("ascii")


def _quoted(text: str) -> str:
    return '"' + _one_line(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _one_line(text: str) -> str:
    """Command lines are ASCII with no line breaks: anything else could inject a command."""
    if not text.isascii() or "\r" in text or "\n" in text:
        raise _Stop(LoginStep.NO_AUTH, "this check sends only ASCII names and passwords "
                    "without line breaks over LOGIN/USER")
    return text
