"""The IMAP and POP3 dialogues of a probe: greeting, capabilities, STARTTLS/STLS, goodbye.

Only capability commands are sent: never LOGIN, USER/PASS or AUTHENTICATE.
"""

from __future__ import annotations

import ssl
import time

from bot.probing.conversation import Conversation
from bot.probing.errors import PlaintextInjection, ProbeProtocolError, StartTlsNotOffered
from bot.probing.results import ProbeResult


async def converse_imap(conv: Conversation, result: ProbeResult,
                        starttls: ssl.SSLContext | None, server_name: str) -> None:
    greeting = await conv.read_line()
    result.timings_ms["banner"] = _since(result)
    if greeting.startswith("* BYE"):
        raise ProbeProtocolError(f"the server said goodbye at once: {greeting[:120]}")
    if not greeting.startswith(("* OK", "* PREAUTH")):
        raise ProbeProtocolError(f"not an IMAP greeting: {greeting[:120]}")
    result.banner = greeting
    capabilities = await _imap_capabilities(conv, "m1")
    if starttls is not None:
        result.starttls = "STARTTLS" in capabilities
        result.auth_before_tls = _imap_auth(capabilities)
        if "LOGINDISABLED" not in capabilities:
            result.auth_before_tls.append("LOGIN")
        if not result.starttls:
            result.capabilities = capabilities
            raise StartTlsNotOffered("the server does not offer STARTTLS")
        await conv.send("m2 STARTTLS")
        reply = (await conv.read_until("m2 "))[-1]
        if not reply.startswith("m2 OK"):
            raise ProbeProtocolError(f"STARTTLS refused: {reply[:120]}")
        await _upgrade(conv, result, starttls, server_name)
        capabilities = await _imap_capabilities(conv, "m3")
    result.capabilities = capabilities
    result.auth_methods = _imap_auth(capabilities)
    result.login_disabled = "LOGINDISABLED" in capabilities
    if not result.login_disabled:
        result.auth_methods.append("LOGIN")
    await _goodbye(conv, "m9 LOGOUT", "m9 ")


async def converse_pop3(conv: Conversation, result: ProbeResult,
                        starttls: ssl.SSLContext | None, server_name: str) -> None:
    greeting = await conv.read_line()
    result.timings_ms["banner"] = _since(result)
    if not greeting.startswith("+OK"):
        raise ProbeProtocolError(f"not a POP3 greeting: {greeting[:120]}")
    result.banner = greeting
    capabilities = await _pop3_capabilities(conv)
    if starttls is not None:
        result.starttls = "STLS" in capabilities
        result.auth_before_tls = _pop3_auth(capabilities)
        if not result.starttls:
            result.capabilities = capabilities
            raise StartTlsNotOffered("the server does not offer STLS (STARTTLS)")
        await conv.send("STLS")
        reply = await conv.read_line()
        if not reply.startswith("+OK"):
            raise ProbeProtocolError(f"STLS refused: {reply[:120]}")
        await _upgrade(conv, result, starttls, server_name)
        capabilities = await _pop3_capabilities(conv)
    result.capabilities = capabilities
    result.auth_methods = _pop3_auth(capabilities)
    await _goodbye(conv, "QUIT", "+OK")


async def _upgrade(conv: Conversation, result: ProbeResult, context: ssl.SSLContext,
                   server_name: str) -> None:
    if await conv.plaintext_after_tls_ok():
        result.plaintext_injection = True
        raise PlaintextInjection("the server sent plaintext after agreeing to STARTTLS")
    result.stage = "starttls"
    started = time.perf_counter()
    await conv.start_tls(context, server_name)
    result.timings_ms["tls"] = round((time.perf_counter() - started) * 1000, 1)
    result.stage = "capabilities"


async def _imap_capabilities(conv: Conversation, tag: str) -> list[str]:
    await conv.send(f"{tag} CAPABILITY")
    lines = await conv.read_until(f"{tag} ")
    if not lines[-1].startswith(f"{tag} OK"):
        raise ProbeProtocolError(f"CAPABILITY failed: {lines[-1][:120]}")
    words: list[str] = []
    for line in lines[:-1]:
        if line.upper().startswith("* CAPABILITY "):
            words += line.split()[2:]
    return [w.upper() for w in dict.fromkeys(words)]


async def _pop3_capabilities(conv: Conversation) -> list[str]:
    await conv.send("CAPA")
    first = await conv.read_line()
    if not first.startswith("+OK"):
        return []  # CAPA is optional (RFC 2449); the server simply lists nothing
    lines = await conv.read_until(".")
    return [line.upper() for line in lines[:-1] if line]


def _imap_auth(capabilities: list[str]) -> list[str]:
    return [c.removeprefix("AUTH=") for c in capabilities if c.startswith("AUTH=")]


def _pop3_auth(capabilities: list[str]) -> list[str]:
    methods = [m for line in capabilities if line.startswith("SASL ") for m in line.split()[1:]]
    if "USER" in capabilities:
        methods.append("USER")
    return methods


async def _goodbye(conv: Conversation, command: str, expected: str) -> None:
    try:
        await conv.send(command)
        await conv.read_until(expected, prefix_ok="-ERR")
    except (ProbeProtocolError, OSError, TimeoutError):
        pass  # a rude goodbye changes nothing about what was found


def _since(result: ProbeResult) -> float:
    """Milliseconds since the current phase began; the dialogue moves on to capabilities."""
    elapsed = round((time.perf_counter() - result.stage_started) * 1000, 1)
    result.stage = "capabilities"
    result.stage_started = time.perf_counter()
    return elapsed
