"""What the handlers share, typed: the bot's services and each chat's settings.

python-telegram-bot keeps ``bot_data`` and one ``chat_data`` per chat for the handlers;
``ContextTypes`` gives them these types, so a handler reads ``context.bot_data.engine`` and
``context.chat_data.lang`` with no string keys, casts or asserts. With a state store
(``mailbot serve`` always has one), ``chat_data`` is only this process's copy: stored_state.py
reads the chat's record from the store before each update's handlers run and writes it when
a command changes it, so a restart or another replica sees the same settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from telegram.ext import CallbackContext, ContextTypes, ExtBot

from bot.adapters.telegram_ui.admin_check import AdminCheck
from bot.adapters.telegram_ui.group_backlog import GroupBacklog
from bot.adapters.telegram_ui.stored_state import Topics
from bot.discovery.chain import Discoverer
from bot.engine import Engine
from bot.models import Lang
from bot.probing.prober import Prober
from bot.state.store import Resilient


@dataclass
class ChatSettings:
    """One chat's choices."""

    lang: Lang | None = None  # /lang; None: each user's Telegram language
    auto_answer: bool = False  # /autoanswer, groups only: answer unaddressed questions
    quiet: bool = False  # /quiet, groups only: only commands and replies to the bot


@dataclass
class Services:
    """What the handlers need, one for the whole bot."""

    engine: Engine
    prober: Prober
    discoverer: Discoverer | None = None  # None: answer from the knowledge base only
    store: Resilient | None = None  # None: settings live in this process only
    bot_username: str | None = None  # learnt from getMe at start-up
    bot_id: int | None = None
    backlog: GroupBacklog = field(default_factory=GroupBacklog)
    # what each conversation was last about, for follow-ups ("那imap呢")
    topics: Topics = field(default_factory=Topics)
    admins: AdminCheck = field(default_factory=AdminCheck)


BotContext = CallbackContext[ExtBot[None], dict[Any, Any], ChatSettings, Services]
BotContextTypes = ContextTypes[BotContext, dict[Any, Any], ChatSettings, Services]


def context_types(engine: Engine, prober: Prober, discoverer: Discoverer | None,
                  store: Resilient | None = None) -> BotContextTypes:
    """For ``ApplicationBuilder.context_types``. python-telegram-bot makes ``bot_data`` by
    calling its type with no arguments: the type returned here makes these services."""

    class ApplicationServices(Services):
        def __init__(self) -> None:
            super().__init__(engine=engine, prober=prober, discoverer=discoverer,
                             store=store, topics=Topics(store))

    return ContextTypes(chat_data=ChatSettings, bot_data=ApplicationServices)
