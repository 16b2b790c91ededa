"""The command line both importers share: generate the files, or ``--check`` that the
committed ones are what the sources give today."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.knowledge_base import GENERATED_PROVIDERS  # noqa: E402

# (source folder, knowledge folder, overrides file, report lines) -> files written
Generate = Callable[[Path, Path, Path, list[str]], int]


def run_importer(description: str | None, *, source: Path, overrides: Path, what: str,
                 prefix: str, generate: Generate) -> int:
    parser = argparse.ArgumentParser(description=description,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, default=source)
    parser.add_argument("--knowledge", type=Path, default=REPO / "knowledge",
                        help=f"the knowledge folder; files go to its {GENERATED_PROVIDERS}/")
    parser.add_argument("--overrides", type=Path, default=overrides)
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if the generated files are out of date")
    args = parser.parse_args()
    if not (args.source / "SOURCE.md").exists():
        print(f"no {what} at {args.source}", file=sys.stderr)
        return 2
    report: list[str] = []
    if args.check:
        return check(args, prefix, generate, report)
    written = generate(args.source, args.knowledge, args.overrides, report)
    for line in report:
        print(line)
    print(f"{written} generated files in {args.knowledge / GENERATED_PROVIDERS}")
    return 0


def check(args: argparse.Namespace, prefix: str, generate: Generate,
          report: list[str]) -> int:
    """Regenerate into a scratch copy of knowledge/ and compare with what is committed."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "knowledge"
        shutil.copytree(args.knowledge, copy)
        generate(args.source, copy, args.overrides, report)
        fresh = {p.name: p.read_text() for p in (copy / GENERATED_PROVIDERS).glob(f"{prefix}*")}
    current = {p.name: p.read_text()
               for p in (args.knowledge / GENERATED_PROVIDERS).glob(f"{prefix}*")}
    stale = sorted(n for n in set(fresh) | set(current) if fresh.get(n) != current.get(n))
    if stale:
        print(f"generated files are out of date: {', '.join(stale[:10])}", file=sys.stderr)
        return 1
    print(f"{len(current)} generated files are up to date")
    return 0
