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


def modules_after(argv: list[str]) -> set[str]:
    """The modules a `mailbot ...` run imported (its output discarded)."""
    code = ("import io, sys, bot.adapters.cli as c; out = sys.stdout; sys.stdout = io.StringIO()\n"
            f"c.main({argv!r})\n"
            "print(' '.join(sorted(sys.modules)), file=out)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=REPO, timeout=60, check=True)
    return set(done.stdout.split())


def test_ask_path_stays_light() -> None:
    """Issue 11 item 7: `mailbot ask` (with the start-up cache warm) imports no network
    code, no YAML parser, no schema and no Chinese converter for an English question."""
    modules_after(["ask", "--offline", "qq smtp"])  # warms the cache
    loaded = modules_after(["ask", "--offline", "qq smtp"])
    heavy = {m for m in loaded if m.split(".")[0] in {*HEAVY_MODULES, "yaml", "opencc",
                                                        "cryptography", "dns"}}
    assert heavy | (loaded & {"bot.knowledge_schema", "bot.discovery.chain"}) == set()


def test_probe_of_a_host_and_port_stays_light() -> None:
    """Issue 11 item 7: probing host:port loads no knowledge base, engine, discovery, DNS
    resolver (an IP literal) or HTTP client."""
    loaded = modules_after(["probe", "--unrestricted", "--timeout", "2", "127.0.0.1:1"])
    assert "bot.probing.prober" in loaded
    unwanted = {"bot.engine", "bot.knowledge_base", "bot.discovery.chain", "bot.situation"}
    assert loaded & unwanted == set()
    assert {m for m in loaded if m.split(".")[0] in {"httpx", "dns", "yaml", "telegram"}} == set()


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
