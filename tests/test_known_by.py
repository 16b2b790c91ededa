"""How sure each server fact is: derived from the provider's sources, shown in the JSON."""

from __future__ import annotations

import pytest

from bot.answer_json import answer_to_json
from bot.engine import Engine
from bot.knowledge_base import KnowledgeBase
from bot.known_by import known_by
from bot.models import KnownBy, Protocol, Security, Server, Source, SourceKind, UsernameForm

SERVER = Server(Protocol.IMAP, "imap.example.com", 993, Security.SSL, UsernameForm.ADDRESS)
OFFICIAL = Source("https://example.com/help", SourceKind.OFFICIAL, "2026-12-04",
                  "imap.example.com:993 SSL")
ISPDB = Source("https://github.com/thunderbird/autoconfig/blob/x/ispdb/e.xml",
               SourceKind.CLIENT_DATABASE, "2026-12-04", "hosts", ("imap.example.com:993",))
FAIR = Source("https://github.com/M66B/FairEmail/blob/x/providers.xml",
              SourceKind.CLIENT_DATABASE, "2026-12-04", "hosts", ("imap.example.com:993",))
OTHER_PORT = Source("https://github.com/MailCore/mailcore2/blob/x/providers.json",
                    SourceKind.CLIENT_DATABASE, "2026-12-04", "hosts", ("imap.example.com:143",))
GUIDE = Source("https://blog.example.net/setup", SourceKind.OTHER, "2026-12-04",
               "imap.example.com 993")


@pytest.mark.parametrize(("sources", "expected"), [
    ((OFFICIAL,), KnownBy.OFFICIAL),
    ((ISPDB, FAIR), KnownBy.DATABASES),
    ((ISPDB, ISPDB), KnownBy.SINGLE),  # the same database twice is one opinion
    ((ISPDB, OTHER_PORT), KnownBy.SINGLE),  # a database giving another port does not agree
    ((GUIDE,), KnownBy.SINGLE),
    ((GUIDE, ISPDB), KnownBy.SINGLE),
    ((Source("https://example.com/h", SourceKind.OFFICIAL, "2026-12-04",
             "mail.example.com settings"),), KnownBy.SINGLE),  # names another host
])
def test_known_by_is_derived_from_sources(sources: tuple[Source, ...],
                                          expected: KnownBy) -> None:
    assert known_by(SERVER, sources) is expected


def test_unverified_is_always_single() -> None:
    server = Server(Protocol.IMAP, "imap.example.com", 993, Security.SSL,
                    UsernameForm.ADDRESS, unverified=True)
    assert known_by(server, (OFFICIAL,)) is KnownBy.SINGLE


@pytest.mark.parametrize(("provider", "host", "expected"), [
    ("gmail", "imap.gmail.com", KnownBy.OFFICIAL),
    ("ispdb-aol-com", "imap.aol.com", KnownBy.SINGLE),
    # ISPDB and Delta Chat both list these (their `servers:`), no official page cited yet
    ("icloud", "imap.mail.me.com", KnownBy.DATABASES),
    ("yahoo", "smtp.mail.yahoo.com", KnownBy.DATABASES),
    ("aol", "imap.aol.com", KnownBy.DATABASES),
    # only ISPDB lists POP3 for these: one database is a single source
    ("yahoo", "pop.mail.yahoo.com", KnownBy.SINGLE),
    ("t-online", "securepop.t-online.de", KnownBy.SINGLE),
])
def test_loaded_servers_carry_known_by(kb: KnowledgeBase, provider: str, host: str,
                                       expected: KnownBy) -> None:
    server = next(s for s in kb.providers[provider].servers if s.host == host)
    assert server.known_by is expected


def test_json_servers_say_how_each_is_known(engine: Engine) -> None:
    servers = answer_to_json(engine.ask("gmail imap settings"))["servers"]
    imap = next(s for s in servers if s["host"] == "imap.gmail.com")
    assert imap["known_by"] == "official" and imap["verified"] is True
    assert {s["known_by"] for s in servers} <= {"official", "databases", "single"}
