"""``mailbot serve``: settings from the environment and flags, clear words when they fail."""

from __future__ import annotations

import argparse
import gc
import logging
from typing import TextIO

from telegram.error import InvalidToken

from bot import settings as variables
from bot.adapters.telegram_ui.app import (
    MissingToken,
    TelegramSettings,
    configure_logging,
    run,
)
from bot.knowledge_base import KnowledgeError
from bot.services import Services

EXIT_CONFIG = 2


def run_serve_command(args: argparse.Namespace, services: Services, err: TextIO) -> int:
    try:
        settings = TelegramSettings.from_settings(
            services.settings, webhook_url=args.webhook_url, listen=args.listen,
            port=args.port, probe=services.probe_settings,
            discovery=services.discovery_settings)
    except MissingToken:
        err.write(f"mailbot serve needs a bot token: set {variables.TOKEN.name} (from "
                  f"@BotFather). Optional: {variables.API_BASE_URL.name} for a self-hosted "
                  "Bot API server.\n")
        return EXIT_CONFIG
    if services.settings.state_url and settings.webhook_url and (
            not services.settings.webhook_secret):
        err.write(f"With a shared state store ({variables.STATE_URL.name}), every replica "
                  f"needs the same webhook secret: set {variables.WEBHOOK_SECRET.name} (a "
                  "random one per process would lock the others out).\n")
        return EXIT_CONFIG
    configure_logging(settings.token, verbose=args.verbose)
    if services.settings.probe_unrestricted:
        logging.getLogger(__name__).warning(
            "%s=1: the probe may reach private addresses and any port",
            variables.PROBE_UNRESTRICTED.name)
    try:
        engine = services.engine
    except KnowledgeError as exc:
        err.write(f"The extra knowledge folder {services.knowledge_extra} has problems (fix "
                  f"them, or start without --knowledge-extra):\n{exc}\n")
        return EXIT_CONFIG
    gc.freeze()  # the loaded knowledge base is long-lived: keep the collector off it
    try:
        run(settings, engine, services.prober, services.open_state_store)
    except InvalidToken:
        err.write(f"Telegram rejected the token in {variables.TOKEN.name}: check it with "
                  "@BotFather.\n")
        return EXIT_CONFIG
    return 0
