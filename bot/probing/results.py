"""What a probe found, as plain values (rendered by bot.rendering.probe_card and report_json)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from bot.models import Protocol, Security, Text
from bot.probing.codes import ErrorKind, FindingCode, RefusalCode, Severity, Stage


@dataclass(frozen=True, slots=True)
class ServerSpec:
    """One server to probe: the name (for SNI and the certificate) and how to speak to it."""

    host: str
    port: int
    protocol: Protocol
    security: Security


@dataclass(frozen=True, slots=True)
class TlsInfo:
    version: str | None = None
    cipher: str | None = None
    cert_valid: bool | None = None
    cert_error: str | None = None  # why verification failed, as OpenSSL says it
    hostname_match: bool | None = None
    subject: str | None = None
    issuer: str | None = None
    not_after: str | None = None  # ISO 8601, UTC
    days_left: int | None = None
    self_signed: bool | None = None
    names: tuple[str, ...] = ()  # the DNS names the certificate is for (subjectAltName)


@dataclass(frozen=True, slots=True)
class Finding:
    """One plain-language line of the diagnosis; ``code`` is stable for scripts."""

    code: FindingCode | ErrorKind  # a failure with nothing more specific: its error kind
    text: Text
    severity: Severity = Severity.INFO


@dataclass
class ProbeResult:
    host: str
    port: int
    protocol: Protocol
    security: Security
    ip: str | None = None
    ok: bool = False
    error: str | None = None
    error_kind: ErrorKind | None = None
    banner: str | None = None
    capabilities: list[str] = field(default_factory=list)
    starttls: bool | None = None  # offered by the server (None: not asked)
    auth_methods: list[str] = field(default_factory=list)
    auth_before_tls: list[str] = field(default_factory=list)
    login_disabled: bool | None = None
    plaintext_injection: bool = False
    tls: TlsInfo | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)
    diagnosis: list[Finding] = field(default_factory=list)
    # Where the probe is (connect, tls, banner, ...) and when that phase began
    # (perf_counter seconds): says which phase a deadline cut short.
    stage: Stage = Stage.DNS
    stage_started: float = 0.0


@dataclass
class ProbeReport:
    target: str
    refused: Text | None = None
    refused_code: RefusalCode | None = None
    results: list[ProbeResult] = field(default_factory=list)
    cached: bool = False


# What a result keeps once probed: a hostile server's endless capability list or banner must
# not make every cached result half a megabyte.
MAX_STORED_CAPABILITIES = 64
MAX_STORED_TEXT = 512


def stored_form(result: ProbeResult) -> ProbeResult:
    """``result`` with server-provided lists and texts cut to what a reply can use."""
    def cut(text: str | None) -> str | None:
        return text if text is None or len(text) <= MAX_STORED_TEXT else text[:MAX_STORED_TEXT]

    def few(items: list[str]) -> list[str]:
        return [item[:MAX_STORED_TEXT] for item in items[:MAX_STORED_CAPABILITIES]]

    return replace(result, banner=cut(result.banner), error=cut(result.error),
                   capabilities=few(result.capabilities), auth_methods=few(result.auth_methods),
                   auth_before_tls=few(result.auth_before_tls))


def approximate_size(result: ProbeResult) -> int:
    """Bytes a stored result takes, roughly: its texts and lists, plus a fixed overhead."""
    texts = [result.banner, result.error, *result.capabilities, *result.auth_methods,
             *result.auth_before_tls, *(f.text.en + f.text.zh for f in result.diagnosis)]
    return 1024 + sum(len(t) for t in texts if t)
