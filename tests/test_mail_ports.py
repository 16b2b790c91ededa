"""Every list of mail ports comes from the one table in bot/mail_ports.py."""

from __future__ import annotations

from bot.mail_ports import (
    CLIENT_GUESS_PORTS,
    MAIL_PORTS,
    SUBMISSION_PORTS,
    WELL_KNOWN_PORTS,
    standard_security,
)
from bot.models import Protocol, Security
from bot.probing.guard import check_port
from bot.understanding import PORT_NUMBER


def test_port_lists_are_derived_from_the_one_table() -> None:
    assert frozenset({25, 465, 587, 2525, 110, 995, 143, 993}) == MAIL_PORTS
    assert SUBMISSION_PORTS == (465, 587)
    assert CLIENT_GUESS_PORTS == (465, 587, 993, 995)
    for port in CLIENT_GUESS_PORTS:
        protocol, security = WELL_KNOWN_PORTS[port]
        assert protocol is Protocol.SMTP or security is Security.SSL


def test_every_mail_port_is_recognised_in_text_and_allowed_by_the_guard() -> None:
    text = " ".join(f"port {port}," for port in sorted(MAIL_PORTS))
    assert {int(p) for p in PORT_NUMBER.findall(text)} == MAIL_PORTS
    for port in MAIL_PORTS:
        check_port(port)  # raises for a port the guard refuses


def test_standard_security() -> None:
    assert standard_security(2525) is Security.STARTTLS  # the copy in the diagnosis lacked it
    assert standard_security(993) is Security.SSL and standard_security(80) is None
