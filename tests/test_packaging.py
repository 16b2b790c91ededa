"""A plain, non-editable install answers questions: the knowledge ships inside the package."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bot.knowledge_base import KNOWLEDGE_FOLDERS
from tests.conftest import REPO


def test_installed_copy_answers_from_its_own_knowledge(tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-build-isolation", "--target", str(target), str(REPO)],
                   check=True, timeout=300, capture_output=True)
    shipped = target / "bot" / "knowledge_files"
    source = REPO / "knowledge"
    for folder in KNOWLEDGE_FOLDERS:
        assert ({f.name for f in (shipped / folder).glob("*.yaml")}
                == {f.name for f in (source / folder).glob("*.yaml")}), folder
    assert (shipped / "tlds.txt").read_text() == (source / "tlds.txt").read_text()
    env = {**os.environ, "PYTHONPATH": str(target), "MAILBOT_CACHE_DIR": ""}
    env.pop("MAILBOT_KNOWLEDGE_DIR", None)
    done = subprocess.run([sys.executable, "-m", "bot", "ask", "--json", "zhang@163.com"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
                          check=True)
    answer = json.loads(done.stdout)
    assert answer["provider"]["id"] == "netease-163"
    assert answer["servers"]
    config = ("nodemailer.createTransport({host: 'smtp.qq.com', port: 465, secure: false}) "
              "at com.sun.mail.smtp.SMTPTransport.openServer(SMTPTransport.java:2209)")
    done = subprocess.run([sys.executable, "-m", "bot", "ask", "--json", config],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
                          check=True)
    answer = json.loads(done.stdout)
    assert answer["situation"]["client"] == "nodemailer"
    assert answer["diagnosis"][0]["code"] == "expects-implicit-tls"
    assert answer["intent"] != "unknown_provider"  # SMTPTransport.java is no domain
