"""Cold start of whole `mailbot` processes against their yardsticks. Prints figures.

    python benchmarks/cold_start.py [--runs N]

1. `mailbot ask --offline "qq smtp"` against `python -c "import yaml, rapidfuzz"`.
   Target (issue 11): within 3x.
2. `mailbot probe` of one server (implicit TLS, EHLO) against
   `swaks --tls-on-connect --quit-after EHLO` of the same local aiosmtpd server.
   Target (issue 11): within 2x. Skipped when swaks is not installed.

Each command runs N times after one warm-up; the figure is the median wall time of the whole
process. Byte code is written to a temporary cache first (PYTHONPYCACHEPREFIX), as an
installed package has it; where PYTHONDONTWRITEBYTECODE is set, every run would compile
mailbot's sources again, which no installed copy does. The server runs on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.probe_speed import start_server  # noqa: E402


def median_seconds(command: list[str], runs: int, env: dict[str, str]) -> float:
    subprocess.run(command, env=env, cwd=REPO, capture_output=True, check=False)  # warm up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, env=env, cwd=REPO, capture_output=True, check=False,
                       timeout=60)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(Path(folder) / "pycache")
        python = sys.executable
        ask = median_seconds([python, "-m", "bot", "ask", "--offline", "qq smtp"], args.runs,
                             env)
        yardstick = median_seconds([python, "-c", "import yaml, rapidfuzz"], args.runs, env)
        print(f"cold `mailbot ask --offline`: {ask * 1000:.0f} ms; `import yaml, rapidfuzz`: "
              f"{yardstick * 1000:.0f} ms; ratio {ask / yardstick:.2f}x (target <= 3x)")
        swaks = shutil.which("swaks")
        if swaks is None:
            print("cold `mailbot probe`: skipped, swaks is not installed")
            return
        server, port, ca_file = start_server(Path(folder), 0.0)
        try:
            probe = median_seconds(
                [python, "-m", "bot", "probe", "--unrestricted", "--protocol", "smtp",
                 "--security", "ssl", "--ca-file", str(ca_file), f"127.0.0.1:{port}"],
                args.runs, env)
            swaks_time = median_seconds(
                [swaks, "--server", "127.0.0.1", "--port", str(port), "--tls-on-connect",
                 "--quit-after", "EHLO"], args.runs, env)
        finally:
            server.kill()
        print(f"cold `mailbot probe` of one server: {probe * 1000:.0f} ms; swaks: "
              f"{swaks_time * 1000:.0f} ms; ratio {probe / swaks_time:.2f}x (target <= 2x)")


if __name__ == "__main__":
    main()
