"""How many real messages (tests/corpus/) mailbot answers right, overall, per class and per
language, and which ones it misses and why. Prints figures; asserts nothing.

    python benchmarks/real_messages.py [--misses]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.engine import Engine  # noqa: E402
from tests.real_messages import load_corpus, score  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--misses", action="store_true", help="list every miss")
    args = parser.parse_args()
    outcomes, report = score(Engine.load(strict=True), load_corpus())
    print(report)
    if args.misses:
        for outcome in outcomes:
            if outcome.misses:
                print(f"{outcome.case['id']}: {'; '.join(outcome.misses)}")


if __name__ == "__main__":
    main()
