"""``mailbot probe``: run the engine's probe for each TARGET and print the reports in order."""

from __future__ import annotations

import argparse
import asyncio
import json
from typing import TextIO

from bot.language import detect_lang
from bot.models import Lang, Protocol, Security
from bot.probing.report_json import report_to_json
from bot.rendering.plain_text import render_plain
from bot.rendering.probe_card import build_probe_card
from bot.services import Services


def run_probe_command(args: argparse.Namespace, services: Services, out: TextIO) -> int:
    """``services`` carry the deadline, the CA file and ``--unrestricted`` already."""
    protocol = Protocol(args.protocol) if args.protocol else None
    security = Security(args.security) if args.security else None
    lang = Lang(args.lang) if args.lang else detect_lang(" ".join(args.targets).lower())

    async def probe_all() -> int:
        prober = services.prober
        tasks = [asyncio.create_task(prober.probe(t, protocol=protocol, security=security))
                 for t in args.targets]
        failed = False
        for task in tasks:  # printed in the order given, each as soon as it is ready
            report = await task
            failed = failed or report.refused is not None or not all(
                r.ok for r in report.results)
            if args.json:
                out.write(json.dumps(report_to_json(report, lang), ensure_ascii=False) + "\n")
            else:
                out.write(render_plain(build_probe_card(report, lang)) + "\n\n")
            out.flush()
        return 1 if failed else 0

    return asyncio.run(probe_all())
