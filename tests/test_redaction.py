"""Secrets are masked in everything mailbot repeats."""

from __future__ import annotations

import pytest

from bot.redaction import redact


@pytest.mark.parametrize(("text", "secret"), [
    ("smtps://user%40qq.com:Hunter2xyz@smtp.exmail.qq.com:465", "Hunter2xyz"),
    ("password: 'S3cret!pw'", "S3cret!pw"),
    ("EMAIL_HOST_PASSWORD=abcd1234efgh", "abcd1234efgh"),
    ("'pass' => 'tr0ub4dor'", "tr0ub4dor"),
    ("授权码是abcdefghijklmnop", "abcdefghijklmnop"),
    ("my app password is abcd efgh ijkl mnop", "abcd efgh ijkl mnop"),
])
def test_secret_is_masked(text: str, secret: str) -> None:
    masked = redact(text)
    assert secret not in masked
    assert "***" in masked


@pytest.mark.parametrize("text", [
    "host: smtp.qq.com", "port = 465", "secure: true", "password: ******", "EMAIL_USE_TLS = True",
])
def test_plain_settings_stay(text: str) -> None:
    assert redact(text) == text
