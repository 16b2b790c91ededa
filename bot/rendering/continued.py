"""The words that say a reply continues the conversation's provider (issue 12): after a
diagnosis for QQ Mail, "still failing: 535 …" is answered "Still QQ Mail: …", so the person
sees which mailbox the bot assumed and can name another."""

from __future__ import annotations

from bot.models import Answer, Lang, Text
from bot.rendering.card import Card, bold

STILL = Text("Still {name}:", "还是{name}：")


def lead_with_continuation(card: Card, answer: Answer, lang: Lang) -> None:
    """Put "Still QQ Mail:" in front of ``card`` when ``answer`` continues a conversation."""
    provider = answer.provider
    if not answer.continues or provider is None:
        return
    still = STILL.in_lang(lang).format(name=provider.name.in_lang(lang))
    if card.title:
        card.title = f"{still}{' ' if lang is Lang.EN else ''}{card.title}"
    elif card.sections and card.sections[0].lines:
        first = card.sections[0].lines[0]
        card.sections[0].lines[0] = (bold(still), " " if lang is Lang.EN else "", *first)
    else:
        card.section().add(bold(still))
