"""Issue 15's fact fixes, one row each: what the curated files now say, and how sure they are.

Each row names a provider and checks one fact (a server, a flag, a dated note, a source's date).
A row that keeps a server "unverified" records that the provider's own page was looked for again
and not found; only that server is flagged, never the other servers of the same provider.
"""

from __future__ import annotations

import pytest

from bot.knowledge_base import KnowledgeBase
from bot.known_by import known_by
from bot.models import KnownBy, LoginMethod, Protocol, Provider, Security, Server, Source

UNVERIFIED, VERIFIED = True, False


def server(provider: Provider, host: str, port: int) -> Server:
    return next(s for s in provider.servers if (s.host, s.port) == (host, port))


def source(provider: Provider, url_part: str) -> Source:
    return next(s for s in provider.sources if url_part in s.url)


@pytest.mark.parametrize(("provider", "host", "port", "unverified"), [
    # single-source facts, now flagged
    ("spectrum-brighthouse", "mail.brighthouse.com", 587, UNVERIFIED),  # 587 with implicit TLS
    ("spectrum-brighthouse", "mail.brighthouse.com", 993, UNVERIFIED),
    ("cock-li", "mail.cock.li", 993, UNVERIFIED),
    ("cock-li", "mail.cock.li", 587, UNVERIFIED),
    ("terra", "imap.terra.com", 993, UNVERIFIED),
    ("terra", "smtp.terra.com", 465, UNVERIFIED),
    ("plusnet-free-online", "relay.free-online.net", 465, UNVERIFIED),  # as Force9
    ("plusnet-force9", "relay.force9.net", 465, UNVERIFIED),
    # the Chinese majors: no provider page found again, only these items flagged
    ("qq-mail", "smtp.qq.com", 587, UNVERIFIED),
    ("qq-mail", "smtp.qq.com", 465, VERIFIED),
    ("qq-mail", "imap.qq.com", 993, VERIFIED),
    ("china-mobile-139", "imap.139.com", 993, UNVERIFIED),
    ("china-telecom-189", "smtp.189.cn", 465, UNVERIFIED),
    ("21cn", "imap.21cn.com", 993, UNVERIFIED),
    ("sina", "smtp.sina.com", 465, UNVERIFIED),
    ("sohu", "imap.sohu.com", 993, UNVERIFIED),
    ("tencent-exmail", "imap.exmail.qq.com", 993, UNVERIFIED),
    # alibaba: the Singapore SMTP host from Alibaba Cloud's own page
    ("alibaba-enterprise-mail", "smtp.sg.aliyun.com", 465, VERIFIED),
])
def test_server_flags(kb: KnowledgeBase, provider: str, host: str, port: int,
                      unverified: bool) -> None:
    assert server(kb.providers[provider], host, port).unverified is unverified


def test_alibaba_singapore_smtp_is_official_and_ssl(kb: KnowledgeBase) -> None:
    found = server(kb.providers["alibaba-enterprise-mail"], "smtp.sg.aliyun.com", 465)
    assert (found.protocol, found.security, found.known_by) == (
        Protocol.SMTP, Security.SSL, KnownBy.OFFICIAL)


@pytest.mark.parametrize(("provider", "host", "port"), [
    # the Plusnet article names the relay host but no port: the SSL port is not official
    ("plusnet-force9", "relay.force9.net", 465),
    ("plusnet-free-online", "relay.free-online.net", 465),
])
def test_host_only_official_page_does_not_make_a_port_official(
        kb: KnowledgeBase, provider: str, host: str, port: int) -> None:
    found = server(kb.providers[provider], host, port)
    plusnet = source(kb.providers[provider], "community.plus.net")
    assert plusnet.servers == ()
    assert known_by(found, (plusnet,)) is KnownBy.SINGLE


def test_china_telecom_189_does_not_promise_the_login_password(kb: KnowledgeBase) -> None:
    provider = kb.providers["china-telecom-189"]
    note = provider.login.note
    assert note is not None
    assert "unknown" in note.en and "客户端授权密码" in note.en
    assert LoginMethod.AUTHORIZATION_CODE in provider.login.methods
    assert any("客户端授权密码" in d.zh for d in provider.disagreements)


@pytest.mark.parametrize(("provider", "date", "words"), [
    # dated events read as events, not as a future that goes stale
    ("microsoft-365", "2026-01-27", "Microsoft announced"),
    ("gmail", "2022-05-30", "30 May 2022"),
])
def test_dated_notes(kb: KnowledgeBase, provider: str, date: str, words: str) -> None:
    notes = [n for n in kb.providers[provider].notes if n.date == date]
    assert len(notes) == 1 and words in notes[0].text.en


def test_microsoft_365_has_no_future_tense_smtp_auth_note(kb: KnowledgeBase) -> None:
    texts = [n.text.en for n in kb.providers["microsoft-365"].notes]
    assert not any("Microsoft will turn it off" in t for t in texts)


@pytest.mark.parametrize(("provider", "url_part", "as_of"), [
    ("qq-mail", "provider-db", "2021-06"),
    ("aol", "provider-db", "2020-02"),
    ("gmx-de", "provider-db", "2017-06"),
    ("web-de", "provider-db", "2020-01"),
    ("gmail", "accounts/answer/6010255", "2022-05-30"),
    ("microsoft-365", "techcommunity.microsoft.com", "2026-01-27"),
    ("ionos-de", "thunderbird/autoconfig", "2021-11-15"),
])
def test_sources_carry_their_own_date(kb: KnowledgeBase, provider: str, url_part: str,
                                      as_of: str) -> None:
    assert source(kb.providers[provider], url_part).as_of == as_of


def test_every_delta_chat_source_is_dated_and_pinned(kb: KnowledgeBase) -> None:
    for provider in kb.providers.values():
        for s in provider.sources:
            if "/provider-db/" in s.url:
                assert s.as_of is not None, provider.id
                assert "/blob/master/" not in s.url, provider.id


@pytest.mark.parametrize(("provider", "file"), [("ionos-de", "ionos.de"),
                                                ("ionos-us", "ionos.com")])
def test_ionos_cites_the_ispdb_commit_that_holds_the_file(kb: KnowledgeBase, provider: str,
                                                          file: str) -> None:
    ispdb = source(kb.providers[provider], "thunderbird/autoconfig")
    assert ispdb.url.endswith(f"/dcf6dd255605b89fde181f1202e403bbf0ce3374/ispdb/{file}")
    assert "never merged" in ispdb.covers


@pytest.mark.parametrize(("provider", "host", "port", "expected"), [
    # official pages that name a host but no port no longer make its server "official"
    ("aruba-pec", "smtps.pec.aruba.it", 465, KnownBy.DATABASES),
    ("autistici", "mail.autistici.org", 993, KnownBy.DATABASES),
    ("autistici", "smtp.autistici.org", 465, KnownBy.OFFICIAL),
    ("biglobe-optional-domains", "mail.biglobe.ne.jp", 995, KnownBy.OFFICIAL),
    ("biglobe-optional-domains", "mail.biglobe.ne.jp", 465, KnownBy.DATABASES),
    ("plusnet", "relay.plus.net", 465, KnownBy.SINGLE),
    ("seznam", "imap.seznam.cz", 993, KnownBy.DATABASES),  # not official: ISPDB + mutt-wizard
    ("swisscom-bluewin", "imaps.bluewin.ch", 993, KnownBy.DATABASES),
    ("proton", "127.0.0.1", 1143, KnownBy.OFFICIAL),
])
def test_known_by_of_servers_whose_official_page_was_reread(
        kb: KnowledgeBase, provider: str, host: str, port: int, expected: KnownBy) -> None:
    assert server(kb.providers[provider], host, port).known_by is expected


def test_an_official_covers_text_states_the_port_of_each_server_it_makes_official(
        kb: KnowledgeBase) -> None:
    """A source without a servers list counts by host name: its covers must give the port too."""
    for provider in kb.providers.values():
        for found in provider.servers:
            if found.known_by is not KnownBy.OFFICIAL:
                continue
            stating = [s for s in provider.sources
                       if s.kind.value == "official" and known_by(found, (s,)) is KnownBy.OFFICIAL]
            assert any(s.servers is not None or str(found.port) in s.covers for s in stating), (
                provider.id, found.host, found.port)
