"""Thunderbird's clientConfig v1.1 (autoconfig, ISPDB) parsed: bytes in, ClientConfig out.

The one reader of the format: discovery parses what a stranger's server sends with it, and
tools/import_ispdb.py the ISPDB files it turns into knowledge. Pure functions, no I/O.

A document may be hostile: it is refused above MAX_DOCUMENT bytes and parsed with defusedxml
(no DTDs, so no entity expansion and no external references). Only IMAP, POP3 and SMTP servers
are kept, each with a real port, a known socket type and a plain host name (letters, digits,
dots, hyphens; ``%EMAILDOMAIN%`` kept as a template); servers that fail this are listed in
``ClientConfig.skipped``, never guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from bot.models import LoginMethod, Protocol, Security, Server, UsernameForm

MAX_DOCUMENT = 256 * 1024
MAX_NAME = 100  # display names longer than this are cut
MAX_HOST = 253
DOMAIN_TEMPLATE = "%emaildomain%"  # host names are lower-cased, the template with them

PROTOCOLS = {"imap": Protocol.IMAP, "pop3": Protocol.POP3, "smtp": Protocol.SMTP}
SOCKET_TYPES = {"SSL": Security.SSL, "STARTTLS": Security.STARTTLS, "plain": Security.NONE}
USERNAMES = {
    "%EMAILADDRESS%": UsernameForm.ADDRESS,
    "%EMAILADDRESS": UsernameForm.ADDRESS,  # the ISPDB spells it so twice (a known typo)
    "%EMAILLOCALPART%": UsernameForm.LOCAL_PART,
    "%EMAILLOCALPART%.%EMAILDOMAIN%": UsernameForm.LOCAL_PART_DOT_DOMAIN,
}
# Every kind of password authentication is a password to the person; "none" (the ISP knows
# the sender by address) and certificate or Kerberos kinds say nothing about signing in.
SIGN_IN = {"password-cleartext": LoginMethod.PASSWORD, "password-encrypted": LoginMethod.PASSWORD,
           "plain": LoginMethod.PASSWORD, "secure": LoginMethod.PASSWORD,
           "OAuth2": LoginMethod.OAUTH2}
HOST_NAME = re.compile(r"[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?")


class ClientConfigError(ValueError):
    """The bytes are not a clientConfig document this parser will read."""


@dataclass(frozen=True, slots=True)
class ConfigServer:
    protocol: Protocol
    host: str  # lower case; may hold DOMAIN_TEMPLATE (mail.%emaildomain%)
    port: int
    security: Security
    username: UsernameForm
    sign_in: tuple[LoginMethod, ...]  # in the document's order, each once

    def host_for(self, domain: str) -> str:
        return self.host.replace(DOMAIN_TEMPLATE, domain.lower())


@dataclass(frozen=True, slots=True)
class ClientConfig:
    domains: tuple[str, ...]  # lower case, each once
    display_name: str | None
    short_name: str | None
    servers: tuple[ConfigServer, ...]  # incoming in order, then outgoing in order
    documentation: tuple[str, ...]  # http(s) URLs of the provider's own help
    skipped: tuple[str, ...]  # IMAP/POP3/SMTP servers left out, and why

    def servers_for(self, domain: str) -> tuple[Server, ...]:
        """The servers for an address at ``domain``: templates filled in, each once."""
        found: list[Server] = []
        for entry in self.servers:
            host = entry.host_for(domain)
            server = Server(protocol=entry.protocol, host=host, port=entry.port,
                            security=entry.security, username=entry.username)
            if len(host) <= MAX_HOST and server not in found:
                found.append(server)
        return tuple(found)


def parse_client_config(body: bytes) -> ClientConfig:
    """Read one clientConfig document; ClientConfigError when it is none (or too big)."""
    if len(body) > MAX_DOCUMENT:
        raise ClientConfigError(f"larger than {MAX_DOCUMENT} bytes")
    try:
        root = ElementTree.fromstring(body, forbid_dtd=True)
    except (ElementTree.ParseError, DefusedXmlException, ValueError) as exc:
        raise ClientConfigError(f"not valid XML: {exc}") from exc
    if root.tag != "clientConfig":
        raise ClientConfigError(f"not a clientConfig document (<{root.tag}>)")
    provider = root.find("emailProvider")
    if provider is None:
        raise ClientConfigError("no emailProvider")
    servers: list[ConfigServer] = []
    skipped: list[str] = []
    for element in (*provider.findall("incomingServer"), *provider.findall("outgoingServer")):
        _read_server(element, servers, skipped)
    domains = (d.text.strip().lower() for d in provider.findall("domain") if d.text)
    return ClientConfig(
        domains=tuple(dict.fromkeys(d for d in domains if d)),
        display_name=_name(provider.findtext("displayName")),
        short_name=_name(provider.findtext("displayShortName")),
        servers=tuple(servers),
        documentation=tuple(dict.fromkeys(
            url for d in provider.findall("documentation")
            if (url := d.get("url", "").strip()).startswith(("https://", "http://")))),
        skipped=tuple(skipped),
    )


def _name(text: str | None) -> str | None:
    return " ".join((text or "").split())[:MAX_NAME] or None


def _read_server(element: Element, servers: list[ConfigServer], skipped: list[str]) -> None:
    """Add the server ``element`` describes to ``servers``, or say in ``skipped`` why not.

    A server written twice is kept once, with the sign-in kinds of both."""
    protocol = PROTOCOLS.get(element.get("type", ""))
    if protocol is None:
        return  # exchange, ews, graph, owa: not what mailbot answers
    host = (element.findtext("hostname") or "").strip().lower()
    port = (element.findtext("port") or "").strip()
    security = SOCKET_TYPES.get((element.findtext("socketType") or "").strip())
    if (not HOST_NAME.fullmatch(host.replace(DOMAIN_TEMPLATE, "x")) or len(host) > MAX_HOST
            or not port.isdigit() or not 0 < int(port) < 65536 or security is None):
        skipped.append(f"{protocol} server skipped: host={host[:MAX_HOST]!r} port={port[:10]!r}")
        return
    written = (element.findtext("username") or "").strip()
    if written:
        # A fixed name or another placeholder is not derived from the address: say it is
        # an ID the provider issued rather than guess.
        username = USERNAMES.get(written, UsernameForm.ACCOUNT_ID)
    else:  # Thunderbird then uses the first server's form
        username = servers[0].username if servers else UsernameForm.ADDRESS
    sign_in = tuple(dict.fromkeys(
        method for a in element.findall("authentication")
        if (method := SIGN_IN.get((a.text or "").strip())) is not None))
    server = ConfigServer(protocol, host, int(port), security, username, sign_in)
    for index, known in enumerate(servers):
        if (known.protocol, known.host, known.port, known.security, known.username) == (
                protocol, host, int(port), security, username):
            merged = tuple(dict.fromkeys((*known.sign_in, *sign_in)))
            servers[index] = ConfigServer(protocol, host, int(port), security, username, merged)
            return
    servers.append(server)
