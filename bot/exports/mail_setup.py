"""What an export is made of: the servers, the sign-in and the person's address, checked.

A ``MailSetup`` is built from a knowledge-base provider or from an answer discovery found;
the exporters read only it. ``ExportRefused`` carries the reason (in both languages) an
export cannot be made, and what to do instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.models import Answer, LoginMethod, Provider, ProviderStatus, Server, Text

# Strict on purpose: the address is written into a file a phone installs.
_ADDRESS = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]{1,62}")
MAX_ADDRESS = 254
_NO_SETTINGS = {ProviderStatus.DISCONTINUED, ProviderStatus.NO_CLIENT_ACCESS}


class ExportRefused(ValueError):
    """No file can be made for this setup; ``reason`` says why and what to do instead."""

    def __init__(self, reason: Text) -> None:
        super().__init__(reason.en)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class MailSetup:
    id: str  # a stable name for the file and the profile's identifiers
    name: str  # what the mail app shows
    domains: tuple[str, ...]
    servers: tuple[Server, ...]  # in the provider's order of preference
    methods: tuple[LoginMethod, ...]
    address: str | None = None  # the person's own, checked by clean_address
    help_urls: tuple[str, ...] = ()
    instead: Text | None = None  # the provider's own sign-in advice (knowledge)

    @property
    def oauth_only(self) -> bool:
        return bool(self.methods) and set(self.methods) <= {LoginMethod.OAUTH2}

    @property
    def needs_bridge(self) -> bool:
        return LoginMethod.BRIDGE in self.methods


def clean_address(text: str | None) -> str | None:
    """``text`` as an address fit to write into a file; None for none, ValueError if bad."""
    if text is None or not text.strip():
        return None
    address = text.strip()
    if len(address) > MAX_ADDRESS or not _ADDRESS.fullmatch(address):
        raise ValueError("not an e-mail address")
    local, _, domain = address.rpartition("@")
    return f"{local}@{domain.lower()}"


def setup_for_provider(provider: Provider, address: str | None = None) -> MailSetup:
    """The export of a knowledge-base provider; ExportRefused when it has no usable servers."""
    if provider.status in _NO_SETTINGS or not provider.servers:
        raise ExportRefused(Text(
            f"{provider.name.en} cannot be used from a mail app, so there is no file to "
            "set one up.",
            f"{provider.name.zh} 无法在邮件客户端中使用，因此没有可用的配置文件。"))
    return MailSetup(
        id=provider.id, name=provider.name.en, domains=provider.domains,
        servers=provider.servers, methods=(
            (LoginMethod.OAUTH2,) if provider.status is ProviderStatus.OAUTH_ONLY
            else provider.login.methods),
        address=clean_address(address), help_urls=tuple(link.url for link in provider.help),
        instead=provider.login.note)


def setup_for_answer(answer: Answer, address: str | None = None) -> MailSetup:
    """The export of an answer's servers: its provider's, or what discovery found."""
    provider = answer.provider
    if provider is not None:
        return setup_for_provider(provider, address)
    if not answer.servers or answer.domain is None:
        raise ExportRefused(Text(
            "I have no servers to put in a file for that: name a provider or an address.",
            "我没有可写入配置文件的服务器信息：请告诉我邮箱服务商或邮箱地址。"))
    return MailSetup(id=answer.domain, name=answer.domain, domains=(answer.domain,),
                     servers=answer.servers, methods=(LoginMethod.PASSWORD,),
                     address=clean_address(address))
