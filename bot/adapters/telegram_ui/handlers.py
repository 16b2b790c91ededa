"""Telegram handlers: each one reads the update, asks the engine, sends the reply.

No business logic here: understanding and answering are the engine's, wording is the
card builder's, buttons are replies.py's. Message text is never logged.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from telegram import (
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import Forbidden, TelegramError, TimedOut
from telegram.ext import ContextTypes

from bot.adapters.telegram_ui import texts
from bot.adapters.telegram_ui.group_backlog import GroupBacklog
from bot.adapters.telegram_ui.replies import (
    Reply,
    answer_reply,
    parse_protocols,
    server_at,
)
from bot.discovery.answers import with_discovery
from bot.discovery.chain import Discoverer
from bot.engine import Engine
from bot.models import Answer, Intent, Lang, Protocol, Security
from bot.probing.prober import Prober
from bot.rendering.card_builder import build_card
from bot.rendering.plain_text import render_plain
from bot.rendering.probe_card import build_probe_card
from bot.rendering.telegram_html import render_html
from bot.understanding import detect_lang, normalize

log = logging.getLogger(__name__)

# Unaddressed group messages are answered (with auto-answer on) only above this.
AUTO_ANSWER_CONFIDENCE = 0.85
MAX_INLINE_TEXT = 256


@dataclass
class Services:
    """What the handlers need, kept in ``application.bot_data["services"]``."""

    engine: Engine
    prober: Prober
    discoverer: Discoverer | None = None  # None: answer from the knowledge base only
    bot_username: str | None = None
    bot_id: int | None = None
    backlog: GroupBacklog = field(default_factory=GroupBacklog)


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    found = context.application.bot_data["services"]
    assert isinstance(found, Services)
    return found


def chat_lang(context: ContextTypes.DEFAULT_TYPE) -> Lang | None:
    chosen = (context.chat_data or {}).get("lang")
    return Lang(chosen) if chosen in ("en", "zh") else None


def ui_lang(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Lang:
    """The language for the bot's own words: /lang, else the user's Telegram language."""
    chosen = chat_lang(context)
    if chosen is not None:
        return chosen
    user = update.effective_user
    code = (user.language_code or "") if user else ""
    return Lang.ZH if code.startswith("zh") else Lang.EN


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    payload = context.args[0] if context.args else ""
    if payload.startswith("s_"):  # "more in private" from a group answer
        _, provider_id, protocols = [*payload.split("_"), "", ""][:3]
        answer = services(context).engine.answer_for_provider(
            provider_id, ui_lang(update, context), parse_protocols(protocols))
        if answer is not None:
            await send_reply(message, answer_reply(answer, group=False,
                                                   bot_username=services(context).bot_username,
                                                   full=True))
            return
    await message.reply_text(texts.START.in_lang(ui_lang(update, context)),
                             parse_mode=ParseMode.HTML)


async def on_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_message is not None:
        await update.effective_message.reply_text(texts.HELP.in_lang(ui_lang(update, context)),
                                                  parse_mode=ParseMode.HTML)


async def on_lang(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None or context.chat_data is None:
        return
    choice = (context.args or [""])[0].lower()
    if choice not in ("en", "zh"):
        await message.reply_text(texts.LANG_USAGE.in_lang(ui_lang(update, context)))
        return
    context.chat_data["lang"] = choice
    await message.reply_text(texts.LANG_SET.in_lang(Lang(choice)))


async def on_autoanswer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None or context.chat_data is None:
        return
    lang = ui_lang(update, context)
    choice = (context.args or [""])[0].lower()
    if chat.type not in (ChatType.GROUP, ChatType.SUPERGROUP) or choice not in ("on", "off"):
        await message.reply_text(texts.AUTOANSWER_USAGE.in_lang(lang))
        return
    member = await context.bot.get_chat_member(chat.id, user.id)
    if member.status not in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER):
        await message.reply_text(texts.ADMINS_ONLY.in_lang(lang))
        return
    context.chat_data["autoanswer"] = choice == "on"
    done = texts.AUTOANSWER_ON if choice == "on" else texts.AUTOANSWER_OFF
    await message.reply_text(done.in_lang(lang))


async def on_probe_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    target = " ".join(context.args or []).strip()
    lang = ui_lang(update, context)
    if not target:
        await message.reply_text(texts.PROBE_USAGE.in_lang(lang))
        return
    await run_probe(update, context, message, target, lang)


async def on_private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None or message.text is None or _from_a_bot(update):
        return
    known = services(context)
    answer = await _discovered(known, known.engine.ask(message.text, chat_lang(context)),
                               update)
    log.debug("private answer: intent=%s confidence=%.2f", answer.intent, answer.confidence)
    await send_reply(message, answer_reply(answer, group=False,
                                           bot_username=services(context).bot_username))


async def on_group_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer when addressed (mention, reply to me); else only with auto-answer on and sure."""
    message = update.effective_message
    if message is None or message.text is None or _from_a_bot(update):
        return
    known = services(context)
    addressed, text = _addressed_text(message, known)
    answer = known.engine.ask(text, chat_lang(context))
    if not addressed:
        auto = bool((context.chat_data or {}).get("autoanswer"))
        if not (auto and answer.confidence >= AUTO_ANSWER_CONFIDENCE
                and answer.intent in (Intent.SETTINGS, Intent.ERROR)):
            return
    answer = await _discovered(known, answer, update)
    chat_id = message.chat_id
    if not known.backlog.enter(chat_id):
        log.info("group flooded: a question was skipped")  # never the text
        return
    try:
        await send_reply(message, answer_reply(answer, group=True,
                                               bot_username=known.bot_username))
    finally:
        skipped = known.backlog.leave(chat_id)
    if skipped:
        await message.chat.send_message(texts.GROUP_SKIPPED.in_lang(answer.lang).format(
            count=skipped))


async def on_callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is None or query.data is None:
        return
    known = services(context)
    parts = query.data.split("|")
    message = query.message if isinstance(query.message, Message) else None
    if parts[0] == "p" and len(parts) == 3 and message is not None:
        provider = known.engine.kb.providers.get(parts[1])
        server = server_at(provider, parts[2]) if provider else None
        await query.answer()
        if server is not None:
            lang = _message_lang(message, ui_lang(update, context))
            await run_probe(update, context, message, f"{server.host}:{server.port}", lang,
                            protocol_security=(server.protocol, server.security))
        return
    answer: Answer | None = None
    full = False
    if parts[0] == "s" and len(parts) == 5:
        answer = known.engine.answer_for_provider(parts[1], _lang(parts[3]),
                                                  parse_protocols(parts[2]))
        full = parts[4] == "1"
    elif parts[0] == "e" and len(parts) == 4:
        answer = known.engine.answer_for_entry(parts[1], None if parts[2] == "-" else parts[2],
                                               _lang(parts[3]))
    await query.answer()
    if answer is None or message is None:
        return
    reply = answer_reply(answer, group=False, bot_username=known.bot_username, full=full)
    if len(reply.messages) == 1:
        await message.edit_text(reply.messages[0], parse_mode=ParseMode.HTML,
                                reply_markup=reply.keyboard, disable_web_page_preview=True)
    else:
        await send_reply(message, reply, quote=False)


async def on_inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.inline_query
    if query is None:
        return
    text = query.query[:MAX_INLINE_TEXT]
    engine = services(context).engine
    answer = engine.ask(text)
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


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
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


async def run_probe(update: Update, context: ContextTypes.DEFAULT_TYPE, message: Message,
                    target: str, lang: Lang,
                    protocol_security: tuple[Protocol, Security] | None = None) -> None:
    """Say "probing…" at once, probe (other chats go on meanwhile), then edit in the result."""
    protocol, security = protocol_security or (None, None)
    status = await message.reply_text(
        texts.PROBING.in_lang(lang).format(target=target[:100]))
    user = update.effective_user
    chat = update.effective_chat
    report = await services(context).prober.probe(
        target, protocol=protocol, security=security,
        user=f"tg:{user.id}" if user else None, chat=f"tg:{chat.id}" if chat else None)
    pieces = render_html(build_probe_card(report, lang))
    await status.edit_text(pieces[0], parse_mode=ParseMode.HTML, disable_web_page_preview=True)
    for piece in pieces[1:]:
        await message.reply_text(piece, parse_mode=ParseMode.HTML)


async def send_reply(message: Message, reply: Reply, *, quote: bool = True) -> None:
    last = len(reply.messages) - 1
    for index, piece in enumerate(reply.messages):
        await message.reply_text(
            piece, parse_mode=ParseMode.HTML, disable_web_page_preview=True,
            reply_markup=reply.keyboard if index == last else None,
            do_quote=quote and index == 0)


async def _discovered(known: Services, answer: Answer, update: Update) -> Answer:
    """For a domain the knowledge base lacks: MX, SRV, autoconfig (other chats go on); the
    asker's probe allowance pays for any guesses."""
    if known.discoverer is None:
        return answer
    user, chat = update.effective_user, update.effective_chat
    return await with_discovery(answer, known.discoverer,
                                user=f"tg:{user.id}" if user else None,
                                chat=f"tg:{chat.id}" if chat else None)


def _addressed_text(message: Message, known: Services) -> tuple[bool, str]:
    text = message.text or ""
    addressed = False
    reply_to = message.reply_to_message
    if reply_to is not None and reply_to.from_user is not None and (
            reply_to.from_user.id == known.bot_id):
        addressed = True
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


def _lang(value: str) -> Lang:
    return Lang.ZH if value == "zh" else Lang.EN


def _message_lang(message: Message, fallback: Lang) -> Lang:
    """The language of the answer a button sits under, so its probe report matches."""
    text = message.text or ""
    return Lang.ZH if detect_lang(normalize(text), text) is Lang.ZH else fallback


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
