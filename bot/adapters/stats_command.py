"""``mailbot stats``: what the bot answered and could not answer, from the state store."""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from typing import TextIO

from bot.services import Services
from bot.state.records import Stats

DAY = 86400.0


def run_stats_command(args: argparse.Namespace, services: Services, out: TextIO) -> int:
    async def read() -> dict[str, Stats]:
        store = await services.open_state_store()
        try:
            now = time.time()
            return {f"{days}d": await store.stats(args.chat, now - days * DAY)
                    for days in (7, 30)}
        finally:
            await store.close()

    figures = asyncio.run(read())
    if args.json:
        out.write(json.dumps({period: {
            "answered": stats.answered, "unanswered": stats.unanswered,
            "top_providers": dict(stats.top_providers), "top_codes": dict(stats.top_codes)}
            for period, stats in figures.items()}) + "\n")
        return 0
    for period, stats in figures.items():
        out.write(f"last {period[:-1]} days: {stats.answered} answered, "
                  f"{stats.unanswered} not answered\n")
        if stats.top_providers:
            out.write("  providers: " + ", ".join(f"{name} {count}"
                                                  for name, count in stats.top_providers) + "\n")
        if stats.top_codes:
            out.write("  problems: " + ", ".join(f"{name} {count}"
                                                 for name, count in stats.top_codes) + "\n")
    return 0
