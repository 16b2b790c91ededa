"""The one clientConfig parser (autoconfig and ISPDB), tested on documents given as strings."""

from __future__ import annotations

import time

import pytest

from bot.discovery.autoconfig import AutoconfigError, document
from bot.discovery.client_config import (
    MAX_DOCUMENT,
    ClientConfigError,
    parse_client_config,
)
from bot.models import LoginMethod, Protocol, Security, UsernameForm
from tests.autoconfig_server import BILLION_LAUGHS, client_config


def provider(*servers: str, head: str = "<domain>example.test</domain>") -> bytes:
    """A clientConfig document with ``servers`` (XML fragments) inside its emailProvider."""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<clientConfig version="1.1">'
            f'<emailProvider id="example.test">{head}{"".join(servers)}'
            f"</emailProvider></clientConfig>").encode()


def incoming(host: str = "imap.example.test", port: str = "993", socket: str = "SSL",
             username: str | None = "%EMAILADDRESS%", kind: str = "imap",
             auth: tuple[str, ...] = ("password-cleartext",)) -> str:
    return _server("incomingServer", kind, host, port, socket, username, auth)


def outgoing(host: str = "smtp.example.test", port: str = "587", socket: str = "STARTTLS",
             username: str | None = "%EMAILADDRESS%",
             auth: tuple[str, ...] = ("password-cleartext",)) -> str:
    return _server("outgoingServer", "smtp", host, port, socket, username, auth)


def _server(tag: str, kind: str, host: str, port: str, socket: str, username: str | None,
            auth: tuple[str, ...]) -> str:
    name = f"<username>{username}</username>" if username is not None else ""
    kinds = "".join(f"<authentication>{a}</authentication>" for a in auth)
    return (f'<{tag} type="{kind}"><hostname>{host}</hostname><port>{port}</port>'
            f"<socketType>{socket}</socketType>{name}{kinds}</{tag}>")


def test_a_whole_document() -> None:
    config = parse_client_config(client_config("IMAP.Example.test", "smtp.example.test"))
    assert config.domains == ("example",)
    assert config.display_name == "Example Mail"
    assert [(s.protocol, s.host, s.port, s.security, s.username, s.sign_in)
            for s in config.servers] == [
        (Protocol.IMAP, "imap.example.test", 993, Security.SSL, UsernameForm.ADDRESS,
         (LoginMethod.PASSWORD,)),
        (Protocol.SMTP, "smtp.example.test", 587, Security.STARTTLS, UsernameForm.LOCAL_PART,
         ()),
    ]  # the exchange server is left out: not what mailbot answers
    assert config.skipped == ()


@pytest.mark.parametrize(("written", "form"), [
    ("%EMAILADDRESS%", UsernameForm.ADDRESS),
    ("%EMAILADDRESS", UsernameForm.ADDRESS),  # the ISPDB's typo (two files)
    ("%EMAILLOCALPART%", UsernameForm.LOCAL_PART),
    ("%EMAILLOCALPART%.%EMAILDOMAIN%", UsernameForm.LOCAL_PART_DOT_DOMAIN),
    ("shared-login", UsernameForm.ACCOUNT_ID),  # not derived from the address: no guess
    ("%REALNAME%", UsernameForm.ACCOUNT_ID),
])
def test_username_forms(written: str, form: UsernameForm) -> None:
    (server,) = parse_client_config(provider(incoming(username=written))).servers
    assert server.username is form


def test_a_server_without_username_uses_the_first_servers_form() -> None:
    config = parse_client_config(provider(incoming(username="%EMAILLOCALPART%"),
                                          outgoing(username=None)))
    assert [s.username for s in config.servers] == [UsernameForm.LOCAL_PART] * 2
    (alone,) = parse_client_config(provider(outgoing(username=None))).servers
    assert alone.username is UsernameForm.ADDRESS


@pytest.mark.parametrize(("socket", "security"), [
    ("SSL", Security.SSL), ("STARTTLS", Security.STARTTLS), ("plain", Security.NONE)])
def test_socket_types(socket: str, security: Security) -> None:
    (server,) = parse_client_config(provider(incoming(socket=socket))).servers
    assert server.security is security


@pytest.mark.parametrize(("kinds", "sign_in"), [
    (("password-cleartext", "password-encrypted"), (LoginMethod.PASSWORD,)),
    (("plain", "secure"), (LoginMethod.PASSWORD,)),
    (("OAuth2", "password-cleartext"), (LoginMethod.OAUTH2, LoginMethod.PASSWORD)),
    (("none", "client-IP-address", "TLS-client-cert"), ()),  # nothing about signing in
])
def test_authentication_kinds(kinds: tuple[str, ...], sign_in: tuple[LoginMethod, ...]) -> None:
    (server,) = parse_client_config(provider(incoming(auth=kinds))).servers
    assert server.sign_in == sign_in


def test_a_server_written_twice_is_kept_once_with_both_sign_in_kinds() -> None:
    config = parse_client_config(provider(incoming(auth=("OAuth2",)), outgoing(),
                                          incoming(auth=("password-cleartext",))))
    assert [s.protocol for s in config.servers] == [Protocol.IMAP, Protocol.SMTP]
    assert config.servers[0].sign_in == (LoginMethod.OAUTH2, LoginMethod.PASSWORD)


def test_host_templates_are_filled_per_domain() -> None:
    config = parse_client_config(provider(incoming(host="mail.%EMAILDOMAIN%"),
                                          outgoing(host="%EMAILDOMAIN%")))
    assert config.servers[0].host == "mail.%emaildomain%"
    assert [s.host for s in config.servers_for("Inbox.LV")] == ["mail.inbox.lv", "inbox.lv"]


def test_a_filled_host_longer_than_dns_allows_is_dropped() -> None:
    config = parse_client_config(provider(incoming(host="mail.%EMAILDOMAIN%")))
    assert config.servers_for("a" * 250 + ".test") == ()


def test_provider_facts() -> None:
    head = ("<domain>Example.test</domain><domain>example.test</domain><domain> </domain>"
            "<domain>example.org</domain>"
            f"<displayName>  Example\n  Mail {'x' * 200}</displayName>"
            "<displayShortName>Ex</displayShortName>"
            '<documentation url="https://help.example.test/imap"><descr>IMAP</descr>'
            '</documentation><documentation url="https://help.example.test/imap"/>'
            '<documentation url="javascript:alert(1)"/>'
            '<documentation url="http://old.example.test/"/>')
    config = parse_client_config(provider(incoming(), head=head))
    assert config.domains == ("example.test", "example.org")
    assert config.display_name is not None and config.display_name.startswith("Example Mail x")
    assert len(config.display_name) == 100
    assert config.short_name == "Ex"
    assert config.documentation == ("https://help.example.test/imap", "http://old.example.test/")


@pytest.mark.parametrize("server", [
    incoming(host=""),
    incoming(host="imap.%EMAILLOCALPART%.test"),  # only the domain may be a template
    incoming(host="imap example.test"),
    incoming(host="imap.exa\u202emple.test"),  # a right-to-left override
    incoming(host="imap.example.test/../x"),
    incoming(host="a" * 254),
    incoming(port=""),
    incoming(port="abc"),
    incoming(port="0"),
    incoming(port="99999"),
    incoming(socket="TLS"),
    incoming(socket=""),
    '<incomingServer type="imap"></incomingServer>',
])
def test_servers_missing_or_with_bad_fields_are_skipped_and_said_so(server: str) -> None:
    config = parse_client_config(provider(server, outgoing()))
    assert [s.protocol for s in config.servers] == [Protocol.SMTP]
    assert len(config.skipped) == 1 and config.skipped[0].startswith("imap server skipped")


@pytest.mark.parametrize(("body", "reason"), [
    (BILLION_LAUGHS, "not valid XML"),
    (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
     b"<clientConfig><emailProvider><displayName>&e;</displayName></emailProvider>"
     b"</clientConfig>", "not valid XML"),
    (b"<clientConfig><emailProvider>", "not valid XML"),
    (b"", "not valid XML"),
    (b"\xff\xfe not xml", "not valid XML"),
    (b"<html><body>Not found</body></html>", "not a clientConfig"),
    (b"<clientConfig version='1.1'/>", "no emailProvider"),
])
def test_hostile_or_broken_documents_are_refused(body: bytes, reason: str) -> None:
    with pytest.raises(ClientConfigError, match=reason):
        parse_client_config(body)


def test_a_huge_document_is_refused_before_parsing() -> None:
    body = provider(incoming()).replace(b"<domain>", b"<x/>" * (MAX_DOCUMENT // 4) + b"<domain>")
    started = time.perf_counter()
    with pytest.raises(ClientConfigError, match="larger than"):
        parse_client_config(body)
    assert time.perf_counter() - started < 0.05


def test_a_document_without_mail_servers_is_no_autoconfig_answer() -> None:
    config = parse_client_config(provider(incoming(kind="exchange")))
    assert config.servers == ()
    with pytest.raises(AutoconfigError, match="no IMAP, POP3 or SMTP server"):
        document("https://autoconfig.example.test/", provider(incoming(kind="exchange")),
                 "example.test")
    with pytest.raises(AutoconfigError, match="not valid XML"):
        document("https://autoconfig.example.test/", BILLION_LAUGHS, "example.test")


def test_autoconfig_answers_with_the_servers_for_the_asked_domain() -> None:
    found = document("https://autoconfig.example.test/",
                     provider(incoming(host="imap.%EMAILDOMAIN%"), incoming(), outgoing()),
                     "example.test")
    assert [s.host for s in found.servers] == ["imap.example.test", "smtp.example.test"]
