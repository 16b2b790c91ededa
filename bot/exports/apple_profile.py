"""A setup as an unsigned Apple configuration profile (.mobileconfig) with one mail account.

One ``com.apple.mail.managed`` payload: the preferred incoming server (IMAP, else POP3) and
the preferred SMTP server, each encrypted where the provider offers it (``UseSSL`` covers
implicit TLS and STARTTLS). The address and the usernames derived from it are filled in
when the person gave one; otherwise the device asks for them on install. No password is ever
written: the device asks for it. The payload has no OAuth2 sign-in, so providers that allow
only OAuth2, or that need a bridge on a computer, get ExportRefused with what to do instead.
Identifiers are derived from the provider and address, so the same request gives the same file.
"""

from __future__ import annotations

import plistlib
import uuid
from typing import Any

from bot.exports.mail_setup import ExportRefused, MailSetup
from bot.models import Protocol, Security, Server, Text, UsernameForm

CONTENT_TYPE = "application/x-apple-aspen-config"
IDENTIFIER_PREFIX = "net.mailbot.mail"
_ACCOUNT_TYPES = {Protocol.IMAP: "EmailTypeIMAP", Protocol.POP3: "EmailTypePOP"}
_UUID_SPACE = uuid.UUID("6f1d3c52-5a3e-4f57-9a39-0d4a4e1d8b21")

OAUTH_ONLY = Text(
    "No iPhone/Mac profile for {name}: it allows only OAuth2 sign-in, which a profile "
    "cannot carry. Add the account in Settings → Mail → Accounts → Add Account with the "
    "provider's own account type (it opens the provider's sign-in page), or use its app.",
    "{name} 只允许 OAuth2 登录，而描述文件无法携带这种登录方式，因此不提供 iPhone/Mac 描述"
    "文件。请在“设置 → 邮件 → 账户 → 添加账户”中选择该服务商自己的账户类型（会打开服务商的"
    "登录页面），或使用其官方 App。")
BRIDGE = Text(
    "No iPhone/Mac profile for {name}: its mail servers are a bridge program on your own "
    "computer, which a phone cannot reach. Set the account up as the bridge tells you.",
    "{name} 的邮件服务器是运行在您自己电脑上的桥接程序，手机无法连接，因此不提供 iPhone/Mac "
    "描述文件。请按照桥接程序中显示的信息设置账户。")
MISSING = Text(
    "No iPhone/Mac profile for {name}: I know no {what} server for it.",
    "无法为 {name} 生成 iPhone/Mac 描述文件：我不知道它的{what}服务器。")


def apple_profile(setup: MailSetup) -> bytes:
    """The profile's bytes (an XML plist); ExportRefused when a profile cannot work."""
    if setup.oauth_only:
        raise ExportRefused(_with_advice(_named(OAUTH_ONLY, setup), setup))
    if setup.needs_bridge:
        raise ExportRefused(_with_advice(_named(BRIDGE, setup), setup))
    incoming = _preferred(setup, Protocol.IMAP) or _preferred(setup, Protocol.POP3)
    outgoing = _preferred(setup, Protocol.SMTP)
    if incoming is None or outgoing is None:
        what = ("incoming (IMAP/POP3)", "收信（IMAP/POP3）") if incoming is None else (
            "outgoing (SMTP)", "发信（SMTP）")
        raise ExportRefused(Text(MISSING.en.format(name=setup.name, what=what[0]),
                                 MISSING.zh.format(name=setup.name, what=what[1])))
    seed = f"{setup.id}\n{setup.address or ''}"
    mail: dict[str, Any] = {
        "PayloadType": "com.apple.mail.managed",
        "PayloadVersion": 1,
        "PayloadIdentifier": f"{IDENTIFIER_PREFIX}.{_label(setup.id)}.account",
        "PayloadUUID": str(uuid.uuid5(_UUID_SPACE, seed + "\naccount")).upper(),
        "PayloadDisplayName": setup.name,
        "EmailAccountDescription": setup.name,
        "EmailAccountType": _ACCOUNT_TYPES[incoming.protocol],
        "IncomingMailServerHostName": incoming.host,
        "IncomingMailServerPortNumber": incoming.port,
        "IncomingMailServerUseSSL": incoming.security is not Security.NONE,
        "IncomingMailServerAuthentication": "EmailAuthPassword",
        "OutgoingMailServerHostName": outgoing.host,
        "OutgoingMailServerPortNumber": outgoing.port,
        "OutgoingMailServerUseSSL": outgoing.security is not Security.NONE,
        "OutgoingMailServerAuthentication": "EmailAuthPassword",
        "OutgoingPasswordSameAsIncomingPassword": True,
    }
    if setup.address is not None:
        mail["EmailAddress"] = setup.address
        for key, server in (("IncomingMailServerUsername", incoming),
                            ("OutgoingMailServerUsername", outgoing)):
            username = username_for(server.username, setup.address)
            if username is not None:
                mail[key] = username
    profile = {
        "PayloadType": "Configuration",
        "PayloadVersion": 1,
        "PayloadIdentifier": f"{IDENTIFIER_PREFIX}.{_label(setup.id)}",
        "PayloadUUID": str(uuid.uuid5(_UUID_SPACE, seed)).upper(),
        "PayloadDisplayName": f"Mail: {setup.name}",
        "PayloadDescription": f"Mail settings for {setup.name}. Your device asks for the "
                              "password; it is not in this file.",
        "PayloadRemovalDisallowed": False,
        "PayloadContent": [mail],
    }
    return plistlib.dumps(profile, fmt=plistlib.FMT_XML, sort_keys=False)


def username_for(form: UsernameForm, address: str) -> str | None:
    """The username ``form`` makes of ``address``; None for an ID the provider issued."""
    local, _, domain = address.rpartition("@")
    return {UsernameForm.ADDRESS: address, UsernameForm.LOCAL_PART: local,
            UsernameForm.LOCAL_PART_DOT_DOMAIN: f"{local}.{domain}"}.get(form)


def _preferred(setup: MailSetup, protocol: Protocol) -> Server | None:
    """The first server of ``protocol`` that encrypts, else the first at all."""
    servers = [s for s in setup.servers if s.protocol is protocol]
    return next((s for s in servers if s.security is not Security.NONE),
                servers[0] if servers else None)


def _named(text: Text, setup: MailSetup) -> Text:
    return Text(text.en.format(name=setup.name), text.zh.format(name=setup.name))


def _with_advice(reason: Text, setup: MailSetup) -> Text:
    if setup.instead is None:
        return reason
    return Text(f"{reason.en}\n{setup.instead.en}", f"{reason.zh}\n{setup.instead.zh}")


def _label(text: str) -> str:
    return "".join(c if c.isalnum() or c == "-" else "-" for c in text.lower())
