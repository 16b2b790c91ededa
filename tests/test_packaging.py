"""A plain, non-editable install answers questions: the knowledge ships inside the package."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def test_installed_copy_answers_from_its_own_knowledge(tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-build-isolation", "--target", str(target), str(REPO)],
                   check=True, timeout=300, capture_output=True)
    shipped = target / "bot" / "knowledge_files"
    assert len(list((shipped / "providers").glob("*.yaml"))) >= 45
    assert list((shipped / "troubleshooting").glob("*.yaml"))
    assert list((shipped / "topics").glob("*.yaml"))
    env = {**os.environ, "PYTHONPATH": str(target), "MAILBOT_CACHE_DIR": ""}
    env.pop("MAILBOT_KNOWLEDGE_DIR", None)
    done = subprocess.run([sys.executable, "-m", "bot", "ask", "--json", "zhang@163.com"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
                          check=True)
    answer = json.loads(done.stdout)
    assert answer["provider"]["id"] == "netease-163"
    assert answer["servers"]
