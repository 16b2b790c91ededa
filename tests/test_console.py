"""`mailbot chat` in a real terminal (pexpect): answers, history, and no secrets kept."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect
import pytest

from tests.conftest import REPO


def spawn_chat(history: Path, term: str) -> pexpect.spawn:
    env = {**os.environ, "MAILBOT_HISTORY": str(history), "TERM": term}
    return pexpect.spawn(sys.executable, ["-m", "bot", "chat"], cwd=str(REPO), env=env,
                         encoding="utf-8", timeout=20)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_chat_answers_and_keeps_secrets_out_of_history(tmp_path: Path) -> None:
    history = tmp_path / "history"
    child = spawn_chat(history, "dumb")
    try:
        child.expect("mailbot> ")
        child.sendline("qq smtp")
        child.expect("smtp.qq.com")
        child.expect("mailbot> ")
        child.sendline("my password is hunter2secret, gmail imap?")
        child.expect("⚠")
        child.expect("mailbot> ")
        child.sendline("网易邮箱 imap 端口")
        child.expect("imap.163.com")
        child.expect("mailbot> ")
        child.sendline("and for pop?")  # a follow-up on the last answer's provider
        child.expect("pop.163.com")
        child.expect("mailbot> ")
        child.sendline("quit")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    kept = history.read_text(encoding="utf-8")
    assert "qq smtp" in kept and "imap 端口" in kept
    assert "hunter2secret" not in kept


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_a_bracketed_paste_is_one_message(tmp_path: Path) -> None:
    """A terminal wraps pasted text in ESC[200~ … ESC[201~: a pasted config is one message."""
    child = spawn_chat(tmp_path / "history", "xterm")
    try:
        child.expect("mailbot> ")
        child.send('\x1b[200~EMAIL_HOST = "smtp.163.com"\nEMAIL_PORT = 465\n'
                   "EMAIL_USE_TLS = True\x1b[201~")
        child.send("\r")
        child.expect("Port 465 expects TLS from the first byte")
        child.expect("EMAIL_USE_SSL")
        child.expect("mailbot> ")
        child.sendline("quit")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
