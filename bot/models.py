"""The value types every part of mailbot shares: knowledge, questions and answers.

Frozen dataclasses and string enums only; no behaviour beyond small derived views. The
engine builds these, the renderers and front ends only read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Lang(StrEnum):
    EN = "en"
    ZH = "zh"


class Protocol(StrEnum):
    IMAP = "imap"
    POP3 = "pop3"
    SMTP = "smtp"


class Security(StrEnum):
    SSL = "ssl"  # implicit TLS from the first byte
    STARTTLS = "starttls"
    NONE = "none"


class UsernameForm(StrEnum):
    ADDRESS = "address"
    LOCAL_PART = "local-part"
    LOCAL_PART_DOT_DOMAIN = "local-part.domain"  # taro@dd.iij4u.or.jp -> taro.dd.iij4u.or.jp
    ACCOUNT_ID = "account-id"  # an ID the provider issued, not derived from the address


class LoginMethod(StrEnum):
    PASSWORD = "password"
    APP_PASSWORD = "app-password"
    AUTHORIZATION_CODE = "authorization-code"
    OAUTH2 = "oauth2"
    BRIDGE = "bridge"
    NONE = "none"


class ProviderStatus(StrEnum):
    OK = "ok"
    PREPARATION = "preparation"
    OAUTH_ONLY = "oauth-only"
    NO_CLIENT_ACCESS = "no-client-access"
    DISCONTINUED = "discontinued"  # the service has shut down


class ProviderKind(StrEnum):
    PERSONAL = "personal"
    BUSINESS = "business"
    ISP = "isp"


class SourceKind(StrEnum):
    OFFICIAL = "official"
    CLIENT_DATABASE = "client-database"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Text:
    """A phrase in both languages the bot speaks."""

    en: str
    zh: str

    def in_lang(self, lang: Lang) -> str:
        return self.zh if lang is Lang.ZH else self.en


@dataclass(frozen=True, slots=True)
class Steps:
    """An ordered list of instructions in both languages (same length in each)."""

    en: tuple[str, ...]
    zh: tuple[str, ...]

    def in_lang(self, lang: Lang) -> tuple[str, ...]:
        return self.zh if lang is Lang.ZH else self.en


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    title: str


@dataclass(frozen=True, slots=True)
class Source:
    url: str
    kind: SourceKind
    checked: str
    covers: str


@dataclass(frozen=True, slots=True)
class DatedNote:
    text: Text
    date: str | None = None


@dataclass(frozen=True, slots=True)
class Server:
    protocol: Protocol
    host: str
    port: int
    security: Security
    username: UsernameForm
    note: Text | None = None
    unverified: bool = False


@dataclass(frozen=True, slots=True)
class Login:
    methods: tuple[LoginMethod, ...]
    username: UsernameForm
    note: Text | None = None


@dataclass(frozen=True, slots=True)
class Provider:
    id: str
    name: Text
    kind: ProviderKind
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    mx_patterns: tuple[str, ...]
    status: ProviderStatus
    login: Login
    servers: tuple[Server, ...]
    sources: tuple[Source, ...]
    help: tuple[Link, ...] = ()
    enable: Steps | None = None
    notes: tuple[DatedNote, ...] = ()
    disagreements: tuple[Text, ...] = ()

    def servers_for(self, protocol: Protocol) -> tuple[Server, ...]:
        return tuple(s for s in self.servers if s.protocol is protocol)


@dataclass(frozen=True, slots=True)
class TroubleshootingEntry:
    id: str
    title: Text
    match: tuple[str, ...]
    examples: tuple[str, ...]
    providers: tuple[str, ...]
    protocols: tuple[Protocol, ...]
    cause: Text
    fix: Steps
    sources: tuple[Source, ...]


class Intent(StrEnum):
    """What the user wants, as the engine understood it."""

    SETTINGS = "settings"  # servers/ports/... for a known provider
    ERROR = "error"  # a pasted error message
    GENERAL = "general"  # a general mail question ("which port is STARTTLS?")
    AMBIGUOUS = "ambiguous"  # a name that fits several providers
    UNKNOWN_PROVIDER = "unknown_provider"  # a domain we hold nothing for
    NEED_PROVIDER = "need_provider"  # a setup question that names no provider
    OFF_TOPIC = "off_topic"
    EMPTY = "empty"


class Attribute(StrEnum):
    """The detail of a server the user asked about."""

    PORT = "port"
    SERVER = "server"
    SECURITY = "security"
    USERNAME = "username"
    PASSWORD = "password"


@dataclass(frozen=True, slots=True)
class Question:
    """What the understanding step pulled out of a message."""

    raw: str
    normalized: str
    lang: Lang
    addresses: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    host_ports: tuple[tuple[str, int], ...] = ()
    ports: tuple[int, ...] = ()  # mail port numbers mentioned on their own
    protocols: tuple[Protocol, ...] = ()
    attributes: tuple[Attribute, ...] = ()
    security_asked: Security | None = None
    mail_words: int = 0  # how many mail-setup words the text contains
    looks_like_secret: bool = False
    traditional: bool = False  # Chinese written in Traditional characters (reply in them too)


@dataclass(frozen=True, slots=True)
class GeneralTopic:
    """A general mail question with a knowledge-base answer (e.g. which port is STARTTLS)."""

    id: str
    text: Text


@dataclass(frozen=True, slots=True)
class Answer:
    """The engine's reply, before rendering."""

    question: Question
    intent: Intent
    lang: Lang
    providers: tuple[Provider, ...] = ()
    domain: str | None = None
    servers: tuple[Server, ...] = ()
    troubleshooting: tuple[TroubleshootingEntry, ...] = ()
    confidence: float = 0.0
    source: str = "knowledge"
    general: GeneralTopic | None = None
    ambiguous_name: str | None = None  # the name as typed, when it fits several providers
    found_how: Text | None = None  # discovery: how the answer was found
    evidence: tuple[str, ...] = ()  # discovery: the records or URL behind it
    # an unknown domain that looks like a typo of a known one: (known domain, its provider)
    did_you_mean: tuple[str, Provider] | None = None

    @property
    def asked_protocols(self) -> tuple[Protocol, ...]:
        return self.question.protocols

    @property
    def provider(self) -> Provider | None:
        """The single provider answered for, or None when none or several."""
        return self.providers[0] if len(self.providers) == 1 else None
