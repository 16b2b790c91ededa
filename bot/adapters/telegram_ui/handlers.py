"""Telegram handlers for commands, messages and inline queries: each one reads the update,
asks the engine, sends the reply (the buttons' handlers are in button_handlers.py).

No business logic here: understanding and answering are the engine's, when and in which
language to speak is chat_policy.py's, wording is the card builder's, buttons are
replies.py's. Message text is never logged.
"""

from __future__ import annotations

import contextlib
import logging
import time

from telegram import (
    Chat,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    MessageEntity,
    Update,
    User,
)
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import Forbidden, TelegramError, TimedOut

from bot.adapters.telegram_ui import chat_policy, texts
from bot.adapters.telegram_ui.answer_record import record_answer
from bot.adapters.telegram_ui.chat_state import BotContext, Services
from bot.adapters.telegram_ui.deep_links import ErrorLink, ExportLink, decode_start
from bot.adapters.telegram_ui.probe_allowance import shared_allowance
from bot.adapters.telegram_ui.replies import Reply, answer_reply
from bot.adapters.telegram_ui.setup_files import send_setup_file
from bot.conversation import answer_in_topic, topic_of
from bot.discovery.answers import with_discovery
from bot.group_faq import matching_entry
from bot.models import Answer, Intent, Lang, Protocol, Security
from bot.rendering.card_builder import build_card
from bot.rendering.plain_text import render_plain
from bot.rendering.probe_card import build_probe_card
from bot.rendering.telegram_html import render_html

log = logging.getLogger(__name__)

MAX_INLINE_TEXT = 256


def chat_lang(context: BotContext) -> Lang | None:
    """The chat's /lang choice, if any."""
    return context.chat_data.lang if context.chat_data is not None else None


def ui_lang(update: Update, context: BotContext) -> Lang:
    """The language for the bot's own words."""
    user = update.effective_user
    return chat_policy.interface_lang(chat_lang(context), user.language_code if user else None)


async def on_start(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    lang = ui_lang(update, context)
    payload = context.args[0] if context.args else ""
    link = decode_start(payload)  # "more in private" from a group answer
    engine = context.bot_data.engine
    if isinstance(link, ExportLink):  # a setup file asked for from a group answer
        await send_setup_file(message, engine.kb.providers.get(link.provider_id), link.format,
                              lang)
        return
    answer = (engine.answer_for_entry(link.entry_id, link.provider_id, lang)
              if isinstance(link, ErrorLink)
              else engine.answer_for_provider(link.provider_id, lang, link.protocols)
              if link is not None else None)
    if answer is not None:
        await send_reply(message, answer_reply(answer, group=False,
                                               bot_username=context.bot_data.bot_username,
                                               full=True))
        return
    welcome = texts.START.in_lang(lang)
    if payload:  # a link this bot no longer writes, or a provider it no longer knows
        welcome = f"{texts.LINK_OUT_OF_DATE.in_lang(lang)}\n\n{welcome}"
    await message.reply_text(welcome, parse_mode=ParseMode.HTML)


async def on_help(update: Update, context: BotContext) -> None:
    if update.effective_message is not None:
        await update.effective_message.reply_text(texts.HELP.in_lang(ui_lang(update, context)),
                                                  parse_mode=ParseMode.HTML)


async def on_probe_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    target = " ".join(context.args or []).strip()
    lang = ui_lang(update, context)
    if not target:
        await message.reply_text(texts.PROBE_USAGE.in_lang(lang))
        return
    await run_probe(update, context, message, target, lang)


async def on_private_text(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None or message.text is None or _from_a_bot(update):
        return
    started = time.monotonic()
    known = context.bot_data
    key = conversation_key(update) or topic_key(message.chat_id)
    answer = answer_in_topic(known.engine, message.text, await known.topics.get(key),
                             chat_lang(context), fallback_lang=ui_lang(update, context))
    answer = await _discovered(known, answer, update)
    await send_reply(message, answer_reply(answer, group=False,
                                           bot_username=known.bot_username))
    await remember(known, answer, key)
    await record_answer(known.store, update, answer, started, message.text)


async def on_group_text(update: Update, context: BotContext) -> None:
    """Answer when addressed (mention, reply to me); else as chat_policy says. The group's
    own entries (/faq) come before the knowledge base; in quiet mode only replies to me."""
    message = update.effective_message
    if message is None or message.text is None or _from_a_bot(update):
        return
    started = time.monotonic()
    known = context.bot_data
    settings = context.chat_data
    addressed, text = _addressed_text(message, known)
    if settings is not None and settings.quiet and not _replies_to_me(message, known):
        return
    if await _answered_from_faq(update, context, message, text, addressed):
        return
    user_key = conversation_key(update) or topic_key(message.chat_id)
    reply_to = message.reply_to_message
    topic = ((await known.topics.get(topic_key(message.chat_id,
                                               message_id=reply_to.message_id))
              if reply_to is not None else None) or await known.topics.get(user_key))
    answer = answer_in_topic(known.engine, text, topic, chat_lang(context),
                             fallback_lang=ui_lang(update, context))
    auto_answer = settings is not None and settings.auto_answer
    if not addressed and not chat_policy.answers_unaddressed(answer, auto_answer=auto_answer):
        return
    if addressed and not chat_policy.answers_addressed(answer, text):
        return
    answer = await _discovered(known, answer, update)
    chat_id = message.chat_id
    if not known.backlog.enter(chat_id):
        log.info("group flooded: a question was skipped")  # never the text
        return
    try:
        sent = await send_reply(message, answer_reply(answer, group=True,
                                                      bot_username=known.bot_username))
        await remember(known, answer, user_key, *(topic_key(message.chat_id,
                                                            message_id=m.message_id)
                                                  for m in sent))
    finally:
        skipped = known.backlog.leave(chat_id)
    await record_answer(known.store, update, answer, started, text)
    if skipped:
        await message.chat.send_message(texts.GROUP_SKIPPED.in_lang(answer.lang).format(
            count=skipped))


async def _answered_from_faq(update: Update, context: BotContext, message: Message,
                             text: str, addressed: bool) -> bool:
    """Reply with the group's own entry ``text`` asks about, if any (unaddressed: only with
    auto-answer on)."""
    store, settings = context.bot_data.store, context.chat_data
    if store is None or not (addressed or (settings is not None and settings.auto_answer)):
        return False
    started = time.monotonic()
    chat_id = message.chat_id
    entry = matching_entry(await store.call(lambda s: s.faq(chat_id), []), text)
    if entry is None:
        return False
    await message.reply_text(entry.answer, do_quote=True)
    await record_answer(store, update, None, started, text)
    return True


async def on_inline_query(update: Update, context: BotContext) -> None:
    query = update.inline_query
    if query is None:
        return
    text = query.query[:MAX_INLINE_TEXT]
    engine = context.bot_data.engine
    user = update.effective_user
    answer = engine.ask(text, fallback_lang=chat_policy.interface_lang(
        None, user.language_code if user else None))
    if answer.intent in (Intent.EMPTY, Intent.OFF_TOPIC):
        card = build_card(answer)
        await query.answer([_article("examples", texts.INLINE_EXAMPLES.in_lang(answer.lang),
                                     render_plain(card)[:200], render_html(card)[0])],
                           cache_time=60)
        return
    results = [_article("answer", _title(answer), _description(answer),
                        render_html(build_card(answer))[0])]
    if answer.intent is Intent.AMBIGUOUS:  # one article per candidate as well
        for provider in answer.providers:
            single = engine.answer_for_provider(provider.id, answer.lang,
                                                answer.asked_protocols)
            if single is not None:
                results.append(_article(provider.id, provider.name.in_lang(answer.lang),
                                        ", ".join(provider.domains[:3]),
                                        render_html(build_card(single))[0]))
    await query.answer(results[:10], cache_time=300)


async def on_error(update: object, context: BotContext) -> None:
    """One place for failures: details to the log, a short apology to the user."""
    error = context.error
    log.error("update failed: %s", type(error).__name__, exc_info=error)
    if isinstance(error, Forbidden | TimedOut) or not isinstance(update, Update):
        # blocked by the user; a send that timed out may well have arrived (no apology
        # after the answer); or nothing to answer
        return
    chat = update.effective_chat
    if chat is None or update.inline_query is not None:
        return
    try:
        await context.bot.send_message(chat.id, texts.APOLOGY.in_lang(ui_lang(update, context)))
    except TelegramError:
        log.warning("could not send the apology either")


async def run_probe(update: Update, context: BotContext, message: Message,
                    target: str, lang: Lang,
                    protocol_security: tuple[Protocol, Security] | None = None) -> None:
    """Say "probing…" at once, probe (other chats go on meanwhile), then edit in the result."""
    protocol, security = protocol_security or (None, None)
    user = update.effective_user
    chat = update.effective_chat
    known = context.bot_data
    if not await shared_allowance(known.store, known.prober.settings,
                                  f"tg:{user.id}" if user else None,
                                  f"tg:{chat.id}" if chat else None):
        await message.reply_text(texts.PROBE_TOO_MANY.in_lang(lang))
        return
    status = await message.reply_text(
        texts.PROBING.in_lang(lang).format(target=target[:100]))
    await _typing(chat)
    report = await context.bot_data.prober.probe(
        target, protocol=protocol, security=security,
        user=f"tg:{user.id}" if user else None, chat=f"tg:{chat.id}" if chat else None)
    pieces = render_html(build_probe_card(report, lang))
    await status.edit_text(pieces[0], parse_mode=ParseMode.HTML, disable_web_page_preview=True)
    for piece in pieces[1:]:
        await message.reply_text(piece, parse_mode=ParseMode.HTML)


async def send_reply(message: Message, reply: Reply, *, quote: bool = True) -> list[Message]:
    """Send the reply's messages, buttons under the last; the messages as sent."""
    last = len(reply.messages) - 1
    sent = []
    for index, piece in enumerate(reply.messages):
        sent.append(await message.reply_text(
            piece, parse_mode=ParseMode.HTML, disable_web_page_preview=True,
            reply_markup=reply.keyboard if index == last else None,
            do_quote=quote and index == 0))
    return sent


def topic_key(chat_id: int, user: User | None = None, *, message_id: int | None = None) -> str:
    """Where a conversation's topic is kept: a private chat; a user in a group; a message
    the bot sent (a reply to it continues what it said)."""
    if message_id is not None:
        return f"{chat_id}/m{message_id}"
    return f"{chat_id}/u{user.id}" if user is not None else str(chat_id)


def conversation_key(update: Update) -> str | None:
    """The topic key of whoever sent ``update``: the private chat, or the user in a group."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None:
        return None
    return topic_key(chat.id) if chat.type == ChatType.PRIVATE else topic_key(chat.id, user)


async def remember(known: Services, answer: Answer, *keys: str) -> None:
    """Keep what ``answer`` was about under ``keys``, if it was about a provider or domain."""
    topic = topic_of(answer)
    if topic is not None:
        for key in keys:
            await known.topics.put(key, topic)


async def _discovered(known: Services, answer: Answer, update: Update) -> Answer:
    """For a domain the knowledge base lacks: MX, SRV, autoconfig (other chats go on); the
    asker's probe allowance pays for any guesses."""
    if known.discoverer is None or answer.intent is not Intent.UNKNOWN_PROVIDER:
        return answer
    user, chat = update.effective_user, update.effective_chat
    await _typing(chat)  # discovery takes seconds: show that work is going on
    return await with_discovery(answer, known.discoverer,
                                user=f"tg:{user.id}" if user else None,
                                chat=f"tg:{chat.id}" if chat else None)


async def _typing(chat: Chat | None) -> None:
    """Telegram's "typing…" (it shows for five seconds or until the next message); a
    failure to show it never stops the work."""
    if chat is not None:
        with contextlib.suppress(TelegramError):
            await chat.send_action(ChatAction.TYPING)


def _replies_to_me(message: Message, known: Services) -> bool:
    reply_to = message.reply_to_message
    return (reply_to is not None and reply_to.from_user is not None
            and reply_to.from_user.id == known.bot_id)


def _addressed_text(message: Message, known: Services) -> tuple[bool, str]:
    text = message.text or ""
    addressed = _replies_to_me(message, known)
    for entity in message.entities:
        mentioned = message.parse_entity(entity)
        by_name = (entity.type == MessageEntity.MENTION and known.bot_username is not None
                   and mentioned.lstrip("@").lower() == known.bot_username.lower())
        by_id = (entity.type == MessageEntity.TEXT_MENTION and entity.user is not None
                 and entity.user.id == known.bot_id)
        if by_name or by_id:
            addressed = True
            text = text.replace(mentioned, " ")
    return addressed, text


def _from_a_bot(update: Update) -> bool:
    user = update.effective_user
    return user is None or user.is_bot


def _title(answer: Answer) -> str:
    card = build_card(answer)
    return (card.title or "mailbot")[:100]


def _description(answer: Answer) -> str:
    lines = render_plain(build_card(answer)).splitlines()
    return " ".join(line for line in lines[1:4] if line.strip())[:200]


def _article(result_id: str, title: str, description: str,
             html_text: str) -> InlineQueryResultArticle:
    return InlineQueryResultArticle(
        id=result_id[:64], title=title, description=description,
        input_message_content=InputTextMessageContent(html_text, parse_mode=ParseMode.HTML,
                                                      disable_web_page_preview=True))
