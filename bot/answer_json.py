"""The stable JSON form of an Answer (``mailbot ask --json``); documented in README.md.

Others script against these keys: add keys, never rename or remove them.
"""

from __future__ import annotations

from typing import Any

from bot.known_by import verified
from bot.models import Answer, Intent, Situation
from bot.rendering.card_builder import build_card
from bot.rendering.plain_text import render_plain


def answer_to_json(answer: Answer, *, text: str | None = None) -> dict[str, Any]:
    provider = answer.provider
    return {
        "question": answer.question.raw,
        "lang": answer.lang.value,
        "intent": answer.intent.value,
        "provider": {"id": provider.id, "name": provider.name.in_lang(answer.lang)}
        if provider else None,
        "candidates": [
            {"id": p.id, "name": p.name.in_lang(answer.lang)} for p in answer.providers
        ],
        "domain": answer.domain,
        "servers": [
            {
                "protocol": s.protocol.value,
                "host": s.host,
                "port": s.port,
                "security": s.security.value,
                "username": s.username.value,
                "verified": verified(s),
                "known_by": s.known_by.value,
            }
            for s in answer.servers
        ],
        "login": [m.value for m in provider.login.methods] if provider else [],
        "status": provider.status.value if provider else None,
        "troubleshooting": [
            {"id": e.id, "title": e.title.in_lang(answer.lang)} for e in answer.troubleshooting
        ],
        "confidence": round(answer.confidence, 3),
        "source": answer.source,
        "found_how": answer.found_how.in_lang(answer.lang) if answer.found_how else None,
        "evidence": list(answer.evidence),
        "did_you_mean": {
            "domain": answer.did_you_mean[0],
            "provider": {"id": answer.did_you_mean[1].id,
                         "name": answer.did_you_mean[1].name.in_lang(answer.lang)},
        } if answer.did_you_mean else None,
        "secret_warning": answer.question.looks_like_secret,
        "lookup_failed": answer.lookup_failed,
        "situation": situation_to_json(answer.situation),
        "diagnosis": [
            {"code": d.code.value, "text": d.text.in_lang(answer.lang),
             "fix": list(d.fix.in_lang(answer.lang)), "quote": d.quote}
            for d in answer.diagnoses
        ],
        "verdict": answer.verdict,
        "claim": answer.claim,
        "changes": [{"date": c.date, "text": c.text.in_lang(answer.lang),
                     "unverified": c.unverified} for c in answer.changes],
        "mx_records": [{"host": r.host, "priority": r.priority, "unverified": r.unverified}
                       for r in (provider.mx_records if provider is not None
                                 and answer.intent is Intent.MX_RECORDS else ())],
        "also": [{"id": p.id, "name": p.name.in_lang(answer.lang)} for p in answer.alternatives],
        "text": text if text is not None else render_plain(build_card(answer)),
    }


def situation_to_json(situation: Situation | None) -> dict[str, Any]:
    """The person's own setup; null where the message does not say."""
    situation = situation or Situation()
    return {
        "host": situation.host.value if situation.host else None,
        "port": situation.port_number,
        "security": situation.security.value if situation.security else None,
        "username": situation.username.value if situation.username else None,
        "password_kind": situation.password_kind.value if situation.password_kind else None,
        "client": situation.client_name,
        "environment": situation.environment_name,
        "said_done": [done.value for done in situation.said_done],
    }
