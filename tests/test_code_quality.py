"""The architecture and hygiene rules, checked: import direction, packaging, ruff, mypy."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import REPO

BOT = REPO / "bot"
FRONT_END_MODULES = ("telegram", "bot.adapters")
# Kept off the `mailbot ask` path: they cost start-up time (see benchmarks/answer_speed.py).
HEAVY_MODULES = ("telegram", "httpx", "aiosmtplib")


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def engine_modules() -> list[Path]:
    """Everything but the front ends and the `python -m bot` entry point."""
    return [p for p in BOT.rglob("*.py")
            if "adapters" not in p.relative_to(BOT).parts and p.name != "__main__.py"]


@pytest.mark.parametrize("path", engine_modules(), ids=lambda p: str(p.relative_to(REPO)))
def test_engine_never_imports_a_front_end(path: Path) -> None:
    for name in imports_of(path):
        assert not name.startswith(FRONT_END_MODULES), f"{path} imports {name}"


def test_ask_path_stays_light() -> None:
    code = ("import sys, bot.adapters.cli as c; c.main(['ask', 'qq smtp']); "
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY_MODULES!r}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=REPO, timeout=60, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_every_package_is_listed_in_pyproject() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {".".join(p.parent.relative_to(REPO).parts) for p in BOT.rglob("__init__.py")}
    assert on_disk <= listed, f"add to pyproject packages: {sorted(on_disk - listed)}"


def test_no_grab_bag_modules() -> None:
    for path in BOT.rglob("*.py"):
        assert path.stem not in {"utils", "helpers", "common", "misc"}, path
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 450, f"{path} is too long"


def run_tool(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], capture_output=True, text=True,
                          cwd=REPO, timeout=300, check=False)


@pytest.mark.skipif(shutil.which("ruff") is None and not (Path(sys.executable).parent / "ruff")
                    .exists(), reason="ruff is not installed (pip install -e '.[test]')")
def test_ruff_is_clean() -> None:
    done = run_tool("ruff", "check", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_is_clean() -> None:
    pytest.importorskip("mypy", reason="mypy is not installed (pip install -e '.[test]')")
    done = run_tool("mypy")
    assert done.returncode == 0, done.stdout + done.stderr
