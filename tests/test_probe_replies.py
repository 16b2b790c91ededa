"""The reply parsers on strings: real replies, and hostile ones (overlong, control
characters, thousands of capabilities, missing codes and tags)."""

from __future__ import annotations

import pytest

from bot.probing.errors import ProbeProtocolError
from bot.probing.replies import (
    QUOTED_CHARS,
    imap_login_methods,
    imap_tagged_ok,
    parse_ehlo,
    parse_imap_capabilities,
    parse_imap_greeting,
    parse_pop3_capa,
    parse_pop3_greeting,
    pop3_login_methods,
)

# What aiosmtplib hands over: the reply lines without their codes, the greeting line first.
POSTFIX_EHLO = "smtp.qq.com\nPIPELINING\nSIZE 73400320\nSTARTTLS\nAUTH LOGIN PLAIN XOAUTH2\n" \
               "AUTH=LOGIN PLAIN\n8BITMIME"
DOVECOT_CAPABILITY = ["* CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE "
                      "LITERAL+ STARTTLS LOGINDISABLED AUTH=PLAIN",
                      "m1 OK Pre-login capabilities listed, post-login capabilities have more."]


def test_ehlo_of_a_real_server() -> None:
    offer = parse_ehlo(POSTFIX_EHLO)
    assert offer.extensions == ["PIPELINING", "SIZE", "STARTTLS", "AUTH", "8BITMIME"]
    assert offer.starttls
    # Old-style AUTH= lines repeat the methods, as some servers send both.
    assert offer.auth_methods == ["LOGIN", "PLAIN", "XOAUTH2", "LOGIN", "PLAIN"]


@pytest.mark.parametrize(("message", "extensions", "methods"), [
    ("mail.example", [], []),  # the greeting line only: nothing offered
    ("", [], []),
    ("mail.example\nauth", ["AUTH"], []),  # AUTH without methods
    ("mail.example\n\n\n  \nstarttls  ", ["STARTTLS"], []),  # blank lines, stray spaces
    ("mail.example\nX\x00\x1b[31m EVIL", ["X\x00\x1b[31M"], []),  # control characters kept
])
def test_ehlo_odd_and_hostile(message: str, extensions: list[str], methods: list[str]) -> None:
    offer = parse_ehlo(message)
    assert (offer.extensions, offer.auth_methods) == (extensions, methods)
    assert offer.starttls is ("STARTTLS" in extensions)


def test_ehlo_with_thousands_of_extensions() -> None:
    message = "mail.example\n" + "\n".join(f"X-EXT{i}" for i in range(5000)) + "\nSTARTTLS"
    offer = parse_ehlo(message)
    assert len(offer.extensions) == 5001 and offer.starttls


def test_ehlo_starttls_must_be_a_keyword_not_a_parameter() -> None:
    assert not parse_ehlo("mail.example\nX-NOTE STARTTLS\nSIZE 10").starttls


@pytest.mark.parametrize("greeting", ["* OK [CAPABILITY IMAP4rev1] Dovecot ready.",
                                      "* PREAUTH IMAP4rev1 server logged in as Smith"])
def test_imap_greetings(greeting: str) -> None:
    assert parse_imap_greeting(greeting) == greeting


@pytest.mark.parametrize(("greeting", "said"), [
    ("* BYE Too many connections", "the server said goodbye at once"),
    ("220 smtp.example ESMTP", "not an IMAP greeting"),  # an SMTP server on an IMAP port
    ("+OK POP3 ready", "not an IMAP greeting"),
    ("", "not an IMAP greeting"),
    ("* ok lower case", "not an IMAP greeting"),
])
def test_imap_non_greetings(greeting: str, said: str) -> None:
    with pytest.raises(ProbeProtocolError, match=said):
        parse_imap_greeting(greeting)


def test_an_overlong_greeting_is_quoted_short() -> None:
    with pytest.raises(ProbeProtocolError) as raised:
        parse_imap_greeting("X" * 100_000)
    assert len(str(raised.value)) < QUOTED_CHARS + 40


def test_imap_capabilities_of_dovecot() -> None:
    capabilities = parse_imap_capabilities(DOVECOT_CAPABILITY, "m1")
    assert capabilities[:2] == ["IMAP4REV1", "SASL-IR"]
    assert "STARTTLS" in capabilities and "AUTH=PLAIN" in capabilities
    assert imap_login_methods(capabilities) == ["PLAIN"]  # LOGINDISABLED: no LOGIN


def test_imap_capabilities_over_several_lines_are_merged_once() -> None:
    lines = ["* CAPABILITY IMAP4rev1 auth=plain", "* OK [ALERT] hello",
             "* capability IMAP4rev1 IDLE", "m3 OK done"]
    assert parse_imap_capabilities(lines, "m3") == ["IMAP4REV1", "AUTH=PLAIN", "IDLE"]
    assert imap_login_methods(["IMAP4REV1", "AUTH=PLAIN"]) == ["PLAIN", "LOGIN"]


def test_thousands_of_imap_capabilities() -> None:
    line = "* CAPABILITY " + " ".join(f"X{i}" for i in range(10_000)) + " X1 X2"
    capabilities = parse_imap_capabilities([line, "t OK"], "t")
    assert len(capabilities) == 10_000  # each once


@pytest.mark.parametrize("lines", [
    ["* CAPABILITY IMAP4rev1", "m1 NO not now"],
    ["* CAPABILITY IMAP4rev1", "m1 BAD what?"],
    ["* CAPABILITY IMAP4rev1", "m2 OK wrong tag"],  # another command's completion
    ["* CAPABILITY IMAP4rev1"],  # no tagged completion at all
    [],
])
def test_imap_capabilities_without_their_tagged_ok(lines: list[str]) -> None:
    with pytest.raises(ProbeProtocolError, match="CAPABILITY failed"):
        parse_imap_capabilities(lines, "m1")


def test_imap_tagged_ok() -> None:
    assert imap_tagged_ok("m2 OK Begin TLS negotiation now.", "m2")
    assert not imap_tagged_ok("m2 NO TLS not available", "m2")
    assert not imap_tagged_ok("m22 OK", "m2 ")  # tags are whole words: "m2 " as sent


def test_pop3_greetings() -> None:
    assert parse_pop3_greeting("+OK Dovecot ready.") == "+OK Dovecot ready."
    for greeting in ("-ERR go away", "* OK IMAP", "", "+ok lower case"):
        with pytest.raises(ProbeProtocolError, match="not a POP3 greeting"):
            parse_pop3_greeting(greeting)


def test_pop3_capa_of_dovecot() -> None:
    capabilities = parse_pop3_capa(["CAPA", "TOP", "UIDL", "RESP-CODES", "PIPELINING",
                                    "AUTH-RESP-CODE", "STLS", "USER", "SASL PLAIN LOGIN", "."])
    assert "STLS" in capabilities and capabilities[-1] == "SASL PLAIN LOGIN"
    assert pop3_login_methods(capabilities) == ["PLAIN", "LOGIN", "USER"]


@pytest.mark.parametrize(("lines", "expected"), [
    (["."], []),  # nothing listed
    ([], []),
    (["top", "", "sasl plain", "."], ["TOP", "SASL PLAIN"]),  # blank lines dropped
    (["STLS", "USER"], ["STLS", "USER"]),  # no terminator (cut short): what came is kept
    (["X\x07\x00BELL", "."], ["X\x07\x00BELL"]),
])
def test_pop3_capa_odd_and_hostile(lines: list[str], expected: list[str]) -> None:
    assert parse_pop3_capa(lines) == expected


def test_thousands_of_pop3_capabilities() -> None:
    lines = [f"X-{i}" for i in range(5000)] + ["SASL " + " ".join(["PLAIN"] * 3000), "."]
    capabilities = parse_pop3_capa(lines)
    assert len(capabilities) == 5001
    assert pop3_login_methods(capabilities) == ["PLAIN"] * 3000


def test_pop3_login_methods_without_user_or_sasl() -> None:
    assert pop3_login_methods(["TOP", "UIDL", "SASL"]) == []
