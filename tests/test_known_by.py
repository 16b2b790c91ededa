"""How sure each server fact is: derived from the provider's sources, shown in the JSON."""

from __future__ import annotations

import re

import pytest

from bot.answer_json import answer_to_json
from bot.engine import Engine
from bot.knowledge_base import KnowledgeBase
from bot.known_by import known_by
from bot.models import KnownBy, Protocol, Security, Server, Source, SourceKind, UsernameForm
from bot.rendering.card_builder import build_card
from bot.rendering.plain_text import render_plain

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


@pytest.mark.parametrize(("provider", "host", "port", "expected"), [
    # a second database (FairEmail, MailCore2, K-9 or mutt-wizard) states the same host:port
    ("zoho", "imap.zoho.com", 993, KnownBy.DATABASES),
    ("zoho", "smtp.zoho.com.au", 465, KnownBy.DATABASES),
    ("comcast-xfinity", "smtp.comcast.net", 587, KnownBy.DATABASES),
    ("naver", "imap.naver.com", 993, KnownBy.DATABASES),
    ("seznam", "smtp.seznam.cz", 465, KnownBy.DATABASES),
    ("netease-126", "imap.126.com", 993, KnownBy.DATABASES),
    ("yahoo-tw-hk", "imap.mail.yahoo.com", 993, KnownBy.DATABASES),
    # only one database states these: still single
    ("zoho", "imap.zoho.in", 993, KnownBy.SINGLE),
    ("naver", "smtp.naver.com", 465, KnownBy.SINGLE),  # K-9 and nodemailer give 587
    ("netease-126", "smtp.126.com", 465, KnownBy.SINGLE),  # mutt-wizard gives 587
    ("comcast-xfinity", "mail.comcast.net", 110, KnownBy.SINGLE),  # MailCore2: SSL on 110
    ("daum-kakao", "imap.daum.net", 993, KnownBy.SINGLE),  # K-9 names imap.hanmail.net
])
def test_a_second_database_makes_databases(kb: KnowledgeBase, provider: str, host: str,
                                           port: int, expected: KnownBy) -> None:
    server = next(s for s in kb.providers[provider].servers if (s.host, s.port) == (host, port))
    assert server.known_by is expected


@pytest.mark.parametrize(("question", "host", "port", "known", "first_line"), [
    ("gmail imap settings", "imap.gmail.com", 993, "official", True),
    ("seznam imap", "imap.seznam.cz", 993, "databases", True),
    ("naver smtp", "smtp.naver.com", 465, "single", True),  # only ISPDB gives 465
    ("naver smtp", "smtp.naver.com", 587, "databases", False),  # on the same line as 465
    ("126.com smtp settings", "smtp.126.com", 465, "single", True),
    ("QQ SMTP port?", "smtp.qq.com", 587, "single", False),  # `unverified: true` in the file
])
def test_only_single_servers_are_hedged(engine: Engine, question: str, host: str, port: int,
                                        known: str, first_line: bool) -> None:
    answer = engine.ask(question)
    data = answer_to_json(answer)
    entry = next(s for s in data["servers"] if (s["host"], s["port"]) == (host, port))
    assert (entry["known_by"], entry["verified"]) == (known, known != "single")
    hedge = r" \(unverified"
    line = next(li for li in render_plain(build_card(answer, full=True)).splitlines()
                if f": {host}," in li)
    assert bool(re.search(rf"\b{port} \([^()]*\){hedge}", line)) is (known == "single")
    if first_line:  # the short reply's first line names this server, hedged only if single
        first = data["text"].splitlines()[0]
        assert f"{host}, port {port}" in first
        assert ("unverified" in first) is (known == "single")
