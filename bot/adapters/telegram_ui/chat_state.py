"""What the handlers share, typed: the bot's services and each chat's settings.

python-telegram-bot keeps ``bot_data`` and one ``chat_data`` per chat for the handlers;
``ContextTypes`` gives them these types, so a handler reads ``context.bot_data.engine`` and
``context.chat_data.lang`` with no string keys, casts or asserts. Nothing is persisted: a
restart forgets /lang and /autoanswer, as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from telegram.ext import CallbackContext, ContextTypes, ExtBot

from bot.adapters.telegram_ui.group_backlog import GroupBacklog
from bot.conversation import MemoryTopicStore, TopicStore
from bot.discovery.chain import Discoverer
from bot.engine import Engine
from bot.models import Lang
from bot.probing.prober import Prober


@dataclass
class ChatSettings:
    """One chat's choices."""

    lang: Lang | None = None  # /lang; None: each user's Telegram language
    auto_answer: bool = False  # /autoanswer, groups only: answer unaddressed questions


@dataclass
class Services:
    """What the handlers need, one for the whole bot."""

    engine: Engine
    prober: Prober
    discoverer: Discoverer | None = None  # None: answer from the knowledge base only
    bot_username: str | None = None  # learnt from getMe at start-up
    bot_id: int | None = None
    backlog: GroupBacklog = field(default_factory=GroupBacklog)
    # what each conversation was last about, for follow-ups ("那imap呢")
    topics: TopicStore = field(default_factory=MemoryTopicStore)


BotContext = CallbackContext[ExtBot[None], dict[Any, Any], ChatSettings, Services]
BotContextTypes = ContextTypes[BotContext, dict[Any, Any], ChatSettings, Services]


def context_types(engine: Engine, prober: Prober,
                  discoverer: Discoverer | None) -> BotContextTypes:
    """For ``ApplicationBuilder.context_types``. python-telegram-bot makes ``bot_data`` by
    calling its type with no arguments: the type returned here makes these services."""

    class ApplicationServices(Services):
        def __init__(self) -> None:
            super().__init__(engine=engine, prober=prober, discoverer=discoverer)

    return ContextTypes(chat_data=ChatSettings, bot_data=ApplicationServices)
