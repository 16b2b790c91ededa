"""Secrets are masked in everything mailbot repeats."""

from __future__ import annotations

import json

import pytest

from bot.answer_json import answer_to_json
from bot.engine import Engine
from bot.redaction import contains_secret, redact


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


@pytest.mark.parametrize("text", [
    "smtps://user%40qq.com:Hunter2xyz@smtp.exmail.qq.com:465",
    "auth: { user: 'me@qq.com', pass: 'Hunter2xyz' }",
    'server.login("me@qq.com", "Hunter2xyz")',
    "密码Hunter2xyz，qq邮箱登录不了",
    "my pw: Hunter2xyz",
    "SMTP_PASS=hunterxyz",
    "x" * 5000 + " password=Hunter2xyz",  # past the head that understanding analyses
])
def test_secrets_are_found(text: str) -> None:
    assert contains_secret(text)
    assert "Hunter2xyz" not in redact(text) and "hunterxyz" not in redact(text)


@pytest.mark.parametrize("text", [
    "the password is correct",
    "password: ******",
    "Application password is REQUIRED",
    "pass: process.env.SMTP_PASS",
    "auth: { user: process.env.USER, pass: smtpPassword }",
    "server.login(username, password)",
    "EMAIL_HOST_PASSWORD = SECRET_KEY",
    "授权码是什么？",
    "what is jubiipostadresse.dk",
    "password: '<your password>'",
])
def test_words_masks_and_variables_are_no_secrets(text: str) -> None:
    assert not contains_secret(text)


def test_the_engine_never_analyses_a_secret(engine: Engine) -> None:
    data = answer_to_json(engine.ask("smtps://user%40qq.com:Hunter2xyz@smtp.exmail.qq.com:465"))
    assert data["secret_warning"] is True
    echoed = json.dumps({k: v for k, v in data.items() if k != "question"}, ensure_ascii=False)
    assert "hunter2" not in echoed.casefold()
