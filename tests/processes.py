"""Starting and stopping the real servers the tests run (Dovecot, dnsmasq)."""

from __future__ import annotations

import subprocess


def stop(process: subprocess.Popen[bytes], grace: float = 10.0) -> None:
    """Terminate, wait, kill if it lingers; close its output pipe."""
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)
    if process.stdout is not None:
        process.stdout.close()


def exited_output(process: subprocess.Popen[bytes]) -> str | None:
    """The output of a server that already exited, or None while it runs."""
    if process.poll() is None:
        return None
    return process.stdout.read().decode(errors="replace") if process.stdout else ""
