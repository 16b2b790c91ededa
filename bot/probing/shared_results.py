"""Probe results several replicas share: one real probe of a server per cooldown, bot-wide.

Each ``Prober`` keeps its results for the cooldown (one real probe of a server a minute);
behind a load balancer the next request for the same server may reach another replica,
which would connect again. A ``SharedProbeResults`` (the Telegram front end's keeps them in
the state store) lets it answer with the result another replica found. Results travel as
JSON, never pickle: whoever can write the store must not be able to run code here; a result
this version cannot read is probed again rather than guessed at.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any, Protocol

from bot.models import Protocol as MailProtocol
from bot.models import Security, Text
from bot.probing.codes import ErrorKind, FindingCode, Severity, Stage
from bot.probing.results import Finding, ProbeResult, ServerSpec, TlsInfo

FORMAT = 1


class SharedProbeResults(Protocol):
    async def cached(self, key: str) -> str | None:
        """The encoded result another replica kept under ``key`` (``decode`` it), or None."""
        ...

    async def keep(self, key: str, encoded: str, ttl: float) -> None: ...


def key_of(spec: ServerSpec) -> str:
    return f"{spec.host}:{spec.port}:{spec.protocol.value}:{spec.security.value}"


def encode(result: ProbeResult) -> str:
    fields = asdict(result)
    fields["diagnosis"] = [{"code": f.code.value, "en": f.text.en, "zh": f.text.zh,
                            "severity": f.severity.value} for f in result.diagnosis]
    return json.dumps({"format": FORMAT, "result": fields}, ensure_ascii=False)


def decode(text: str) -> ProbeResult | None:
    """The result in ``text``; None for anything this version did not write."""
    try:
        document = json.loads(text)
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            return None
        return _result(document["result"])
    except (ValueError, KeyError, TypeError):
        return None


def _result(fields: dict[str, Any]) -> ProbeResult:
    tls = fields.get("tls")
    return ProbeResult(
        host=str(fields["host"]), port=int(fields["port"]),
        protocol=MailProtocol(fields["protocol"]), security=Security(fields["security"]),
        ip=fields.get("ip"), ok=bool(fields.get("ok")), error=fields.get("error"),
        error_kind=ErrorKind(fields["error_kind"]) if fields.get("error_kind") else None,
        banner=fields.get("banner"), capabilities=list(fields.get("capabilities") or []),
        starttls=fields.get("starttls"), auth_methods=list(fields.get("auth_methods") or []),
        auth_before_tls=list(fields.get("auth_before_tls") or []),
        login_disabled=fields.get("login_disabled"),
        plaintext_injection=bool(fields.get("plaintext_injection")),
        tls=TlsInfo(**{**tls, "names": tuple(tls.get("names") or ())}) if tls else None,
        timings_ms={str(k): float(v) for k, v in (fields.get("timings_ms") or {}).items()},
        diagnosis=[Finding(_code(f["code"]), Text(f["en"], f["zh"]), Severity(f["severity"]))
                   for f in fields.get("diagnosis") or []],
        stage=Stage(fields.get("stage") or Stage.DNS.value))


def _code(value: str) -> FindingCode | ErrorKind:
    try:
        return FindingCode(value)
    except ValueError:
        return ErrorKind(value)
