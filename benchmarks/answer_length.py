"""How long the first reply is (issue 12): visible characters of the `mailbot ask` text and of
the first Telegram message (private and group), over the questions in
tests/answer_shape_cases.py, as median and maximum per kind of answer. Prints; asserts nothing.

    python benchmarks/answer_length.py [--each]
"""

from __future__ import annotations

import argparse
import html
import io
import re
import statistics
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.adapters.ask_command import ask_lines  # noqa: E402
from bot.adapters.telegram_ui.replies import answer_reply  # noqa: E402
from bot.engine import Engine  # noqa: E402
from tests.answer_shape_cases import CASES  # noqa: E402

TARGETS = {"settings": 350, "error": 600, "other": 600}
GROUP_TARGET = 250


def visible(telegram_html: str) -> int:
    """Characters a person sees of a Telegram HTML message."""
    return len(html.unescape(re.sub(r"<[^>]+>", "", telegram_html)))


def measure(engine: Engine) -> list[tuple[str, str, int, int, int]]:
    """(kind, message, CLI length, Telegram private length, Telegram group length)."""
    rows = []
    for case in CASES:
        out = io.StringIO()
        ask_lines(engine, [(case.message, False)], out, as_json=False, lang=None)
        answer = engine.ask(case.message)
        private = answer_reply(answer, group=False, bot_username="mailbot_test_bot")
        group = answer_reply(answer, group=True, bot_username="mailbot_test_bot")
        rows.append((case.kind, case.message, len(out.getvalue().rstrip("\n")),
                     visible(private.messages[0]), visible(group.messages[0])))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--each", action="store_true", help="one line per question")
    args = parser.parse_args()
    rows = measure(Engine.load())
    if args.each:
        for kind, message, cli, private, group in rows:
            print(f"{kind:8} {cli:5} {private:5} {group:5}  {message[:60]}")
    print(f"{len(rows)} questions; visible characters of the first message")
    print(f"{'kind':8} {'n':>3}  {'CLI median/max':>15}  {'TG median/max':>14}  "
          f"{'group median/max':>17}  target")
    for kind in ("settings", "error", "other", "all"):
        chosen = [r for r in rows if kind in ("all", r[0])]
        cells = []
        for column in (2, 3, 4):
            values = [r[column] for r in chosen]
            cells.append(f"{statistics.median(values):.0f}/{max(values)}")
        target = TARGETS.get(kind, "")
        print(f"{kind:8} {len(chosen):3}  {cells[0]:>15}  {cells[1]:>14}  {cells[2]:>17}  "
              f"{target} (group {GROUP_TARGET})")


if __name__ == "__main__":
    main()
