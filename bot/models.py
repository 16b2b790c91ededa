"""The value types every part of mailbot shares (frozen dataclasses and string enums, no
behaviour beyond small derived views); the engine builds them, front ends only read them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.diagnosis_codes import DiagnosisCode as DiagnosisCode


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


class KnownBy(StrEnum):  # how a server fact is known, from its sources (knowledge/README.md)
    OFFICIAL = "official"  # the provider's own page states it
    DATABASES = "databases"  # two or more independent client databases agree
    SINGLE = "single"  # one third-party source, or marked unverified


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
    unverified: bool = False  # no official page states these steps

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
    servers: tuple[str, ...] | None = None  # "host:port" it states; None: read `covers`
    as_of: str | None = None  # the date the source itself gives for its facts (YYYY-MM[-DD])


@dataclass(frozen=True, slots=True)
class DatedNote:
    text: Text
    date: str | None = None


@dataclass(frozen=True, slots=True)
class DatedChange:
    """A dated change of a provider's rules ("when did Gmail stop accepting passwords?")."""

    date: str  # ISO YYYY-MM-DD
    text: Text  # what changed, as one sentence that follows the date
    match: tuple[str, ...]  # lower-case regexes: the questions this change answers
    sources: tuple[str, ...]  # URLs, each one of the provider's sources
    unverified: bool = False  # no official source states this exact date


@dataclass(frozen=True, slots=True)
class MxRecord:
    """An MX record a customer domain of a hosted-mail platform needs."""

    host: str
    priority: int
    unverified: bool = False


@dataclass(frozen=True, slots=True)
class Server:
    protocol: Protocol
    host: str
    port: int
    security: Security
    username: UsernameForm
    note: Text | None = None
    unverified: bool = False
    known_by: KnownBy = KnownBy.SINGLE


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
    generated: bool = False  # written by tools/import_ispdb.py: a curated file knows more
    changes: tuple[DatedChange, ...] = ()  # oldest first
    mx_records: tuple[MxRecord, ...] = ()  # what a customer domain's MX must say
    usual_reading_of: tuple[str, ...] = ()  # names (aliases) most people mean this provider by

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
    diagnosis: DiagnosisCode | None = None  # what this error says about the setup
    not_examples: tuple[str, ...] = ()  # texts that must not match (tests)


class ToolKind(StrEnum):
    LIBRARY = "library"
    APP = "app"
    CLIENT = "client"
    TOOL = "tool"


class OptionEffect(StrEnum):
    """What a tool does when one of its TLS settings has a given value."""

    SSL = "ssl"
    STARTTLS = "starttls"
    NONE = "none"
    BY_PORT = "by-port"  # the tool itself picks implicit TLS on 465, STARTTLS elsewhere


@dataclass(frozen=True, slots=True)
class ClientOption:
    key: str  # lower case; matches a setting's name or its last dotted parts
    value: str  # a regular expression over the lower-cased, unquoted value
    effect: OptionEffect


@dataclass(frozen=True, slots=True)
class Client:
    """A mail library, app or client, and how its settings spell the TLS mode."""

    id: str
    name: str
    kind: ToolKind
    names: tuple[str, ...]
    signatures: tuple[str, ...]
    tls: dict[Security, str]  # how to ask it for each mode, as the person would type it
    options: tuple[ClientOption, ...]
    cannot: tuple[Security, ...]
    note: Text | None
    sources: tuple[Source, ...]


class EnvironmentKind(StrEnum):
    CLOUD = "cloud"
    HOME = "home"
    CONTAINER = "container"


@dataclass(frozen=True, slots=True)
class Environment:
    """Where an app runs, and which outbound mail ports are blocked there by default."""

    id: str
    name: Text
    kind: EnvironmentKind
    names: tuple[str, ...]  # phrases that alone say the app runs there
    brands: tuple[str, ...]  # the company's bare names: hosting only next to a hosting word
    blocked_ports: tuple[int, ...]
    unblock: Text | None
    sources: tuple[Source, ...]


class PasswordKind(StrEnum):
    """What kind of secret the person says they log in with (the ``login`` vocabulary)."""

    PASSWORD = "password"
    APP_PASSWORD = "app-password"
    AUTHORIZATION_CODE = "authorization-code"
    OAUTH2 = "oauth2"


class SaidDone(StrEnum):
    """What the person says they already did or saw (so the reply goes to the next cause)."""

    SERVICE_ENABLED = "service-enabled"  # "已开启 SMTP 服务", "IMAP is enabled"
    AUTHORIZATION_CODE = "authorization-code"  # "用的是授权码"
    APP_PASSWORD = "app-password"  # "already using an app password"
    TWO_FACTOR_ON = "two-factor-on"
    TWO_FACTOR_OFF = "two-factor-off"
    LESS_SECURE_APPS_ON = "less-secure-apps-on"
    PORT_UNREACHABLE = "port-unreachable"  # "telnet smtp.qq.com 465 不通"
    PORT_25_BLOCKED = "port-25-blocked"  # "25端口被封", "port 25 is blocked"
    WORKS_ELSEWHERE = "works-elsewhere"  # "works on my Mac but not on the server"
    PASSWORD_CHECKED = "password-checked"  # "the password is correct", "can log in on the web"


@dataclass(frozen=True, slots=True)
class Quoted:
    """A value read from the message, and the part of the message it was read from."""

    value: str
    quote: str


@dataclass(frozen=True, slots=True)
class Situation:
    """The person's own setup as their message states it; None where it says nothing."""

    host: Quoted | None = None
    port: Quoted | None = None
    security: Security | None = None  # what the tool will actually do
    security_quote: str | None = None
    tls_conflict: str | None = None  # both SSL and STARTTLS switched on: the quote
    username: Quoted | None = None
    sender: Quoted | None = None  # the From address, when a setting names it
    password_kind: PasswordKind | None = None
    client: Client | None = None
    environment: Environment | None = None
    said_done: tuple[SaidDone, ...] = ()
    connected_to: Quoted | None = None  # where an error says it connected ("127.0.0.1:587")
    # words read as where the app runs ("部署在阿里云"): they name no mailbox provider
    hosting_phrases: tuple[str, ...] = ()

    @property
    def port_number(self) -> int | None:
        return int(self.port.value) if self.port is not None else None

    @property
    def client_name(self) -> str | None:
        return self.client.name.casefold() if self.client else None

    @property
    def environment_name(self) -> str | None:
        return self.environment.name.en.casefold() if self.environment else None

    @property
    def is_empty(self) -> bool:
        return self == Situation()


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """One thing wrong with the person's setup, most likely first in an Answer."""

    code: DiagnosisCode
    text: Text
    fix: Steps
    quote: str | None = None  # the part of the message that led to it (secrets redacted)


class AnswerSource(StrEnum):
    """Where an answer's servers came from (the JSON's ``source``)."""

    KNOWLEDGE = "knowledge"  # the bundled knowledge base
    MX = "mx"  # the domain's MX records name a platform the knowledge base holds
    SRV = "srv"  # the domain's SRV records (RFC 6186)
    AUTOCONFIG = "autoconfig"  # the domain's own autoconfig document
    ISPDB_ONLINE = "ispdb-online"  # Thunderbird's online ISP database
    GUESS = "guess"  # common host names the probe confirmed


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
    WHEN = "when"  # when a provider changed a rule (a dated change)
    YES_NO = "yes_no"  # "does Yahoo support POP?": yes or no, then the server
    MYTH = "myth"  # a yes/no question stating a wrong server: "No.", then the right one
    MX_RECORDS = "mx_records"  # the MX records a hosted-mail domain needs
    WHICH_PORT = "which_port"  # a general question about ports and TLS modes
    COMPARISON = "comparison"  # a general comparison (IMAP vs POP)


# The kinds of question that are not lookups, answered about one provider's facts.
QUESTION_KINDS = frozenset({Intent.WHEN, Intent.YES_NO, Intent.MYTH, Intent.MX_RECORDS})
# Every intent whose answer is about one provider's servers (buttons, follow-ups, probes).
PROVIDER_INTENTS = frozenset({Intent.SETTINGS, *QUESTION_KINDS})


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
    # domains seen only as the host of a web link (https://support.apple.com/HT202304): a
    # help page the person read, not the mailbox they ask about
    web_hosts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GeneralTopic:
    """A general mail question with a knowledge-base answer (e.g. which port is STARTTLS)."""

    id: str
    text: Text
    intent: Intent | None = None  # which_port, comparison: a kind of question (else general)


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
    source: AnswerSource = AnswerSource.KNOWLEDGE
    general: GeneralTopic | None = None
    ambiguous_name: str | None = None  # the name as typed, when it fits several providers
    found_how: Text | None = None  # discovery: how the answer was found
    evidence: tuple[str, ...] = ()  # discovery: the records or URL behind it
    # an unknown domain that looks like a typo of a known one: (known domain, its provider)
    did_you_mean: tuple[str, Provider] | None = None
    lookup_failed: bool = False  # discovery could not finish (DNS down, deadline): unknown
    situation: Situation | None = None  # the person's own setup, read from the message
    diagnoses: tuple[Diagnosis, ...] = ()  # what is wrong with it, most likely first
    alternatives: tuple[Provider, ...] = ()  # the other readings of a name, offered in a line
    verdict: bool | None = None  # yes_no/myth: the answer to the question asked
    claim: str | None = None  # myth: the wrong value the question stated ("exchange.microsoft.com")
    changes: tuple[DatedChange, ...] = ()  # when: the dated changes that answer the question
    # a follow-up answered for the provider the conversation was about ("Still QQ Mail: …")
    continues: bool = False

    @property
    def asked_protocols(self) -> tuple[Protocol, ...]:
        return self.question.protocols

    @property
    def provider(self) -> Provider | None:
        """The single provider answered for, or None when none or several."""
        return self.providers[0] if len(self.providers) == 1 else None
