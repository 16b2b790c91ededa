"""How fast mailbot answers from its knowledge base. Prints figures; asserts nothing.

    python benchmarks/answer_speed.py [--rounds N]

- per answer, in process: p50 / p99 / max of Engine.ask + plain rendering + JSON
- throughput through the JSON-lines mode (`mailbot ask --json -`), one process, one core
- cold start of `mailbot ask "QQ SMTP port?"` (whole process), against a bare interpreter
- real messages (tests/corpus/) up to 2 KB, and a 100 KB paste (a config and a long log)
- JSON-lines throughput on a mix that is half long real messages
Targets (issue 2): p99 < 1 ms, >= 5,000 answers/s, cold start < 0.3 s; (issue 9): p99 < 1 ms
for messages up to 2 KB, < 20 ms for a 100 KB paste, >= 5,000 answers/s on the mix.
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


def real_messages() -> list[str]:
    """The corpus messages, each on one line (the JSON-lines mode reads one per line)."""
    import yaml

    messages = []
    for path in sorted((REPO / "tests" / "corpus").glob("messages_*.yaml")):
        messages += [" ".join(case["message"].split()) for case in yaml.safe_load(path.read_text())]
    return messages


def long_messages(rounds: int) -> None:
    engine = Engine.load(strict=True)
    gc.freeze()
    messages = [m for m in real_messages() if len(m.encode()) <= 2048]
    for message in messages:
        engine.ask(message)
    samples = []
    for _ in range(max(1, rounds // 10)):
        for message in messages:
            start = time.perf_counter()
            answer = engine.ask(message)
            render_plain(build_card(answer))
            samples.append(time.perf_counter() - start)
    print(f"real messages up to 2 KB ({len(messages)} of them), {len(samples)} answers:")
    print(f"  p50 {percentile(samples, 0.5) * 1e6:8.1f} µs   p99 "
          f"{percentile(samples, 0.99) * 1e6:8.1f} µs   max {max(samples) * 1e6:8.1f} µs")
    head = "\n".join(real_messages()[:5])
    log_line = ("2026-01-20T16:14:39Z DEBUG [smtp] at com.sun.mail.smtp.SMTPTransport.openServer"
                "(SMTPTransport.java:2209) C: EHLO host S: 250-smtp.qq.com\n")
    paste = (head + "\n" + log_line * 2000)[:100_000 - 200] + (
        "\nError: 535 Login Fail. Please enter your authorization code to login.")
    times = []
    for _ in range(20):
        start = time.perf_counter()
        engine.ask(paste)
        times.append(time.perf_counter() - start)
    print(f"a 100 KB paste: median {statistics.median(times) * 1000:.1f} ms, "
          f"max {max(times) * 1000:.1f} ms")


def json_lines(count: int, *, mixed: bool = False) -> None:
    pool = QUESTIONS
    if mixed:  # half short questions, half long real messages
        real = real_messages()
        short = QUESTIONS * (len(real) // len(QUESTIONS) + 1)
        pool = [q for pair in zip(short[:len(real)], real, strict=True) for q in pair]
    lines = "".join(f"{pool[i % len(pool)]}\n" for i in range(count)).encode()
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
    what = "half long real messages" if mixed else "short questions"
    print(f"JSON-lines mode ({what}), one process on one core: {count:,} answers in "
          f"{elapsed:.2f} s "
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
    long_messages(args.rounds)
    json_lines(args.lines)
    json_lines(args.lines // 5, mixed=True)
    cold_start(args.runs)


if __name__ == "__main__":
    main()
