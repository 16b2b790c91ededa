"""``mailbot serve``: settings from the environment and flags, clear words when they fail."""

from __future__ import annotations

import argparse
import gc
import logging
import os
from dataclasses import replace
from typing import TextIO

from telegram.error import InvalidToken

from bot.adapters.cli import ISPDB_URL_ENV, NAMESERVER_ENV
from bot.adapters.telegram_ui.app import (
    BASE_URL_ENV,
    TOKEN_ENV,
    MissingToken,
    TelegramSettings,
    configure_logging,
    run,
)
from bot.discovery.chain import DiscoverySettings
from bot.discovery.dns_records import parse_nameserver
from bot.engine import Engine
from bot.probing.prober import UNRESTRICTED_ENV, ProbeSettings

EXIT_CONFIG = 2


def run_serve_command(args: argparse.Namespace, engine: Engine, err: TextIO) -> int:
    unrestricted = os.environ.get(UNRESTRICTED_ENV) == "1"
    discovery = DiscoverySettings(allow_private=unrestricted)
    nameserver = os.environ.get(NAMESERVER_ENV)
    if nameserver:
        discovery = replace(discovery, nameserver=parse_nameserver(nameserver))
    if os.environ.get(ISPDB_URL_ENV) is not None:
        discovery = replace(discovery, ispdb_base_url=os.environ[ISPDB_URL_ENV])
    try:
        settings = TelegramSettings.from_environment(
            webhook_url=args.webhook_url, listen=args.listen, port=args.port,
            # the probe (and the guesses it confirms) asks the same name server as discovery
            probe=ProbeSettings(unrestricted=unrestricted, nameserver=discovery.nameserver),
            discovery=discovery)
    except MissingToken:
        err.write(f"mailbot serve needs a bot token: set {TOKEN_ENV} (from @BotFather). "
                  f"Optional: {BASE_URL_ENV} for a self-hosted Bot API server.\n")
        return EXIT_CONFIG
    configure_logging(settings.token, verbose=args.verbose)
    if unrestricted:
        logging.getLogger(__name__).warning(
            "%s=1: the probe may reach private addresses and any port", UNRESTRICTED_ENV)
    gc.freeze()  # the loaded knowledge base is long-lived: keep the collector off it
    try:
        run(settings, engine)
    except InvalidToken:
        err.write(f"Telegram rejected the token in {TOKEN_ENV}: check it with @BotFather.\n")
        return EXIT_CONFIG
    return 0
