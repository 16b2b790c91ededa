"""The closed vocabularies of a probe, each value written once.

The values are what ``mailbot probe --json`` prints (``error_kind``, ``refused_code``); a
``StrEnum`` member is the string itself, so comparing with or serialising to a plain string
gives the same result as before these were enums.
"""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    """Where a probe of one server is; a deadline that cuts it short names the stage."""

    DNS = "dns"
    CONNECT = "connect"
    TLS = "tls"
    BANNER = "banner"
    EHLO = "ehlo"
    STARTTLS = "starttls"
    CAPABILITIES = "capabilities"


class RefusalCode(StrEnum):
    """Why a target was refused before (or instead of) connecting."""

    BAD_TARGET = "bad-target"
    BAD_HOST = "bad-host"
    NOT_MAIL_PORT = "not-mail-port"
    UNKNOWN_PORT = "unknown-port"
    NOT_PUBLIC = "not-public"
    DNS = "dns"
    RATE_LIMITED = "rate-limited"
    NO_SERVERS = "no-servers"
    AMBIGUOUS = "ambiguous"


class ErrorKind(StrEnum):
    """What went wrong with one server (``ProbeResult.error_kind``)."""

    # refused for this server only (the others of a request are still probed)
    DNS = "dns"
    NOT_PUBLIC = "not-public"
    RATE_LIMITED = "rate-limited"
    # failures of the connection or the dialogue
    REFUSED = "refused"
    TIMEOUT = "timeout"  # only until the stage is known: then one of the *-timeout kinds
    TLS = "tls"
    CERT = "cert"
    CLOSED = "closed"
    NETWORK = "network"
    PROTOCOL = "protocol"
    NO_STARTTLS = "no-starttls"
    PLAINTEXT_INJECTION = "plaintext-injection"
    # a deadline ran out during this stage
    DNS_TIMEOUT = "dns-timeout"
    CONNECT_TIMEOUT = "connect-timeout"
    TLS_TIMEOUT = "tls-timeout"
    BANNER_TIMEOUT = "banner-timeout"
    EHLO_TIMEOUT = "ehlo-timeout"
    STARTTLS_TIMEOUT = "starttls-timeout"
    CAPABILITIES_TIMEOUT = "capabilities-timeout"

    @classmethod
    def timeout_in(cls, stage: Stage) -> ErrorKind:
        return cls(f"{stage.value}-timeout")

    @property
    def is_timeout(self) -> bool:
        return self.value.endswith("-timeout")

    @property
    def timed_out_stage(self) -> Stage | None:
        """The stage a ``*-timeout`` kind names, else None."""
        return Stage(self.value.removesuffix("-timeout")) if self.is_timeout else None


class Severity(StrEnum):
    """How much a finding matters to the person reading the report."""

    OK = "ok"
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


class FindingCode(StrEnum):
    """What a probe found, one line of its diagnosis (``diagnosis_codes`` in the JSON)."""

    WEAK_TLS = "weak-tls"
    CERT_EXPIRES_SOON = "cert-expires-soon"
    AUTH_AFTER_TLS = "auth-after-tls"
    AUTH_BEFORE_TLS = "auth-before-tls"
    LOGIN_DISABLED = "login-disabled"
    PORT_25_RELAY = "port-25-relay"
    NO_AUTH = "no-auth"
    WORKS = "works"
    WORKS_PLAINTEXT = "works-plaintext"
    PORT_25_BLOCKED = "port-25-blocked"
    NO_ANSWER = "no-answer"
    REFUSED = "refused"
    EXPECTS_STARTTLS = "expects-starttls"
    EXPECTS_IMPLICIT_TLS = "expects-implicit-tls"
    NO_GREETING = "no-greeting"
    NO_STARTTLS = "no-starttls"
    PLAINTEXT_INJECTION = "plaintext-injection"
    STALLED = "stalled"
    CERT_EXPIRED = "cert-expired"
    CERT_WRONG_NAME = "cert-wrong-name"
    CERT_SELF_SIGNED = "cert-self-signed"
    CERT_INVALID = "cert-invalid"
    REFUSED_TARGET = "refused-target"
    RATE_LIMITED = "rate-limited"
