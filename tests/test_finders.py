"""Each finder with texts it must find and texts it must NOT find (thefuck's rule tests), and
the ranking step that weighs them."""

from __future__ import annotations

import pytest

from bot.finders.clients import ClientFinder
from bot.finders.clues import Clue, ClueKind
from bot.finders.environments import EnvironmentFinder
from bot.finders.errors import ErrorFinder
from bot.finders.hosts import HostFinder
from bot.finders.names import NameFinder
from bot.finders.ranking import (
    ProviderMatch,
    ProviderRanker,
    errors_to_name,
    is_chatter,
    leaders,
    rank,
    rank_errors,
)
from bot.finders.settings import HOST_KEYS, settings_in
from bot.finders.topics import TopicFinder
from bot.knowledge_base import KnowledgeBase
from bot.models import Quoted, Situation
from bot.understanding import normalize, understand


@pytest.fixture(scope="module")
def names(kb: KnowledgeBase) -> NameFinder:
    return NameFinder(kb)


@pytest.fixture(scope="module")
def hosts(kb: KnowledgeBase, names: NameFinder) -> HostFinder:
    return HostFinder(kb, names)


# --- hosts -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "provider", "kind"), [
    ("smtp.qq.com:465", "qq-mail", ClueKind.HOST),
    ("zhang@163.com", "netease-163", ClueKind.DOMAIN),
    ("our MX is mxbiz1.qq.com", "tencent-exmail", ClueKind.MX),
    ("acme.mail.protection.outlook.com", "microsoft-365", ClueKind.MX),
    ("smtp.office365.com", "microsoft-365", ClueKind.HOST),  # not the ISPDB copy
])
def test_host_finder_finds(hosts: HostFinder, text: str, provider: str, kind: ClueKind) -> None:
    clues = hosts.find(understand(text)).clues
    assert (provider, kind) in [(c.provider.id, c.kind) for c in clues]


@pytest.mark.parametrize("text", [
    "127.0.0.1:1025",  # a local bridge or relay: no provider by its address
    "smtplib.SMTPAuthenticationError",  # code, not a domain
    "at com.sun.mail.smtp.SMTPTransport.openServer(SMTPTransport.java:2209)",
    "host: smtp.xxx.com",  # a placeholder
    "spring.mail.host = smtp.qq.com",  # the setting's name is no domain (its value is)
])
def test_host_finder_does_not_find(hosts: HostFinder, text: str) -> None:
    found = hosts.find(understand(text))
    assert all(c.evidence in ("smtp.qq.com",) for c in found.clues)
    assert found.unknown_domains == ()


def test_unknown_domains_and_typos(hosts: HostFinder) -> None:
    assert hosts.find(understand("me@example-company.cn")).unknown_domains == (
        "example-company.cn",)
    typo = hosts.domain_typo("gmial.com")
    assert typo is not None and typo[0] == "gmail.com"
    assert hosts.domain_typo("china.com") is None  # a real domain, not a typo of hichina
    host = hosts.host_typo("stmp.qq.com")
    assert host is not None and host[0] == "smtp.qq.com" and host[1].id == "qq-mail"
    assert hosts.host_typo("smtp.qq.com") is None  # known: no typo
    assert hosts.host_typo("mail.acme-widgets.cn") is None


def test_a_help_pages_site_is_a_weak_clue_and_never_discovered(hosts: HostFinder) -> None:
    """The domain of a link someone followed names the site of the page, not their mailbox:
    "https://support.apple.com/HT202304" is Apple's help, and the person uses iCloud."""
    read = understand("I created an app-specific password (https://support.apple.com/en-us/"
                      "HT202304) but iCloud smtp fails; see also https://docs.unknown-mta.io/x")
    assert read.web_hosts == ("support.apple.com", "docs.unknown-mta.io")
    found = hosts.find(read)
    assert {c.kind for c in found.clues if c.evidence == "support.apple.com"} <= {ClueKind.LINK}
    assert found.unknown_domains == ()  # a help page's site is not looked up
    # Named outside a link too, it is a domain like any other.
    both = understand("https://mail.163.com is my webmail; my address is on 163.com")
    assert both.web_hosts == ("mail.163.com",)
    assert ("netease-163", ClueKind.DOMAIN) in [(c.provider.id, c.kind)
                                                for c in hosts.find(both).clues]


def test_a_help_link_does_not_outweigh_the_provider_named(kb: KnowledgeBase) -> None:
    matches = ProviderRanker(kb).match(understand(
        "I tried to send an email via iCloud. I've created an app-specific password "
        "(as mentioned here: https://support.apple.com/en-us/HT202304) but it fails"))
    assert matches.matches[0].provider.id == "icloud"


# --- names -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "provider", "kind"), [
    ("网易邮箱的发信服务器", "netease-163", ClueKind.NAME),
    ("qq邮箱smtp", "qq-mail", ClueKind.NAME),
    ("outlok imap", "outlook", ClueKind.TYPO),
    ("gmial smtp", "gmail", ClueKind.TYPO),
    ("腾讯企业邮箱", "tencent-exmail", ClueKind.NAME),
    ("I tried to send an email via iCloud.", "icloud", ClueKind.NAME),  # a full stop after it
])
def test_name_finder_finds(names: NameFinder, text: str, provider: str, kind: ClueKind) -> None:
    clues = names.find(normalize(text))
    assert (provider, kind) in [(c.provider.id, c.kind) for c in clues]


@pytest.mark.parametrize("text", [
    "which email port is it",  # "email" is 80% like "gmail"
    "it never works",  # "never" is 80% like "naver"
    "qq邮箱用outlook客户端怎么设置",  # Outlook is the client here
    "postmaster@yggmail",  # a bare label after @ is a domain, not a typo of gmail
])
def test_name_finder_does_not_find(names: NameFinder, text: str) -> None:
    found = {c.provider.id for c in names.find(normalize(text))}
    assert not found & {"gmail", "naver", "outlook", "microsoft-365"}


def test_an_everyday_word_is_a_weak_clue(names: NameFinder) -> None:
    kinds = {c.kind for c in names.find(normalize("i live in beijing"))}
    assert kinds <= {ClueKind.COMMON_WORD}


def test_an_unknown_domain_lends_no_words(names: NameFinder) -> None:
    found = {c.provider.id for c in names.find("me at china.com", ("china.com",))}
    assert "alibaba-enterprise-mail" not in found


# --- errors and topics -----------------------------------------------------------------------

def test_error_finder_finds_every_example_and_no_near_miss(kb: KnowledgeBase) -> None:
    finder = ErrorFinder(kb)
    for entry in kb.troubleshooting.values():
        for example in entry.examples:
            assert entry.id in [h.entry.id for h in finder.find(normalize(example))], example
        for near_miss in entry.not_examples:
            assert entry.id not in [h.entry.id for h in finder.find(normalize(near_miss))]
    assert finder.find(normalize("what is the qq smtp port?")) == []


def test_topic_finder(kb: KnowledgeBase) -> None:
    finder = TopicFinder(kb)
    assert finder.find(normalize("which port is STARTTLS?")) is not None
    assert finder.find(normalize("qq smtp")) is None


# --- ranking ---------------------------------------------------------------------------------

def test_rank_weighs_clue_kinds(kb: KnowledgeBase) -> None:
    gmail, outlook, free = (kb.providers[i] for i in ("gmail", "outlook", "free-fr"))
    ranked = rank([Clue(free, ClueKind.COMMON_WORD, "free"),
                   Clue(outlook, ClueKind.TYPO, "outlok", 0.9),
                   Clue(gmail, ClueKind.HOST, "smtp.gmail.com")])
    assert [m.provider.id for m in ranked] == ["gmail", "outlook", "free-fr"]
    assert ranked[0].certain and not ranked[1].certain


def test_leaders_ties_and_the_mailbox_before_the_typed_host(kb: KnowledgeBase) -> None:
    qq, exmail = kb.providers["qq-mail"], kb.providers["tencent-exmail"]
    matches = (ProviderMatch(qq, 1.0, "smtp.qq.com"), ProviderMatch(exmail, 0.95, "腾讯企业邮箱"))
    assert [m.provider.id for m in leaders(matches)] == ["qq-mail"]
    typed = Situation(host=Quoted("smtp.qq.com", "MAIL_HOST=smtp.qq.com"))
    assert [m.provider.id for m in leaders(matches, typed)] == ["tencent-exmail"]
    tie = (ProviderMatch(qq, 0.95, "x"), ProviderMatch(exmail, 0.93, "y"))
    assert len(leaders(tie)) == 2


def test_chatter_and_errors_to_name(kb: KnowledgeBase) -> None:
    free = kb.providers["free-fr"]
    assert is_chatter(understand("i live in beijing"), [ProviderMatch(free, 0.5, "live")])
    assert not is_chatter(understand("free smtp port"), [ProviderMatch(free, 0.5, "free")])
    finder = ErrorFinder(kb)
    error = "535 Login Fail. Please enter your authorization code to login"
    ranked = rank_errors(finder.find(normalize(error)), frozenset({"qq-mail"}))
    assert ranked[0].entry.id == "qq-authorization-code-required"
    assert 1 <= len(errors_to_name(ranked)) <= 2


def test_ranker_end_to_end(kb: KnowledgeBase) -> None:
    found = ProviderRanker(kb).match(understand("bob@gmial.com"))
    assert found.matches == () and found.unknown_domains == ("gmial.com",)
    assert found.did_you_mean is not None and found.did_you_mean[0] == "gmail.com"


def test_more_clues_break_a_tie(kb: KnowledgeBase) -> None:
    netease, qq = kb.providers["netease-163"], kb.providers["qq-mail"]
    ranked = rank([Clue(netease, ClueKind.DOMAIN, "163.com"),
                   Clue(qq, ClueKind.DOMAIN, "qq.com"),
                   Clue(netease, ClueKind.HOST, "smtp.163.com")])
    assert [m.provider.id for m in leaders(ranked)] == ["netease-163"]
    alone = rank([Clue(netease, ClueKind.DOMAIN, "163.com"), Clue(qq, ClueKind.DOMAIN, "qq.com")])
    assert len(leaders(alone)) == 2  # one clue each: still ambiguous


def test_a_personal_name_does_not_overrule_a_business_host(kb: KnowledgeBase) -> None:
    exmail, netease = kb.providers["tencent-exmail"], kb.providers["netease-163"]
    matches = (ProviderMatch(exmail, 1.0, "hwsmtp.exmail.qq.com"),
               ProviderMatch(netease, 0.95, "163"))
    typed = Situation(host=Quoted("hwsmtp.exmail.qq.com", "host: hwsmtp.exmail.qq.com"))
    assert [m.provider.id for m in leaders(matches, typed)] == ["tencent-exmail"]


def test_everyday_code_words_are_no_typos(names: NameFinder) -> None:
    found = {c.provider.id for c in names.find(normalize("python version main"))}
    assert not found


@pytest.mark.parametrize(("text", "entry"), [
    # truncated by the app that printed it, past the words the patterns need
    ("smtp error: 535-5.7.8 Username and Password not acc", "gmail-bad-credentials"),
    ("send failed: 535 Login Fail. Please enter your authorization co",
     "qq-authorization-code-required"),
])
def test_similarity_finds_a_truncated_error(kb: KnowledgeBase, text: str, entry: str) -> None:
    finder = ErrorFinder(kb)
    assert finder.find(normalize(text)) == []  # the patterns alone miss it
    assert [h.entry.id for h in finder.find_similar(normalize(text))] == [entry]


@pytest.mark.parametrize("text", [
    "Error: failed to connect, please help me",
    "error: the server said something about my password being wrong and failing",
    "550 something went wrong on the server side, I do not know what",
    "hello, how are you",
])
def test_similarity_does_not_fire_on_vague_text(kb: KnowledgeBase, text: str) -> None:
    assert ErrorFinder(kb).find_similar(normalize(text)) == []


# --- settings, clients, environments -------------------------------------------------------

@pytest.mark.parametrize(("text", "key", "value"), [
    ("MAIL_HOST=smtp.qq.com", "mail_host", "smtp.qq.com"),
    ("  host: 'smtp.qq.com',", "host", "smtp.qq.com"),
    ('"port": 465', "port", "465"),
    ("'smtp_port' => 587,", "smtp_port", "587"),
    ("$mail->Host = 'smtp.gmail.com';", "mail.host", "smtp.gmail.com"),
    ("gitlab_rails['smtp_tls'] = true", "gitlab_rails.smtp_tls", "true"),
    ('props.put("mail.smtp.ssl.enable", "true");', "mail.smtp.ssl.enable", "true"),
    ("client.Connect(host, 587, SecureSocketOptions.StartTls);", "securesocketoptions",
     "StartTls"),
])
def test_settings_finder(text: str, key: str, value: str) -> None:
    assert (key, value) in [(s.key, s.value) for s in settings_in(text)]


@pytest.mark.parametrize("text", [
    "see https://example.com/help for more",  # a URL's scheme is no setting
    "I tried everything",
])
def test_settings_finder_does_not_find(text: str) -> None:
    assert [s for s in settings_in(text) if s.key in ("https", "http")] == []
    assert all(s.last_part not in HOST_KEYS for s in settings_in(text))


@pytest.mark.parametrize(("text", "client"), [
    ("i use nodemailer 6.9", "nodemailer"),
    ("const t = nodemailer.createtransport({})", "nodemailer"),
    ("email_use_ssl = true", "django"),
    ("$mail->smtpsecure = 'tls';", "phpmailer"),
])
def test_client_finder(kb: KnowledgeBase, text: str, client: str) -> None:
    found = ClientFinder(kb).find(text, settings_in(text))
    assert found is not None and found.id == client


@pytest.mark.parametrize("text", [
    "my djangoproject account",  # names are whole words
    "which port does qq mail use?",
])
def test_client_finder_does_not_find(kb: KnowledgeBase, text: str) -> None:
    assert ClientFinder(kb).find(text, settings_in(text)) is None


@pytest.mark.parametrize(("text", "environment"), [
    ("程序部署在阿里云上", "alibaba-cloud-ecs"),
    ("running on an ec2 instance", "aws-ec2"),
    ("we deployed it on azure last week", "azure"),
])
def test_environment_finder(kb: KnowledgeBase, text: str, environment: str) -> None:
    found, phrases = EnvironmentFinder(kb).find(text)
    assert found is not None and found.id == environment and phrases


@pytest.mark.parametrize("text", [
    "阿里云邮箱的smtp服务器是什么",  # the mail product, not hosting
    "aliyun mail imap port",
    "i bought the domain from amazon",  # a brand with no hosting word
    "my azure ad password expired",
])
def test_environment_finder_does_not_find(kb: KnowledgeBase, text: str) -> None:
    assert EnvironmentFinder(kb).find(text) == (None, ())
