"""A setup as Thunderbird's clientConfig v1.1: the format Thunderbird, K-9 and others read.

Written with the username placeholders Thunderbird fills in (``%EMAILADDRESS%``,
``%EMAILLOCALPART%``, ``%EMAILLOCALPART%.%EMAILDOMAIN%``); a username the provider issues
is written as ``ACCOUNT_ID_HINT``, which the person replaces. The document never holds the
person's address or password, so one document serves everyone at a domain.
bot.discovery.client_config reads these back (checked by a test over every provider).
"""

from __future__ import annotations

from xml.etree.ElementTree import Element, SubElement, indent, tostring

from bot.exports.mail_setup import MailSetup
from bot.models import LoginMethod, Protocol, Security, Server, UsernameForm

PLACEHOLDERS = {
    UsernameForm.ADDRESS: "%EMAILADDRESS%",
    UsernameForm.LOCAL_PART: "%EMAILLOCALPART%",
    UsernameForm.LOCAL_PART_DOT_DOMAIN: "%EMAILLOCALPART%.%EMAILDOMAIN%",
}
ACCOUNT_ID_HINT = "ACCOUNT-ID-FROM-YOUR-PROVIDER"
SOCKET_TYPES = {Security.SSL: "SSL", Security.STARTTLS: "STARTTLS", Security.NONE: "plain"}
AUTHENTICATION = {
    LoginMethod.PASSWORD: "password-cleartext",
    LoginMethod.APP_PASSWORD: "password-cleartext",
    LoginMethod.AUTHORIZATION_CODE: "password-cleartext",
    LoginMethod.BRIDGE: "password-cleartext",
    LoginMethod.OAUTH2: "OAuth2",
}
CONTENT_TYPE = "application/xml; charset=utf-8"


def autoconfig_document(setup: MailSetup) -> bytes:
    root = Element("clientConfig", version="1.1")
    provider = SubElement(root, "emailProvider", id=setup.id)
    for domain in setup.domains:
        SubElement(provider, "domain").text = domain
    SubElement(provider, "displayName").text = setup.name
    SubElement(provider, "displayShortName").text = setup.name
    incoming = [s for s in setup.servers if s.protocol is not Protocol.SMTP]
    outgoing = [s for s in setup.servers if s.protocol is Protocol.SMTP]
    authentication = list(dict.fromkeys(
        AUTHENTICATION[m] for m in setup.methods if m in AUTHENTICATION)) or [
        AUTHENTICATION[LoginMethod.PASSWORD]]
    for server in incoming:
        _server(provider, "incomingServer", server, authentication)
    for server in outgoing:
        _server(provider, "outgoingServer", server, authentication)
    for url in setup.help_urls:
        documentation = SubElement(provider, "documentation", url=url)
        SubElement(documentation, "descr", lang="en").text = setup.name
    indent(root)
    body: bytes = tostring(root, encoding="utf-8", xml_declaration=True)
    return body + b"\n"


def _server(parent: Element, tag: str, server: Server, authentication: list[str]) -> None:
    element = SubElement(parent, tag, type=str(server.protocol))
    SubElement(element, "hostname").text = server.host
    SubElement(element, "port").text = str(server.port)
    SubElement(element, "socketType").text = SOCKET_TYPES[server.security]
    SubElement(element, "username").text = PLACEHOLDERS.get(server.username, ACCOUNT_ID_HINT)
    for kind in authentication:
        SubElement(element, "authentication").text = kind
