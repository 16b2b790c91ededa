"""The mailbot command, run as a real process the way scripts use it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import KNOWLEDGE, REPO

TIMEOUT = 30


def mailbot(*args: str, stdin: bytes | str = b"", env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[bytes]:
    data = stdin.encode() if isinstance(stdin, str) else stdin
    return subprocess.run([sys.executable, "-m", "bot", *args], input=data, capture_output=True,
                          timeout=TIMEOUT, cwd=REPO, env=env, check=False)


def test_ask_text() -> None:
    done = mailbot("ask", "QQ SMTP port?")
    assert done.returncode == 0
    out = done.stdout.decode()
    assert "smtp.qq.com" in out and "465" in out
    assert done.stderr == b""


def test_ask_json_schema() -> None:
    done = mailbot("ask", "--json", "zhang@163.com")
    data = json.loads(done.stdout)
    assert set(data) >= {"question", "lang", "intent", "provider", "domain", "servers",
                         "troubleshooting", "confidence", "source", "text"}
    assert data["question"] == "zhang@163.com"
    assert data["provider"] == {"id": "netease-163", "name": "NetEase 163 Mail"}
    assert data["domain"] == "163.com"
    assert data["source"] == "knowledge"
    first = data["servers"][0]
    assert set(first) >= {"protocol", "host", "port", "security", "username"}
    assert (first["protocol"], first["host"], first["port"], first["security"]) == (
        "imap", "imap.163.com", 993, "ssl")
    assert {s["protocol"] for s in data["servers"]} >= {"imap", "smtp"}
    assert data["did_you_mean"] is None


def test_ask_json_offers_a_typo_fix() -> None:
    data = json.loads(mailbot("ask", "--json", "--offline", "zhang@gmial.com").stdout)
    assert data["intent"] == "unknown_provider" and data["servers"] == []
    assert data["did_you_mean"] == {"domain": "gmail.com",
                                    "provider": {"id": "gmail", "name": "Gmail"}}


def test_ask_json_lines_from_stdin_in_order() -> None:
    questions = ["qq smtp", "", "hello", "535 Login Fail. Please enter your authorization code",
                 "网易邮箱 imap 端口"]
    done = mailbot("ask", "--json", stdin="\n".join(questions) + "\n")
    lines = done.stdout.decode().splitlines()
    assert len(lines) == len(questions)
    answers = [json.loads(line) for line in lines]
    assert [a["question"] for a in answers] == questions
    assert [a["intent"] for a in answers] == ["settings", "empty", "off_topic", "error",
                                              "settings"]
    assert answers[4]["lang"] == "zh"
    assert done.returncode == 0


def test_json_lines_are_flushed_one_by_one() -> None:
    """A script can write a question and read its answer before sending the next."""
    process = subprocess.Popen([sys.executable, "-m", "bot", "ask", "--json", "-"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=REPO)
    assert process.stdin is not None and process.stdout is not None
    try:
        for question in ("gmail imap", "qq smtp", "zhang@163.com"):
            process.stdin.write(question.encode() + b"\n")
            process.stdin.flush()
            answer = json.loads(process.stdout.readline())
            assert answer["question"] == question
        process.stdin.close()
        assert process.wait(timeout=TIMEOUT) == 0
    finally:
        process.kill()


def test_offline_flag_is_accepted() -> None:
    done = mailbot("ask", "--offline", "--json", "gmail imap")
    assert json.loads(done.stdout)["provider"]["id"] == "gmail"


def test_forced_language() -> None:
    done = mailbot("ask", "--lang", "zh", "--json", "gmail imap")
    data = json.loads(done.stdout)
    assert data["lang"] == "zh" and "收信" in data["text"]


@pytest.mark.parametrize("junk", [b"\xff\xfe\x00\x01binary\x80\n", "🙂" .encode() * 1000 + b"\n",
                                  b"<script>alert(1)</script>\n", b"x" * 2_000_000 + b"\n",
                                  b"@@@.@@@\n"])
def test_bad_input_never_crashes(junk: bytes) -> None:
    done = mailbot("ask", "--json", stdin=junk)
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    data = json.loads(done.stdout.splitlines()[0])
    assert data["text"]


def test_check_knowledge_counts() -> None:
    done = mailbot("check-knowledge")
    assert done.returncode == 0
    out = done.stdout.decode()
    assert "providers: " in out and "troubleshooting entries: " in out and "ok" in out
    # Issue 5: at least 1,500 address domains answered offline.
    domains = int(out.split("domains: ")[1].split()[0])
    assert domains >= 1500


def test_check_knowledge_names_file_and_line(tmp_path: Path) -> None:
    root = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, root)
    broken = root / "providers" / "gmail.yaml"
    broken.write_text(broken.read_text().replace("port: 993", "port: 99999", 1))
    done = mailbot("--knowledge", str(root), "check-knowledge")
    assert done.returncode == 1
    out = done.stdout.decode()
    assert "gmail.yaml:" in out and "port: 99999 is outside 1..65535" in out


def test_broken_file_is_skipped_with_a_warning_when_answering(tmp_path: Path) -> None:
    root = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, root)
    (root / "providers" / "gmail.yaml").write_text("id: [broken")
    env = {**os.environ, "MAILBOT_KNOWLEDGE_DIR": str(root)}
    done = mailbot("ask", "qq smtp", env=env)
    assert done.returncode == 0
    assert "smtp.qq.com" in done.stdout.decode()
    assert "gmail.yaml:" in done.stderr.decode() and "YAML error" in done.stderr.decode()


def test_version() -> None:
    done = mailbot("--version")
    assert done.returncode == 0 and done.stdout.decode().startswith("mailbot 0.")


@pytest.mark.parametrize(("args", "stdin", "code"), [
    (("ask", ""), "", 2),  # a one-shot question with nothing in it
    (("ask", "   "), "", 2),
    (("--knowledge", "/nonexistent/knowledge", "ask", "qq smtp"), "", 1),
    (("ask", "--offline"), "\n\n   \nqq smtp\n\x00\n", 0),  # stdin mode: 0 whatever it holds
])
def test_exit_codes(args: tuple[str, ...], stdin: str, code: int) -> None:
    done = mailbot(*args, stdin=stdin)
    assert done.returncode == code
    if code:
        assert done.stdout == b"" and done.stderr.startswith(b"mailbot: ")


def test_the_short_answer_says_where_the_rest_is() -> None:
    short = mailbot("ask", "--offline", "QQ SMTP port?").stdout.decode()
    full = mailbot("ask", "--offline", "--full", "QQ SMTP port?").stdout.decode()
    assert short.splitlines()[0].startswith("QQ Mail SMTP: smtp.qq.com, port 465")
    assert "--full" in short and "Before you start" not in short
    assert "Before you start" in full and "imap.qq.com" in full and "--full" not in full


def test_a_slow_lookup_says_so_on_stderr_only() -> None:
    """A nameserver that never answers: after a second a note on stderr, then the timeout is
    reported as a failed lookup; stdout holds only the JSON answer."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:
        silent.bind(("127.0.0.1", 0))
        port = silent.getsockname()[1]
        done = mailbot("ask", "--json", "--nameserver", f"127.0.0.1:{port}", "--ispdb-url", "",
                       "me@slow-lookup-example.cn imap")
    assert done.returncode == 0
    data = json.loads(done.stdout)
    assert data["lookup_failed"] is True and "slow-lookup-example.cn" in data["text"]
    assert done.stderr.decode().strip() == "Looking up slow-lookup-example.cn…"
