"""Exports: every provider's autoconfig read back by the project's own clientConfig parser,
and Apple profiles read back by plistlib, for every provider in the knowledge base."""

from __future__ import annotations

import plistlib
import subprocess
import sys
from pathlib import Path

import pytest

from bot.discovery.client_config import parse_client_config
from bot.exports import (
    ExportRefused,
    apple_profile,
    autoconfig_document,
    clean_address,
    setup_for_provider,
)
from bot.knowledge_base import KnowledgeBase
from bot.models import LoginMethod, Protocol, ProviderStatus, Security, UsernameForm
from tests.conftest import REPO

MAIL_KEYS = {"PayloadType", "PayloadVersion", "PayloadIdentifier", "PayloadUUID",
             "EmailAccountType", "IncomingMailServerHostName", "IncomingMailServerPortNumber",
             "IncomingMailServerUseSSL", "IncomingMailServerAuthentication",
             "OutgoingMailServerHostName", "OutgoingMailServerPortNumber",
             "OutgoingMailServerUseSSL", "OutgoingMailServerAuthentication"}
PASSWORD_KEYS = {"IncomingPassword", "OutgoingPassword"}
EXPORTABLE = ("ok", "preparation", "oauth-only")


def exportable(kb: KnowledgeBase) -> list[str]:
    return [p.id for p in kb.providers.values() if p.status in EXPORTABLE and p.servers]


def test_every_provider_round_trips_through_the_client_config_parser(kb: KnowledgeBase) -> None:
    checked = 0
    for provider_id in exportable(kb):
        provider = kb.providers[provider_id]
        config = parse_client_config(autoconfig_document(setup_for_provider(provider)))
        expected = ([s for s in provider.servers if s.protocol is not Protocol.SMTP]
                    + [s for s in provider.servers if s.protocol is Protocol.SMTP])
        key = [(s.protocol, s.host, s.port, s.security, s.username) for s in expected]
        for domain in provider.domains:
            read = config.servers_for(domain)
            assert [(s.protocol, s.host, s.port, s.security, s.username) for s in read] == key, (
                provider_id)
        assert config.domains == provider.domains
        assert config.display_name == provider.name.en
        assert config.skipped == ()
        if provider.status is ProviderStatus.OAUTH_ONLY:
            assert {m for s in config.servers for m in s.sign_in} == {LoginMethod.OAUTH2}
        checked += 1
    assert checked >= 150, "the knowledge base is the test's table: it should be large"


def test_every_username_form_gets_its_placeholder(kb: KnowledgeBase) -> None:
    forms = {s.username for p in kb.providers.values() for s in p.servers}
    assert forms == set(UsernameForm), "a form no provider uses is not tested here"
    plusnet = autoconfig_document(setup_for_provider(kb.providers["plusnet"])).decode()
    assert "%EMAIL" not in plusnet  # an ID the provider issues is never derived


def test_every_provider_has_a_profile_or_a_reason(kb: KnowledgeBase) -> None:
    made = refused = 0
    for provider_id in exportable(kb):
        provider = kb.providers[provider_id]
        address = f"zhang.san@{provider.domains[0]}" if provider.domains else None
        try:
            body = apple_profile(setup_for_provider(provider, address))
        except ExportRefused as no_profile:
            methods = set(provider.login.methods)
            assert (provider.status is ProviderStatus.OAUTH_ONLY or methods <= {
                LoginMethod.OAUTH2} or LoginMethod.BRIDGE in methods
                    or not provider.servers_for(Protocol.SMTP)
                    or not (provider.servers_for(Protocol.IMAP)
                            or provider.servers_for(Protocol.POP3))), provider_id
            assert no_profile.reason.en and no_profile.reason.zh
            refused += 1
            continue
        profile = plistlib.loads(body)
        assert profile["PayloadType"] == "Configuration"
        [mail] = profile["PayloadContent"]
        assert mail["PayloadType"] == "com.apple.mail.managed"
        assert set(mail) >= MAIL_KEYS and not PASSWORD_KEYS & set(mail)
        assert mail["PayloadUUID"] != profile["PayloadUUID"]
        if address is not None:
            assert mail["EmailAddress"] == address
        hosts = {(s.host, s.port) for s in provider.servers}
        assert (mail["IncomingMailServerHostName"], mail["IncomingMailServerPortNumber"]) in hosts
        assert (mail["OutgoingMailServerHostName"], mail["OutgoingMailServerPortNumber"]) in hosts
        made += 1
    assert made > 100 and refused >= 3


def test_profile_usernames_follow_the_form_and_the_address(kb: KnowledgeBase) -> None:
    qq = plistlib.loads(apple_profile(setup_for_provider(kb.providers["qq-mail"], "Zhang@QQ.com")))
    [mail] = qq["PayloadContent"]
    assert mail["EmailAddress"] == "Zhang@qq.com"
    assert mail["IncomingMailServerUsername"] == "Zhang@qq.com"
    assert mail["EmailAccountType"] == "EmailTypeIMAP"
    assert mail["IncomingMailServerUseSSL"] is True and mail["OutgoingMailServerUseSSL"] is True
    anonymous = plistlib.loads(apple_profile(setup_for_provider(kb.providers["qq-mail"])))
    assert not {"EmailAddress", "IncomingMailServerUsername"} & set(
        anonymous["PayloadContent"][0])
    local = next(p for p in kb.providers.values()
                 if p.status is ProviderStatus.OK and p.login.username is UsernameForm.LOCAL_PART
                 and p.servers_for(Protocol.IMAP) and p.servers_for(Protocol.SMTP)
                 and p.login.username is p.servers_for(Protocol.IMAP)[0].username)
    [mail] = plistlib.loads(apple_profile(setup_for_provider(
        local, f"taro@{local.domains[0]}")))["PayloadContent"]
    assert mail["IncomingMailServerUsername"] == "taro"


def test_a_profile_prefers_an_encrypted_server(kb: KnowledgeBase) -> None:
    for provider in kb.providers.values():
        try:
            body = apple_profile(setup_for_provider(provider))
        except ExportRefused:
            continue
        [mail] = plistlib.loads(body)["PayloadContent"]
        for protocol, side in ((Protocol.IMAP, "Incoming"), (Protocol.SMTP, "Outgoing")):
            if mail["EmailAccountType"] == "EmailTypePOP" and protocol is Protocol.IMAP:
                continue
            if any(s.security is not Security.NONE for s in provider.servers_for(protocol)):
                assert mail[f"{side}MailServerUseSSL"] is True, provider.id


def test_oauth_only_and_bridge_providers_say_what_to_do(kb: KnowledgeBase) -> None:
    with pytest.raises(ExportRefused) as outlook:
        apple_profile(setup_for_provider(kb.providers["outlook"]))
    assert "OAuth2" in outlook.value.reason.en and "Add Account" in outlook.value.reason.en
    with pytest.raises(ExportRefused) as proton:
        apple_profile(setup_for_provider(kb.providers["proton"]))
    assert "bridge" in proton.value.reason.en and "Bridge" in proton.value.reason.zh


@pytest.mark.parametrize("text", ["zhang", "a@b", "a\"<b>@qq.com", "x@qq.com\n<key>",
                                  "a@" + "b" * 300 + ".com", "a..b@qq.com"])
def test_a_bad_address_is_never_written(text: str) -> None:
    with pytest.raises(ValueError):
        clean_address(text)


def test_special_characters_in_an_address_are_escaped(kb: KnowledgeBase) -> None:
    address = "o'brien&co+tag@qq.com"
    body = apple_profile(setup_for_provider(kb.providers["qq-mail"], address))
    assert plistlib.loads(body)["PayloadContent"][0]["EmailAddress"] == address
    assert b"&amp;co" in body


def mailbot(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True,
                          timeout=60, cwd=REPO, check=False)


def test_cli_writes_files_and_refuses_politely(tmp_path: Path) -> None:
    done = mailbot("export", "--format", "autoconfig", "--offline", "zhang@189.cn")
    assert done.returncode == 0 and done.stderr == b""  # nothing to switch on first
    done = mailbot("export", "--format", "autoconfig", "--offline", "zhang@163.com")
    assert done.returncode == 0 and b"mail.163.com" in done.stderr  # what to switch on first
    assert parse_client_config(done.stdout).display_name == "NetEase 163 Mail"
    target = tmp_path / "qq.mobileconfig"
    done = mailbot("export", "--format", "mobileconfig", "--offline", "zhang@qq.com",
                   "-o", str(target))
    assert done.returncode == 0 and str(target).encode() in done.stderr
    assert plistlib.loads(target.read_bytes())["PayloadContent"][0]["EmailAddress"] == (
        "zhang@qq.com")
    done = mailbot("export", "--format", "mobileconfig", "--offline", "outlook.com")
    assert done.returncode == 1 and done.stdout == b"" and b"OAuth2" in done.stderr
    done = mailbot("export", "--format", "mobileconfig", "--offline", "--lang", "zh",
                   "no-such-provider-here.example")
    assert done.returncode == 1 and done.stdout == b""
    assert "服务" in done.stderr.decode() and b"Traceback" not in done.stderr
    done = mailbot("export", "--format", "autoconfig", "--offline", "zh\"<x>ang@163.com")
    assert done.returncode == 1 and done.stdout == b"" and b"Traceback" not in done.stderr
