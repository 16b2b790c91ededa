"""`mailbot probe` as scripts run it: JSON lines in order, text reports, exit codes."""

from __future__ import annotations

import asyncio
import json
import os
import sys

from tests.conftest import REPO
from tests.mail_servers import Certificates, smtp_server

KEYS = {"host", "ip", "port", "protocol", "security", "ok", "error", "banner", "capabilities",
        "starttls", "auth_methods", "tls", "timings_ms", "diagnosis"}
TLS_KEYS = {"version", "cipher", "cert_valid", "cert_error", "hostname_match", "subject",
            "issuer", "not_after", "days_left"}


async def mailbot(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=REPO, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    async with asyncio.timeout(60):
        out, err = await process.communicate()
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_json_reports_in_order(certs: Certificates) -> None:
    async with smtp_server(implicit_tls=certs.good) as good, \
            smtp_server(implicit_tls=certs.expired) as expired:
        code, out, err = await mailbot(
            "probe", "--json", "--unrestricted", "--ca-file", str(certs.ca_file),
            "--protocol", "smtp", "--security", "ssl", "--timeout", "5",
            f"127.0.0.1:{good}", f"127.0.0.1:{expired}")
    assert err == ""
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["target"] == f"127.0.0.1:{good}" and first["refused"] is None
    (result,) = first["results"]
    assert set(result) >= KEYS and set(result["tls"]) >= TLS_KEYS
    assert result["ok"] is True and result["tls"]["cert_valid"] is True
    assert set(result["timings_ms"]) == {"dns", "connect", "tls", "banner", "total"}
    assert result["diagnosis"] and isinstance(result["diagnosis"][0], str)
    (bad,) = second["results"]
    assert bad["ok"] is False and bad["tls"]["cert_error"] == "certificate has expired"
    assert code == 1  # something failed


async def test_text_report_in_chinese(certs: Certificates) -> None:
    async with smtp_server(starttls=certs.good) as port:
        env = {**os.environ, "MAILBOT_PROBE_UNRESTRICTED": "1"}
        code, out, _ = await mailbot("probe", "--lang", "zh", "--ca-file", str(certs.ca_file),
                                     "--protocol", "smtp", "--security", "starttls",
                                     f"127.0.0.1:{port}", env=env)
    assert code == 0
    assert "✅ 正常" in out and "证书: 有效" in out and "不会发送任何密码" in out


async def test_restricted_by_default() -> None:
    env = {k: v for k, v in os.environ.items() if k != "MAILBOT_PROBE_UNRESTRICTED"}
    code, out, _ = await mailbot("probe", "127.0.0.1:25", env=env)
    assert code == 1
    assert "not a public address" in out
