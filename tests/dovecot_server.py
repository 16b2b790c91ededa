"""A real Dovecot (IMAP, IMAPS, POP3, POP3S) on 127.0.0.2, with its own config and folders.

127.0.0.2, not 127.0.0.1: Dovecot treats a client whose address equals the server's as
secure and would hide LOGINDISABLED. `.ci/run` installs the Debian packages
dovecot-imapd and dovecot-pop3d; without them the tests that need this skip.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.processes import exited_output, stop

HOST = "127.0.0.2"
START_TIMEOUT = 15.0


@dataclass(frozen=True)
class Dovecot:
    imap: int
    imaps: int
    pop3: int
    pop3s: int
    log: Path


def dovecot_binary() -> str | None:
    return shutil.which("dovecot") or (
        "/usr/sbin/dovecot" if os.path.exists("/usr/sbin/dovecot") else None)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _wait_listening(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=0.5):
            return
        time.sleep(0.1)
    raise TimeoutError(f"dovecot did not listen on {HOST}:{port}")


@contextlib.contextmanager
def run_dovecot(folder: Path, cert_chain: Path, key: Path) -> Iterator[Dovecot]:
    binary = dovecot_binary()
    assert binary is not None
    ports = Dovecot(_free_port(), _free_port(), _free_port(), _free_port(), folder / "dovecot.log")
    for name in ("run", "state", "mail", "home"):
        (folder / name).mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o755)
    (folder / "passwd").write_text("probe:{PLAIN}not-a-real-password::::::\n")
    config = folder / "dovecot.conf"
    config.write_text(f"""\
base_dir = {folder}/run
state_dir = {folder}/state
log_path = {ports.log}
info_log_path = {ports.log}
protocols = imap pop3
listen = {HOST}
ssl = yes
ssl_cert = <{cert_chain}
ssl_key = <{key}
disable_plaintext_auth = yes
auth_mechanisms = plain login
first_valid_uid = 100
mail_location = maildir:{folder}/mail/%u
passdb {{
  driver = passwd-file
  args = {folder}/passwd
}}
userdb {{
  driver = static
  args = uid=dovecot gid=dovecot home={folder}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    port = {ports.imap}
  }}
  inet_listener imaps {{
    port = {ports.imaps}
    ssl = yes
  }}
}}
service pop3-login {{
  inet_listener pop3 {{
    port = {ports.pop3}
  }}
  inet_listener pop3s {{
    port = {ports.pop3s}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service stats {{
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
""")
    process = subprocess.Popen([binary, "-F", "-c", str(config)], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        for port in (ports.imap, ports.imaps, ports.pop3, ports.pop3s):
            output = exited_output(process)
            if output is not None:
                raise RuntimeError(f"dovecot exited: {output}")
            _wait_listening(port, deadline)
        yield ports
    finally:
        stop(process)
