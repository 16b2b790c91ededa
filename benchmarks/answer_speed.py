"""How fast mailbot answers from its knowledge base. Prints figures; asserts nothing.

    python benchmarks/answer_speed.py [--rounds N]

- per answer, in process: p50 / p99 / max of Engine.ask + plain rendering + JSON
- throughput through the JSON-lines mode (`mailbot ask --json -`), one process, one core
- cold start of `mailbot ask "QQ SMTP port?"` (whole process), against a bare interpreter
Targets (issue 2): p99 < 1 ms, >= 5,000 answers/s, cold start < 0.3 s.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.answer_json import answer_to_json  # noqa: E402
from bot.engine import Engine  # noqa: E402
from bot.rendering.card_builder import build_card  # noqa: E402
from bot.rendering.plain_text import render_plain  # noqa: E402

QUESTIONS = [
    "QQ SMTP port?", "zhang@163.com", "outlok imap", "gmial smtp", "hotmail smtp",
    "qq邮相的发信服务器是多少", "网易邮箱 imap 端口", "535 Login Fail. Please enter your "
    "authorization code to login", "534-5.7.9 Application-specific password required.",
    "hello", "", "which port is STARTTLS?", "me@example-company.cn", "腾讯企业邮箱smtp",
    "smtplib.SMTPAuthenticationError: (535, b'5.7.8 Username and Password not accepted.')",
    "What are the IMAP settings for Gmail in Thunderbird?", "bob@gmail.com smtp port",
    "ssl.SSLError: [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1000)",
    "yandex smtp", "请问QQ邮箱用Outlook客户端怎么设置SMTP？", "tutanota imap",
    "ＱＱ　ＳＭＴＰ　端口",
]


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def in_process(rounds: int) -> None:
    engine = Engine.load(strict=True)
    gc.freeze()  # as the CLI does after loading
    for question in QUESTIONS:  # warm caches
        engine.ask(question)
    samples = []
    for _ in range(rounds):
        for question in QUESTIONS:
            start = time.perf_counter()
            answer = engine.ask(question)
            text = render_plain(build_card(answer))
            json.dumps(answer_to_json(answer, text=text), ensure_ascii=False)
            samples.append(time.perf_counter() - start)
    total = sum(samples)
    print(f"in process, {len(samples)} answers (ask + render + JSON):")
    print(f"  p50 {percentile(samples, 0.5) * 1e6:8.1f} µs   p99 "
          f"{percentile(samples, 0.99) * 1e6:8.1f} µs   max {max(samples) * 1e6:8.1f} µs")
    print(f"  {len(samples) / total:,.0f} answers/s")


def json_lines(count: int) -> None:
    lines = "".join(f"{QUESTIONS[i % len(QUESTIONS)]}\n" for i in range(count)).encode()
    command = [sys.executable, "-m", "bot", "ask", "--json", "--offline", "-"]
    if hasattr(os, "sched_setaffinity"):
        command = ["taskset", "-c", "0", *command]  # one core
    # Output goes to a file, so the figure is mailbot's speed, not that of a reader process.
    with tempfile.TemporaryFile() as source, tempfile.TemporaryFile() as sink:
        source.write(lines)
        source.seek(0)
        start = time.perf_counter()
        subprocess.run(command, stdin=source, stdout=sink, cwd=REPO, check=True, timeout=600)
        elapsed = time.perf_counter() - start
        sink.seek(0)
        answers = sink.read().count(b"\n")
    assert answers == count, (answers, count)
    print(f"JSON-lines mode, one process on one core: {count:,} answers in {elapsed:.2f} s "
          f"= {count / elapsed:,.0f} answers/s (start-up included)")


def cold_start(runs: int) -> None:
    def timed(command: list[str]) -> float:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, cwd=REPO, check=True, timeout=60)
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    bare = timed([sys.executable, "-c", "pass"])
    mailbot = timed([sys.executable, "-m", "bot", "ask", "QQ SMTP port?"])
    print(f"cold start (median of {runs}): mailbot ask {mailbot * 1000:.0f} ms; "
          f"bare python {bare * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=500)
    parser.add_argument("--lines", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    in_process(args.rounds)
    json_lines(args.lines)
    cold_start(args.runs)


if __name__ == "__main__":
    main()
