"""The stable JSON form of a probe report (``mailbot probe --json``); see README.md."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from bot.models import Lang
from bot.probing.results import ProbeReport, ProbeResult


def report_to_json(report: ProbeReport, lang: Lang = Lang.EN) -> dict[str, Any]:
    return {
        "target": report.target,
        "refused": report.refused.in_lang(lang) if report.refused else None,
        "refused_code": report.refused_code,
        "cached": report.cached,
        "results": [_result(r, lang) for r in report.results],
    }


def _result(result: ProbeResult, lang: Lang) -> dict[str, Any]:
    timings = {key: result.timings_ms.get(key) for key in ("dns", "connect", "tls", "banner",
                                                            "total")}
    return {
        "host": result.host,
        "ip": result.ip,
        "port": result.port,
        "protocol": result.protocol.value,
        "security": result.security.value,
        "ok": result.ok,
        "error": result.error,
        "error_kind": result.error_kind,
        "banner": result.banner,
        "capabilities": result.capabilities,
        "starttls": result.starttls,
        "auth_methods": result.auth_methods,
        "auth_before_tls": result.auth_before_tls,
        "login_disabled": result.login_disabled,
        "tls": asdict(result.tls) if result.tls else None,
        "timings_ms": timings,
        "diagnosis": [f.text.in_lang(lang) for f in result.diagnosis],
        "diagnosis_codes": [f.code for f in result.diagnosis],
    }
