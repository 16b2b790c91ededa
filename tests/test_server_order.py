"""Servers are ordered in one place (issue 11 item 3), the same for every answer."""

from __future__ import annotations

from bot.engine import Engine
from bot.models import Protocol, Security, Server, UsernameForm
from bot.server_order import order_servers

IMAP, SMTP, POP3 = Protocol.IMAP, Protocol.SMTP, Protocol.POP3


def server(protocol: Protocol, host: str, port: int,
           security: Security = Security.SSL) -> Server:
    return Server(protocol=protocol, host=host, port=port, security=security,
                  username=UsernameForm.ADDRESS)


def test_one_protocol_stays_together_in_the_providers_order() -> None:
    listed = [server(IMAP, "imap.a", 993), server(SMTP, "smtp.a", 465),
              server(IMAP, "imap.b", 993), server(SMTP, "smtp.b", 465),
              server(POP3, "pop.a", 995)]
    assert [s.host for s in order_servers(listed)] == [
        "imap.a", "imap.b", "smtp.a", "smtp.b", "pop.a"]


def test_what_was_asked_comes_first() -> None:
    listed = [server(IMAP, "imap.a", 993), server(SMTP, "smtp.a", 465),
              server(SMTP, "smtp.a", 587, Security.STARTTLS), server(POP3, "pop.a", 995)]
    ordered = order_servers(listed, protocols=[SMTP], ports=[587])
    assert [(s.protocol, s.port) for s in ordered] == [
        (SMTP, 587), (SMTP, 465), (IMAP, 993), (POP3, 995)]
    starttls_first = order_servers(listed, protocols=[SMTP], security=Security.STARTTLS)
    assert starttls_first[0].port == 587


def test_without_imap_pop3_is_the_incoming_server_shown_first() -> None:
    listed = [server(SMTP, "smtp.r", 465), server(POP3, "pop.r", 995)]
    assert [s.protocol for s in order_servers(listed)] == [POP3, SMTP]


def test_a_provider_with_two_mailbox_families_is_grouped(engine: Engine) -> None:
    """`mailbot ask --offline daum.net` listed IMAP, SMTP, IMAP, SMTP."""
    answer = engine.ask("daum.net")
    protocols = [s.protocol for s in answer.servers]
    assert protocols == sorted(protocols, key=[IMAP, SMTP, POP3].index)
