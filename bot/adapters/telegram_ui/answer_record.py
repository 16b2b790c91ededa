"""After each answer: one structured log line, and one ``AnswerEvent`` in the state store.

The log line carries what an operator needs to see traffic (chat kind, intent, provider,
diagnosis codes, latency) and never the message text or anything secret. The event feeds
/stats and /unanswered; its ``person`` is a keyed hash of the user id (``person_key``), so
/forget finds the person's rows and nothing else can. Only an unanswered question keeps
its text, redacted and cut short, for the admins to see what is missing.
"""

from __future__ import annotations

import logging
import time

from telegram import Update
from telegram.constants import ChatType

from bot.models import Answer, Intent
from bot.redaction import redact
from bot.state.records import AnswerEvent
from bot.state.store import MAX_QUESTION_CHARS, Resilient, StateStore, person_key

log = logging.getLogger("bot.answers")

LOW_CONFIDENCE = 0.5  # below this an answer counts as not answered
NOTHING_FOUND = frozenset({Intent.NEED_PROVIDER, Intent.UNKNOWN_PROVIDER, Intent.OFF_TOPIC})
FAQ_INTENT = "group_faq"


def was_answered(answer: Answer) -> bool:
    """False for no provider named, a domain discovery could not find, or a guess."""
    return answer.intent not in NOTHING_FOUND and answer.confidence >= LOW_CONFIDENCE


def codes_of(answer: Answer) -> tuple[str, ...]:
    return (tuple(str(d.code) for d in answer.diagnoses)
            + tuple(entry.id for entry in answer.troubleshooting))


async def record_answer(store: Resilient | None, update: Update, answer: Answer | None,
                        started: float, text: str) -> None:
    """Log and record one answer (``answer`` None: the group's own entry answered)."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return
    kind = "private" if chat.type == ChatType.PRIVATE else "group"
    answered = answer is None or was_answered(answer)
    intent = FAQ_INTENT if answer is None else str(answer.intent)
    provider = answer.provider.id if answer is not None and answer.provider else None
    codes = codes_of(answer) if answer is not None else ()
    log.info("answer chat=%s intent=%s provider=%s codes=%s answered=%s latency_ms=%.0f",
             kind, intent, provider or "-", ",".join(codes) or "-", answered,
             (time.monotonic() - started) * 1000)
    if store is None:
        return
    chat_id, user_id = chat.id, user.id
    question = None if answered else redact(text)[:MAX_QUESTION_CHARS]

    async def write(state: StateStore) -> None:
        await state.record_answer(AnswerEvent(
            at=time.time(), chat=chat_id, person=await person_key(state, user_id),
            chat_kind=kind, answered=answered, intent=intent, provider=provider,
            codes=codes, question=question))

    await store.call(write, None)
