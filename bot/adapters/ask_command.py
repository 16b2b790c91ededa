"""``mailbot ask`` and ``mailbot chat``: questions in, answers out, on the engine."""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from bot.adapters.line_input import lines_with_backlog
from bot.answer_json import answer_to_json
from bot.engine import Engine
from bot.models import Answer, Intent, Lang
from bot.rendering.card_builder import build_card
from bot.rendering.phrases import MORE_IN_FULL
from bot.rendering.plain_text import render_plain
from bot.services import Services

EXIT_OK = 0
EXIT_EMPTY_QUESTION = 2  # `mailbot ask ""`: a one-shot question with nothing in it


def run_ask_command(args: argparse.Namespace, services: Services, out: TextIO) -> int:
    words = args.question
    if words and words != ["-"] and not " ".join(words).strip():
        print('mailbot: the question is empty; try mailbot ask "QQ SMTP port?"', file=sys.stderr)
        return EXIT_EMPTY_QUESTION
    engine = _engine(services)
    lang = Lang(args.lang) if args.lang else None
    lines: Iterable[tuple[str, bool]] = (
        [(_whole_message(args.file), False)] if args.file is not None
        else lines_with_backlog(sys.stdin.fileno()) if not words or words == ["-"]
        else [(" ".join(words), False)])
    if args.offline:
        return ask_lines(engine, lines, out, as_json=args.json, lang=lang, full=args.full)
    from bot.adapters.discovery_runner import DiscoveryRunner  # network: only if needed

    with DiscoveryRunner(services, progress=sys.stderr) as runner:
        return ask_lines(engine, lines, out, as_json=args.json, lang=lang, full=args.full,
                         discover=runner.discover)


def run_chat_command(args: argparse.Namespace, services: Services, out: TextIO) -> int:
    from bot.adapters.console import run_console
    from bot.adapters.console_session import ConsoleSession
    from bot.adapters.discovery_runner import DiscoveryRunner

    lang = Lang(args.lang) if args.lang else None
    with DiscoveryRunner(services) as runner:
        session = ConsoleSession(_engine(services), lang, discover=runner.discover,
                                 probe=runner.probe)
        return run_console(session, services.settings.history_file)


def _engine(services: Services) -> Engine:
    engine = services.engine
    # The knowledge base is ~100,000 long-lived objects: keep the garbage collector from
    # walking them again and again while answering.
    gc.freeze()
    return engine


def _whole_message(path: str) -> str:
    """A file (or standard input) read whole, as one message; undecodable bytes replaced."""
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_bytes().decode("utf-8", errors="replace")
    except OSError as exc:
        raise SystemExit(f"mailbot: cannot read {path}: {exc.strerror or exc}") from exc


def answer_text(answer: Answer, *, full: bool = False) -> str:
    """The plain-text reply; a short one ends by saying where the rest is."""
    card = build_card(answer, full=full)
    text = render_plain(card)
    return f"{text}\n\n{MORE_IN_FULL.in_lang(answer.lang)}" if card.cut else text


def ask_lines(engine: Engine, lines: Iterable[tuple[str, bool]], out: TextIO, *,
              as_json: bool, lang: Lang | None, full: bool = False,
              discover: Callable[[Answer], Answer] | None = None) -> int:
    """Answer each (line, more_waiting); one JSON object per line in JSON mode. Output is
    flushed whenever no further question is already waiting. ``discover`` (absent with
    --offline) looks up domains the knowledge base does not hold."""
    for line, more_waiting in lines:
        question = line.rstrip("\r\n") if "\n" not in line.rstrip("\r\n") else line
        answer = engine.ask(question, lang)
        if discover is not None and answer.intent is Intent.UNKNOWN_PROVIDER:
            answer = discover(answer)
        text = answer_text(answer, full=full)
        if as_json:
            out.write(json.dumps(answer_to_json(answer, text=text), ensure_ascii=False) + "\n")
        else:
            out.write(text + "\n")
        if not more_waiting:
            out.flush()
    out.flush()
    return EXIT_OK


