"""A group's admin tools: /stats, /unanswered, /faq; and /forget, for anyone.

Each reads or writes the state store and says what happened; admin_check.py decides who
is an admin (Telegram's member status, cached). Nothing a person typed is shown back except
the group's own entries and the redacted unanswered questions, which carry no user ids.
"""

from __future__ import annotations

import html
import time

from telegram import Message, Update
from telegram.constants import ChatType, ParseMode

from bot.adapters.telegram_ui import texts
from bot.adapters.telegram_ui.chat_state import BotContext
from bot.adapters.telegram_ui.handlers import ui_lang
from bot.adapters.telegram_ui.settings_handlers import GROUP_TYPES, sender_is_admin
from bot.group_faq import parse_faq_add
from bot.models import Lang
from bot.state.records import FaqEntry, Stats
from bot.state.store import Resilient, StateStore, person_key

DAY = 86400.0
PERIODS_DAYS = (7, 30)
UNANSWERED_SHOWN = 10
MAX_MESSAGE = 4000


async def on_stats(update: Update, context: BotContext) -> None:
    admitted = await _admitted(update, context)
    if admitted is None:
        return
    message, store, lang = admitted
    chat_id = message.chat_id
    lines = []
    for days in PERIODS_DAYS:
        stats = await _stats(store, chat_id, time.time() - days * DAY)
        if stats is None:
            await message.reply_text(texts.NO_STORE.in_lang(lang))
            return
        lines.extend(_stats_lines(stats, days, lang))
    await message.reply_text("\n".join(lines))


async def on_unanswered(update: Update, context: BotContext) -> None:
    admitted = await _admitted(update, context)
    if admitted is None:
        return
    message, store, lang = admitted
    chat_id = message.chat_id
    events = await store.call(lambda s: s.unanswered(chat_id, UNANSWERED_SHOWN), None)
    if events is None:
        await message.reply_text(texts.NO_STORE.in_lang(lang))
        return
    shown = [f"• {html.escape(event.question)}" for event in events if event.question]
    if not shown:
        await message.reply_text(texts.UNANSWERED_NONE.in_lang(lang))
        return
    text = "\n".join([texts.UNANSWERED_HEAD.in_lang(lang), *shown])
    await message.reply_text(text[:MAX_MESSAGE], parse_mode=ParseMode.HTML)


async def on_faq(update: Update, context: BotContext) -> None:
    admitted = await _admitted(update, context)
    if admitted is None:
        return
    message, store, lang = admitted
    chat_id = message.chat_id
    words = (message.text or "").split(maxsplit=2)  # "/faq", the action, the rest
    action = words[1].lower() if len(words) > 1 else ""
    rest = words[2] if len(words) > 2 else ""
    if action == "list":
        entries = await store.call(lambda s: s.faq(chat_id), None)
        await message.reply_text(_faq_list(entries, lang)[:MAX_MESSAGE])
    elif action == "add" and (parsed := parse_faq_add(rest)) is not None:
        trigger, answer = parsed
        added = await store.call(lambda s: s.add_faq(chat_id, trigger, answer), None)
        reply = (texts.FAQ_ADDED.in_lang(lang).format(number=added.number) if added
                 else texts.FAQ_REFUSED.in_lang(lang))
        await message.reply_text(reply)
    elif action == "remove" and rest.strip().isdigit():
        number = int(rest.strip())
        removed = await store.call(lambda s: s.remove_faq(chat_id, number), False)
        done = texts.FAQ_REMOVED if removed else texts.FAQ_NO_SUCH
        await message.reply_text(done.in_lang(lang).format(number=number))
    else:
        await message.reply_text(texts.FAQ_USAGE.in_lang(lang))


async def on_forget(update: Update, context: BotContext) -> None:
    """Anyone, anywhere: delete the statistics rows and unanswered questions of the sender."""
    message, user, store = update.effective_message, update.effective_user, context.bot_data.store
    if message is None or user is None:
        return
    lang = ui_lang(update, context)
    user_id = user.id

    async def forget(state: StateStore) -> int:
        return await state.forget(await person_key(state, user_id))

    count = await store.call(forget, None) if store is not None else None
    if count is None:
        await message.reply_text(texts.NO_STORE.in_lang(lang))
        return
    await message.reply_text(texts.FORGOTTEN.in_lang(lang).format(count=count))


async def _admitted(update: Update,
                    context: BotContext) -> tuple[Message, Resilient, Lang] | None:
    """The message, the store and the reply language when an admin asks in a group;
    otherwise the refusal is sent and None returned."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return None
    lang = ui_lang(update, context)
    if chat.type not in GROUP_TYPES or chat.type == ChatType.PRIVATE:
        await message.reply_text(texts.GROUPS_ONLY.in_lang(lang))
        return None
    if not await sender_is_admin(update, context):
        await message.reply_text(texts.ADMINS_ONLY.in_lang(lang))
        return None
    store = context.bot_data.store
    if store is None:
        await message.reply_text(texts.NO_STORE.in_lang(lang))
        return None
    return message, store, lang


async def _stats(store: Resilient, chat_id: int, since: float) -> Stats | None:
    return await store.call(lambda s: s.stats(chat_id, since), None)


def _stats_lines(stats: Stats, days: int, lang: Lang) -> list[str]:
    lines = [texts.STATS.in_lang(lang).format(days=days, answered=stats.answered,
                                              unanswered=stats.unanswered)]
    for label, counts in ((texts.STATS_PROVIDERS, stats.top_providers),
                          (texts.STATS_CODES, stats.top_codes)):
        if counts:
            items = ", ".join(f"{name} {count}" for name, count in counts)
            lines.append("  " + label.in_lang(lang).format(items=items))
    return lines


def _faq_list(entries: list[FaqEntry] | None, lang: Lang) -> str:
    if entries is None:
        return texts.NO_STORE.in_lang(lang)
    if not entries:
        return texts.FAQ_EMPTY.in_lang(lang)
    return "\n\n".join(f"{entry.number}. {entry.trigger}\n→ {entry.answer}"
                       for entry in entries)
