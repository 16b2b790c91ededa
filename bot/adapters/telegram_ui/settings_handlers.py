"""A chat's settings: read from the state store before each update, written when changed.

``load_chat_settings`` runs first for every update (handler group -1) and copies the chat's
record from the store into ``chat_data``, so a setting made through another replica, or
before a restart, is obeyed. /lang, /autoanswer and /quiet write the record at once, before
they confirm: a setting the person was told is saved survives a kill -9. In groups only admins
change settings (Telegram's member status, cached in admin_check.py). A store that is down
costs one log line (``Resilient``): the chat keeps this process's copy, and the reply says
the change may not last.
"""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType

from bot.adapters.telegram_ui import chat_policy, texts
from bot.adapters.telegram_ui.chat_state import BotContext
from bot.adapters.telegram_ui.handlers import ui_lang
from bot.models import Lang, Text
from bot.state.records import ChatRecord
from bot.state.store import StateStore

GROUP_TYPES = (ChatType.GROUP, ChatType.SUPERGROUP)


async def load_chat_settings(update: Update, context: BotContext) -> None:
    chat, store = update.effective_chat, context.bot_data.store
    if chat is None or store is None or context.chat_data is None:
        return
    record = await store.call(lambda s: s.get_chat(chat.id), None)
    if record is not None:  # None: the store is down; keep what this process knew
        settings = context.chat_data
        settings.lang = Lang(record.lang) if record.lang in ("en", "zh") else None
        settings.auto_answer, settings.quiet = record.auto_answer, record.quiet


async def save_chat_settings(update: Update, context: BotContext) -> bool:
    """Write the chat's settings to the store; False when they could not be written."""
    chat, store, settings = update.effective_chat, context.bot_data.store, context.chat_data
    if chat is None or settings is None:
        return False
    if store is None:
        return True  # no store configured: this process's memory is all there is
    record = ChatRecord(lang=settings.lang.value if settings.lang else None,
                        auto_answer=settings.auto_answer, quiet=settings.quiet)

    chat_id = chat.id

    async def put(state: StateStore) -> bool:
        await state.put_chat(chat_id, record)
        return True

    return await store.call(put, False)


async def sender_is_admin(update: Update, context: BotContext) -> bool:
    """In a group: whether the sender is one of its admins. In a private chat: True."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return False
    if chat.type not in GROUP_TYPES:
        return True

    async def status(chat_id: int, user_id: int) -> str:
        return str((await context.bot.get_chat_member(chat_id, user_id)).status)

    return await context.bot_data.admins.is_admin(chat.id, user.id, status)


async def on_lang(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None or context.chat_data is None:
        return
    choice = chat_policy.lang_choice((context.args or [""])[0])
    if choice is None:
        await message.reply_text(texts.LANG_USAGE.in_lang(ui_lang(update, context)))
        return
    if not await sender_is_admin(update, context):
        await message.reply_text(texts.ADMINS_ONLY.in_lang(ui_lang(update, context)))
        return
    context.chat_data.lang = choice
    await _confirm(update, context, texts.LANG_SET, choice)


async def on_autoanswer(update: Update, context: BotContext) -> None:
    await _group_switch(update, context, "auto_answer", texts.AUTOANSWER_USAGE,
                        (texts.AUTOANSWER_OFF, texts.AUTOANSWER_ON))


async def on_quiet(update: Update, context: BotContext) -> None:
    await _group_switch(update, context, "quiet", texts.QUIET_USAGE,
                        (texts.QUIET_OFF, texts.QUIET_ON))


async def _group_switch(update: Update, context: BotContext, name: str, usage: Text,
                        done: tuple[Text, Text]) -> None:
    """``/<command> on|off`` in a group, by an admin: set ``name`` and say so."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None or context.chat_data is None:
        return
    lang = ui_lang(update, context)
    choice = chat_policy.auto_answer_choice((context.args or [""])[0])
    if chat.type not in GROUP_TYPES or choice is None:
        await message.reply_text(usage.in_lang(lang))
        return
    if not await sender_is_admin(update, context):
        await message.reply_text(texts.ADMINS_ONLY.in_lang(lang))
        return
    setattr(context.chat_data, name, choice)
    await _confirm(update, context, done[choice], lang)


async def _confirm(update: Update, context: BotContext, done: Text, lang: Lang) -> None:
    message = update.effective_message
    assert message is not None
    saved = await save_chat_settings(update, context)
    reply = done.in_lang(lang)
    if not saved:
        reply = f"{reply}\n{texts.NOT_SAVED.in_lang(lang)}"
    await message.reply_text(reply)
