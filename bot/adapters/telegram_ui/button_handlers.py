"""Telegram handlers for the buttons under answers: one per kind of button.

app.py routes each press by its data (callback_data.py) to one of these. Data that no kind
accepts, from a message sent before a format change or forged, goes to ``on_stale_button``,
which says the button is out of date; so does a button whose provider, entry or server
the knowledge base no longer holds.
"""

from __future__ import annotations

from telegram import CallbackQuery, Message, Update
from telegram.constants import ParseMode

from bot.adapters.telegram_ui import chat_policy, texts
from bot.adapters.telegram_ui.callback_data import (
    ButtonT,
    ErrorButton,
    ExportButton,
    ProbeButton,
    SettingsButton,
    decode_as,
)
from bot.adapters.telegram_ui.chat_state import BotContext
from bot.adapters.telegram_ui.handlers import (
    conversation_key,
    remember,
    run_probe,
    send_reply,
    ui_lang,
)
from bot.adapters.telegram_ui.replies import answer_reply
from bot.adapters.telegram_ui.setup_files import send_setup_file
from bot.models import Answer


async def on_settings_button(update: Update, context: BotContext) -> None:
    pressed = _pressed(update, SettingsButton)
    if pressed is not None:
        query, button = pressed
        answer = context.bot_data.engine.answer_for_provider(button.provider_id, button.lang,
                                                             button.protocols)
        await _show(update, context, query, answer, full=button.full)


async def on_error_button(update: Update, context: BotContext) -> None:
    pressed = _pressed(update, ErrorButton)
    if pressed is not None:
        query, button = pressed
        answer = context.bot_data.engine.answer_for_entry(button.entry_id, button.provider_id,
                                                          button.lang)
        await _show(update, context, query, answer, full=button.full)


async def on_probe_button(update: Update, context: BotContext) -> None:
    pressed = _pressed(update, ProbeButton)
    if pressed is None:
        return
    query, button = pressed
    provider = context.bot_data.engine.kb.providers.get(button.provider_id)
    servers = provider.servers if provider is not None else []
    if button.server_index >= len(servers):
        await _out_of_date(update, context, query)
        return
    await query.answer()
    message = _message_of(query)
    if message is not None:
        server = servers[button.server_index]
        lang = chat_policy.lang_of_answer(message.text or "", ui_lang(update, context))
        await run_probe(update, context, message, f"{server.host}:{server.port}", lang,
                        protocol_security=(server.protocol, server.security))


async def on_export_button(update: Update, context: BotContext) -> None:
    pressed = _pressed(update, ExportButton)
    if pressed is None:
        return
    query, button = pressed
    provider = context.bot_data.engine.kb.providers.get(button.provider_id)
    message = _message_of(query)
    if provider is None or message is None:
        await _out_of_date(update, context, query)
        return
    await query.answer()
    lang = chat_policy.lang_of_answer(message.text or "", ui_lang(update, context))
    await send_setup_file(message, provider, button.format, lang)


async def on_stale_button(update: Update, context: BotContext) -> None:
    """Any other data: under a message sent before a format change, or forged."""
    if update.callback_query is not None:
        await _out_of_date(update, context, update.callback_query)


async def _show(update: Update, context: BotContext, query: CallbackQuery,
                answer: Answer | None, *, full: bool) -> None:
    """Put ``answer`` in place of the message the button sits under (or below it, when it
    takes several messages)."""
    if answer is None:
        await _out_of_date(update, context, query)
        return
    await query.answer()
    key = conversation_key(update)
    if key is not None:  # a picked candidate is what the conversation is about now
        await remember(context.bot_data, answer, key)
    message = _message_of(query)
    if message is None:
        return
    reply = answer_reply(answer, group=False, bot_username=context.bot_data.bot_username,
                         full=full)
    if len(reply.messages) == 1:
        await message.edit_text(reply.messages[0], parse_mode=ParseMode.HTML,
                                reply_markup=reply.keyboard, disable_web_page_preview=True)
    else:
        await send_reply(message, reply, quote=False)


async def _out_of_date(update: Update, context: BotContext, query: CallbackQuery) -> None:
    await query.answer(texts.BUTTON_OUT_OF_DATE.in_lang(ui_lang(update, context)),
                       show_alert=True)


def _pressed(update: Update, kind: type[ButtonT]) -> tuple[CallbackQuery, ButtonT] | None:
    query = update.callback_query
    button = decode_as(query.data, kind) if query is not None else None
    return (query, button) if query is not None and button is not None else None


def _message_of(query: CallbackQuery) -> Message | None:
    """The message the button sits under; None when Telegram no longer gives it (too old)."""
    return query.message if isinstance(query.message, Message) else None
