"""Normalising and pulling apart a message, without any knowledge of providers."""

from __future__ import annotations

import pytest

from bot.language import ANALYSED_CHARS
from bot.models import Attribute, Lang, Protocol, Security
from bot.understanding import looks_like_secret, normalize, understand


@pytest.mark.parametrize(("raw", "expected"), [
    ("ＱＱ　ＳＭＴＰ", "qq smtp"),
    ("  Gmail\tIMAP \n port ", "gmail imap port"),
    ("zhang＠１６３．ｃｏｍ", "zhang@163.com"),
    ("zhang@163。com", "zhang@163.com"),
    ("smtp.qq.com：465", "smtp.qq.com:465"),
    ("a\x00b\u200bc", "a b c"),
])
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_huge_input_is_cut_before_analysis() -> None:
    assert len(normalize("x" * 1_000_000)) == ANALYSED_CHARS


@pytest.mark.parametrize(("raw", "addresses", "domains"), [
    ("zhang@163.com", ("zhang@163.com",), ("163.com",)),
    ("Mail me: A.B+tag@Sub.Example.co.uk!", ("a.b+tag@sub.example.co.uk",),
     ("sub.example.co.uk",)),
    ("我的邮箱是wang@139.com，谢谢", ("wang@139.com",), ("139.com",)),
    ("user@bücher.de", ("user@xn--bcher-kva.de",), ("xn--bcher-kva.de",)),
    ("zhang@例子.中国", ("zhang@xn--fsqu00a.xn--fiqs8s",), ("xn--fsqu00a.xn--fiqs8s",)),
    ("see qq.com and 163.com", (), ("qq.com", "163.com")),
    ("error in main.py line 3", (), ()),
    ("not an address: @gmail.com or zhang@", (), ("gmail.com",)),
])
def test_addresses_and_domains(raw: str, addresses: tuple[str, ...],
                               domains: tuple[str, ...]) -> None:
    question = understand(raw)
    assert question.addresses == addresses
    assert question.domains == domains


def test_host_ports() -> None:
    question = understand("smtp.qq.com:465 and [2001:db8::1]:993 and 10.0.0.1:25")
    assert question.host_ports == (("smtp.qq.com", 465), ("2001:db8::1", 993), ("10.0.0.1", 25))


@pytest.mark.parametrize(("raw", "protocols"), [
    ("qq smtp", (Protocol.SMTP,)),
    ("qq smpt", (Protocol.SMTP,)),
    ("163 发信服务器", (Protocol.SMTP,)),
    ("imap then smtp", (Protocol.IMAP, Protocol.SMTP)),
    ("pop3 server", (Protocol.POP3,)),
    ("收件服务器", (Protocol.IMAP, Protocol.POP3)),
    ("incoming server", (Protocol.IMAP, Protocol.POP3)),
    ("hello", ()),
])
def test_protocols(raw: str, protocols: tuple[Protocol, ...]) -> None:
    assert understand(raw).protocols == protocols


def test_attributes_and_security() -> None:
    question = understand("qq smtp port and ssl? username and 授权码")
    assert set(question.attributes) == {Attribute.PORT, Attribute.SECURITY, Attribute.USERNAME,
                                         Attribute.PASSWORD}
    assert question.security_asked is Security.SSL
    assert understand("use starttls").security_asked is Security.STARTTLS


@pytest.mark.parametrize(("raw", "lang"), [
    ("qq smtp port", Lang.EN),
    ("qq邮箱端口", Lang.ZH),
    ("wangyi youxiang duankou", Lang.ZH),
    ("ＱＱ　ＳＭＴＰ", Lang.ZH),
    ("", Lang.EN),
])
def test_language(raw: str, lang: Lang) -> None:
    assert understand(raw).lang is lang


def test_forced_language_wins() -> None:
    assert understand("qq邮箱端口", Lang.EN).lang is Lang.EN


@pytest.mark.parametrize(("raw", "secret"), [
    ("my password is hunter2secret", True),
    ("授权码：abcdefghijklmnop", True),
    ("密码是 Passw0rd!", True),
    ("abcd efgh ijkl mnop", True),
    ("gmail app password: abcd efgh ijkl mnop", True),
    ("what is an app password?", False),
    ("qq smtp port", False),
    ("internationalization of mail settings", False),
    ("535 Login Fail. Please enter your authorization code to login", False),
])
def test_secret_detection(raw: str, secret: bool) -> None:
    assert looks_like_secret(raw) is secret
