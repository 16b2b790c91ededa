"""The IMAP and POP3 dialogues of a probe: greeting, capabilities, STARTTLS/STLS, goodbye.

Only capability commands are sent: never LOGIN, USER/PASS or AUTHENTICATE. What the server
says is read by the parsers in ``replies``; this module only decides what to send next.
"""

from __future__ import annotations

import ssl
import time

from bot.probing.codes import Stage
from bot.probing.conversation import Conversation
from bot.probing.errors import PlaintextInjection, ProbeProtocolError, StartTlsNotOffered
from bot.probing.replies import (
    POP3_END,
    POP3_ERROR,
    POP3_OK,
    QUOTED_CHARS,
    imap_login_methods,
    imap_tagged_ok,
    parse_imap_capabilities,
    parse_imap_greeting,
    parse_pop3_capa,
    parse_pop3_greeting,
    pop3_login_methods,
    pop3_ok,
)
from bot.probing.results import ProbeResult


async def converse_imap(conv: Conversation, result: ProbeResult,
                        starttls: ssl.SSLContext | None, server_name: str) -> None:
    greeting = await conv.read_line()
    result.timings_ms["banner"] = _since(result)
    result.banner = parse_imap_greeting(greeting)
    capabilities = await _imap_capabilities(conv, "m1")
    if starttls is not None:
        result.starttls = "STARTTLS" in capabilities
        result.auth_before_tls = imap_login_methods(capabilities)
        if not result.starttls:
            result.capabilities = capabilities
            raise StartTlsNotOffered("the server does not offer STARTTLS")
        await conv.send("m2 STARTTLS")
        reply = (await conv.read_until("m2 "))[-1]
        if not imap_tagged_ok(reply, "m2"):
            raise ProbeProtocolError(f"STARTTLS refused: {reply[:QUOTED_CHARS]}")
        await _upgrade(conv, result, starttls, server_name)
        capabilities = await _imap_capabilities(conv, "m3")
    result.capabilities = capabilities
    result.auth_methods = imap_login_methods(capabilities)
    result.login_disabled = "LOGINDISABLED" in capabilities
    await _goodbye(conv, "m9 LOGOUT", "m9 ")


async def converse_pop3(conv: Conversation, result: ProbeResult,
                        starttls: ssl.SSLContext | None, server_name: str) -> None:
    greeting = await conv.read_line()
    result.timings_ms["banner"] = _since(result)
    result.banner = parse_pop3_greeting(greeting)
    capabilities = await _pop3_capabilities(conv)
    if starttls is not None:
        result.starttls = "STLS" in capabilities
        result.auth_before_tls = pop3_login_methods(capabilities)
        if not result.starttls:
            result.capabilities = capabilities
            raise StartTlsNotOffered("the server does not offer STLS (STARTTLS)")
        await conv.send("STLS")
        reply = await conv.read_line()
        if not pop3_ok(reply):
            raise ProbeProtocolError(f"STLS refused: {reply[:QUOTED_CHARS]}")
        await _upgrade(conv, result, starttls, server_name)
        capabilities = await _pop3_capabilities(conv)
    result.capabilities = capabilities
    result.auth_methods = pop3_login_methods(capabilities)
    await _goodbye(conv, "QUIT", POP3_OK)


async def _upgrade(conv: Conversation, result: ProbeResult, context: ssl.SSLContext,
                   server_name: str) -> None:
    if await conv.plaintext_after_tls_ok():
        result.plaintext_injection = True
        raise PlaintextInjection("the server sent plaintext after agreeing to STARTTLS")
    result.stage = Stage.STARTTLS
    started = time.perf_counter()
    await conv.start_tls(context, server_name)
    result.timings_ms["tls"] = round((time.perf_counter() - started) * 1000, 1)
    result.stage = Stage.CAPABILITIES


async def _imap_capabilities(conv: Conversation, tag: str) -> list[str]:
    await conv.send(f"{tag} CAPABILITY")
    return parse_imap_capabilities(await conv.read_until(f"{tag} "), tag)


async def _pop3_capabilities(conv: Conversation) -> list[str]:
    await conv.send("CAPA")
    if not pop3_ok(await conv.read_line()):
        return []  # CAPA is optional (RFC 2449); the server simply lists nothing
    return parse_pop3_capa(await conv.read_until(POP3_END))


async def _goodbye(conv: Conversation, command: str, expected: str) -> None:
    try:
        await conv.send(command)
        await conv.read_until(expected, prefix_ok=POP3_ERROR)
    except (ProbeProtocolError, OSError, TimeoutError):
        pass  # a rude goodbye changes nothing about what was found


def _since(result: ProbeResult) -> float:
    """Milliseconds since the current phase began; the dialogue moves on to capabilities."""
    elapsed = round((time.perf_counter() - result.stage_started) * 1000, 1)
    result.stage = Stage.CAPABILITIES
    result.stage_started = time.perf_counter()
    return elapsed
