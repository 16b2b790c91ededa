"""``mailbot chat``: an interactive console on the engine, with line editing and history."""

from __future__ import annotations

import contextlib
from pathlib import Path

from bot.adapters.console_session import ConsoleSession
from bot.understanding import looks_like_secret

HISTORY_LENGTH = 500
PROMPT = "mailbot> "
QUIT_WORDS = frozenset({"quit", "exit", "/quit", "/exit", "退出"})


def run_console(session: ConsoleSession, history_file: Path) -> int:
    try:
        import readline  # line editing and history where the platform has it
    except ImportError:  # pragma: no cover - Windows without pyreadline
        readline = None  # type: ignore[assignment]
    if readline is not None:
        with contextlib.suppress(OSError):
            readline.read_history_file(history_file)
        readline.set_history_length(HISTORY_LENGTH)
        # A pasted config or log arrives as one message, newlines and all, instead of one
        # question per line (readline 8.1+; older versions ignore the setting).
        readline.parse_and_bind("set enable-bracketed-paste on")
    print("mailbot: ask an e-mail setup question; /lang en|zh, /probe HOST:PORT "
          "(Ctrl-D or 'quit' to leave).")
    try:
        while True:
            try:
                line = input(PROMPT)
            except EOFError:
                print()
                break
            except KeyboardInterrupt:
                print()
                continue
            if line.strip().lower() in QUIT_WORDS:
                break
            if not line.strip():
                continue
            if readline is not None and looks_like_secret(line):
                # A pasted password must never be stored, not even in shell history.
                readline.remove_history_item(readline.get_current_history_length() - 1)
            print(session.reply(line))
            print()
    finally:
        if readline is not None:
            with contextlib.suppress(OSError):
                readline.write_history_file(history_file)
    return 0
