"""A one-provider knowledge folder pointing at the tests' own servers."""

from __future__ import annotations

from pathlib import Path


def knowledge_with_servers(tmp_path: Path, servers: list[tuple[str, int, str]],
                           alias: str = "probe-test") -> Path:
    """knowledge/providers/probe-test.yaml with SMTP ``servers`` (host, port, security);
    its address domain is probe-test.example."""
    root = tmp_path / "knowledge"
    (root / "providers").mkdir(parents=True)
    listed = "\n".join(f"  - {{protocol: smtp, host: {host}, port: {port}, security: {security}}}"
                       for host, port, security in servers)
    (root / "providers" / "probe-test.yaml").write_text(f"""\
id: probe-test
name: {{en: Probe test, zh: 探测测试}}
kind: personal
aliases: [{alias}]
domains: [probe-test.example]
status: ok
login: {{methods: [password], username: address}}
servers:
{listed}
sources:
  - {{url: https://example.org/, kind: other, checked: 2026-11-27, covers: test servers}}
""", encoding="utf-8")
    return root
