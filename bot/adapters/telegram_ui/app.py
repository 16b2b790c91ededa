"""Wiring: settings, the python-telegram-bot Application, handlers, logging, run modes.

All wiring lives here; handlers.py and button_handlers.py hold only handlers. Settings are
read once by the CLI and passed in.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urlparse

from telegram import BotCommand, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.adapters.telegram_ui import (
    admin_handlers,
    button_handlers,
    handlers,
    settings_handlers,
    texts,
)
from bot.adapters.telegram_ui.callback_data import (
    ErrorButton,
    ExportButton,
    ProbeButton,
    SettingsButton,
    is_a,
)
from bot.adapters.telegram_ui.chat_state import context_types
from bot.adapters.telegram_ui.lifecycle import (
    TrackingUpdateProcessor,
    run_polling,
    run_webhook,
)
from bot.adapters.telegram_ui.rate_limits import (
    GROUP_MESSAGES,
    GROUP_SECONDS,
    ChatLocalRateLimiter,
)
from bot.adapters.telegram_ui.retention import purge_periodically
from bot.adapters.telegram_ui.shared_discovery import StoredDiscovery
from bot.adapters.telegram_ui.stored_probe_results import StoredProbeResults
from bot.adapters.telegram_ui.update_journal import JournalingQueue
from bot.discovery.chain import Discoverer, DiscoverySettings
from bot.engine import Engine
from bot.probe_targets import ProbeTargets
from bot.probing.prober import Prober, ProbeSettings
from bot.settings import Settings
from bot.state.reopening import open_resilient
from bot.state.store import Resilient, StateStore

CONCURRENT_UPDATES = 256
FLOOD_RETRIES = 3


@dataclass(frozen=True)
class TelegramSettings:
    token: str
    base_url: str | None = None  # like python-telegram-bot's base_url: the token follows it
    probe: ProbeSettings = field(default_factory=ProbeSettings)
    discovery: DiscoverySettings | None = field(default_factory=DiscoverySettings)  # None: off
    webhook_url: str | None = None
    listen: str = "127.0.0.1"
    port: int = 8443
    webhook_secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    poll_timeout: int = 10
    # Telegram's own flood limits: about 30 messages a second overall, 20 a minute per group.
    messages_per_second: float = 30.0
    group_messages: int = GROUP_MESSAGES  # in group_seconds; shared by replicas on Redis
    group_seconds: float = GROUP_SECONDS
    retention_days: float = 30.0  # statistics and unanswered questions older than this go

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: object) -> TelegramSettings:
        if not settings.telegram_token:
            raise MissingToken
        values: dict[str, object] = {"token": settings.telegram_token,
                                     "base_url": settings.telegram_base_url, **overrides}
        if settings.webhook_secret:
            values["webhook_secret"] = settings.webhook_secret
        values.setdefault("retention_days", settings.retention_days)
        return cls(**values)  # type: ignore[arg-type]


class MissingToken(Exception):
    """TELEGRAM_BOT_TOKEN is not set."""


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class TokenRedactingFormatter(logging.Formatter):
    """Formats as usual, then replaces the bot token wherever it appears, tracebacks
    included (request URLs and python-telegram-bot's InvalidToken message contain it)."""

    def __init__(self, token: str, fmt: str = LOG_FORMAT) -> None:
        super().__init__(fmt)
        self.secrets = [s for s in (token, token.partition(":")[2]) if len(s) >= 8]

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        for secret in self.secrets:
            text = text.replace(secret, "<token>")
        return text


def configure_logging(token: str, *, verbose: bool = False) -> None:
    """INFO for everything; ``verbose`` adds DEBUG for mailbot's own loggers only, which
    never log message text (python-telegram-bot's DEBUG output prints whole updates)."""
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    logging.getLogger("bot").setLevel(logging.DEBUG if verbose else logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one INFO line per request + token
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    for handler in logging.getLogger().handlers:
        handler.setFormatter(TokenRedactingFormatter(token))


def build_application(settings: TelegramSettings, engine: Engine,
                      prober: Prober | None = None,
                      store: StateStore | Resilient | None = None
                      ) -> Application:  # type: ignore[type-arg]
    """``store``: where settings, the group's entries, statistics and the update journal
    live (None: nothing outlives the process, as in most tests)."""
    prober = prober or Prober(settings.probe, named_targets=ProbeTargets(engine))
    resilient = (store if isinstance(store, Resilient) or store is None
                 else Resilient(store))
    shared = StoredDiscovery(resilient, prober.settings) if resilient is not None else None
    if resilient is not None:
        prober.shared = StoredProbeResults(resilient)  # one probe per server, bot-wide
    discoverer = (Discoverer(engine.kb, settings.discovery, prober, shared)
                  if settings.discovery is not None else None)
    limiter = ChatLocalRateLimiter(
        overall_max_rate=settings.messages_per_second, max_retries=FLOOD_RETRIES,
        store=resilient, group_max_rate=settings.group_messages,
        group_time_period=settings.group_seconds)
    builder = (ApplicationBuilder().token(settings.token)
               .context_types(context_types(engine, prober, discoverer, resilient))
               .concurrent_updates(TrackingUpdateProcessor(CONCURRENT_UPDATES, resilient))
               .rate_limiter(limiter)
               .post_init(post_init))
    if settings.base_url:
        builder = builder.base_url(settings.base_url)
    if resilient is not None:
        builder = builder.update_queue(JournalingQueue(resilient))
    application = builder.build()
    add_handlers(application)
    return application


def add_handlers(application: Application) -> None:  # type: ignore[type-arg]
    private = filters.ChatType.PRIVATE
    groups = filters.ChatType.GROUPS
    # First, for every update: the chat's settings as the store holds them now.
    application.add_handler(TypeHandler(Update, settings_handlers.load_chat_settings),
                            group=-1)
    application.add_handler(CommandHandler("start", handlers.on_start))
    application.add_handler(CommandHandler("help", handlers.on_help))
    application.add_handler(CommandHandler("lang", settings_handlers.on_lang))
    application.add_handler(CommandHandler("probe", handlers.on_probe_command))
    application.add_handler(CommandHandler("autoanswer", settings_handlers.on_autoanswer))
    application.add_handler(CommandHandler("quiet", settings_handlers.on_quiet))
    application.add_handler(CommandHandler("stats", admin_handlers.on_stats))
    application.add_handler(CommandHandler("unanswered", admin_handlers.on_unanswered))
    application.add_handler(CommandHandler("faq", admin_handlers.on_faq))
    application.add_handler(CommandHandler("forget", admin_handlers.on_forget))
    text = filters.TEXT & ~filters.COMMAND & ~filters.VIA_BOT
    application.add_handler(MessageHandler(text & private, handlers.on_private_text))
    application.add_handler(MessageHandler(text & groups, handlers.on_group_text))
    buttons = button_handlers
    application.add_handler(CallbackQueryHandler(buttons.on_settings_button,
                                                 pattern=is_a(SettingsButton)))
    application.add_handler(CallbackQueryHandler(buttons.on_error_button,
                                                 pattern=is_a(ErrorButton)))
    application.add_handler(CallbackQueryHandler(buttons.on_probe_button,
                                                 pattern=is_a(ProbeButton)))
    application.add_handler(CallbackQueryHandler(buttons.on_export_button,
                                                 pattern=is_a(ExportButton)))
    application.add_handler(CallbackQueryHandler(buttons.on_stale_button))  # any other data
    application.add_handler(InlineQueryHandler(handlers.on_inline_query))
    application.add_error_handler(handlers.on_error)


async def post_init(application: Application) -> None:  # type: ignore[type-arg]
    """Learn who we are; set command menus and descriptions in both languages."""
    me = await application.bot.get_me()
    services = application.bot_data
    services.bot_username, services.bot_id = me.username, me.id
    bot = application.bot
    for language, commands in texts.COMMANDS.items():
        menu = [BotCommand(name, description) for name, description in commands]
        await bot.set_my_commands(menu, language_code=None if language == "en" else language)
    await bot.set_my_description(texts.DESCRIPTION.en)
    await bot.set_my_description(texts.DESCRIPTION.zh, language_code="zh")
    await bot.set_my_short_description(texts.SHORT_DESCRIPTION.en)
    await bot.set_my_short_description(texts.SHORT_DESCRIPTION.zh, language_code="zh")


def run(settings: TelegramSettings, engine: Engine, prober: Prober | None = None,
        open_store: Callable[[], Awaitable[StateStore]] | None = None) -> None:
    """Long polling, or a webhook behind a reverse proxy when ``webhook_url`` is set."""
    asyncio.run(_serve(settings, engine, prober, open_store))


async def _serve(settings: TelegramSettings, engine: Engine, prober: Prober | None,
                 open_store: Callable[[], Awaitable[StateStore]] | None) -> None:
    # A store that cannot be opened costs a log line, not the bot: it is tried again later.
    store = await open_resilient(open_store) if open_store is not None else None
    application = build_application(settings, engine, prober, store)
    purging = (asyncio.create_task(purge_periodically(store, settings.retention_days))
               if store is not None else None)
    try:
        if settings.webhook_url:
            # The proxy forwards https://host/<path> to listen:port/<path>.
            path = urlparse(settings.webhook_url).path.strip("/") or "telegram"
            await run_webhook(application, settings.listen, settings.port, path,
                              settings.webhook_url, settings.webhook_secret)
        else:
            await run_polling(application, settings.poll_timeout)
    finally:
        if purging is not None:
            purging.cancel()
        if store is not None:
            await store.store.close()
