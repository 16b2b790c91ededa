"""Understand a message: normalise it and pull out what a mail-setup question is made of.

Knows nothing about providers (that is matching's job); it finds the language, addresses,
domains, host:port pairs, the protocols and attributes asked about, and whether the text
seems to contain a secret.
"""

from __future__ import annotations

import re
import unicodedata

from bot.models import Attribute, Lang, Protocol, Question, Security

# Only the head of a huge message is analysed: pasted errors are short, and this bounds the
# cost of every regular expression run over the text.
ANALYSED_CHARS = 4000

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CJK_TYPING = re.compile(r"[\u3000-\u303f\uff01-\uff5e]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
_SPACES = re.compile(r"\s+")
# Chinese punctuation NFKC leaves alone but people type inside addresses and host names.
_CJK_PUNCT = str.maketrans({"。": ".", "，": ",", "：": ":", "＠": "@", "　": " "})

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_IDN_LABEL = r"[a-z0-9\u00a1-\uffff](?:[a-z0-9\u00a1-\uffff-]{0,61}[a-z0-9\u00a1-\uffff])?"
ADDRESS = re.compile(
    r"(?<![a-z0-9!#$%&'*+/=?^_`{|}~.-])([a-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64})@"
    r"((?:" + _IDN_LABEL + r"\.)+"
    + _IDN_LABEL + r")(?![\w-])"
)
DOMAIN = re.compile(r"(?<![a-z0-9.-])((?:" + _LABEL + r"\.)+[a-z][a-z0-9-]{1,62})(?![\w-])")
HOST_PORT = re.compile(
    r"(?<![\w.-])((?:" + _LABEL + r"\.)+[a-z][a-z0-9-]{1,62}|\d{1,3}(?:\.\d{1,3}){3}"
    r"|\[[0-9a-f:.]+\]):(\d{1,5})(?!\d)"
)
PORT_NUMBER = re.compile(r"(?<![\d.:])(25|110|143|465|587|993|995|2525)(?![\d.])")

# Words that say which protocol is meant. "incoming" means IMAP or POP3.
_SMTP_WORDS = re.compile(
    r"smtp|smpt|stmp|outgoing|sending|发信|发件|发送|寄件|外发|发邮件|fasong|faxin|submission"
    r"|\bsend\b|\bout\b"
)
_IMAP_WORDS = re.compile(r"imap|imaps|imap4")
_POP_WORDS = re.compile(r"\bpop3?s?\b|pop3|pop协议|pop服务")
_INCOMING_WORDS = re.compile(
    r"incoming|receiv|收信|收件|收邮件|接收|收取|jieshou|shouxin|\bfetch"
)

_ATTRIBUTE_WORDS: tuple[tuple[Attribute, re.Pattern[str]], ...] = (
    (Attribute.PORT, re.compile(r"\bports?\b|端口|duankou|端口号")),
    (Attribute.SERVER, re.compile(
        r"server|\bhost|hostname|服务器|地址|主机|fuwuqi|域名")),
    (Attribute.SECURITY, re.compile(
        r"\bssl\b|\btls\b|starttls|encrypt|加密|安全连接|secure")),
    (Attribute.USERNAME, re.compile(r"user ?name|login name|\baccount\b|用户名|账号|帐号|登录名")),
    (Attribute.PASSWORD, re.compile(
        r"password|passcode|\bpass\b|授权码|密码|口令|shouquanma|auth(?:orization)? code"
        r"|app-specific|应用专用")),
)

_MAIL_WORDS = re.compile(
    r"e-?mail|\bmail|邮箱|邮件|youxiang|\bclient|客户端|thunderbird|foxmail|outlook|设置|配置"
    r"|settings?|setup|set up|configur|\blog ?in\b|登录|登陆|授权|oauth|\bauth"
)

# Pinyin that only a Chinese speaker would type: answer such a message in Chinese.
_PINYIN_HINTS = re.compile(
    r"\b(?:youxiang|duankou|fuwuqi|shouquanma|mima|shezhi|zenme|fasong|jieshou|wangyi)\b"
)

_SECRET_LABELLED = re.compile(
    r"(?:password|passwd|pwd|passcode|app password|auth(?:orization)? code|密码|授权码|口令)"
    r"\s*(?:is|=|:|是|为)\s*\S{4,}",
    re.IGNORECASE,
)
# Google app passwords are shown as four groups of four letters; QQ/NetEase 授权码 are
# 16 letters.
_SECRET_SHAPED = re.compile(r"(?<![a-z])(?:[a-z]{4} [a-z]{4} [a-z]{4} [a-z]{4}|[a-z]{16})(?![a-z])")
_SECRET_CONTEXT = re.compile(r"password|授权码|密码|code|口令|pass")


def normalize(text: str) -> str:
    """NFKC (full-width to ASCII), fold case, drop control characters, collapse spaces."""
    text = unicodedata.normalize("NFKC", text[:ANALYSED_CHARS]).translate(_CJK_PUNCT)
    text = _CONTROL.sub(" ", text)
    return _SPACES.sub(" ", text).strip().casefold()


def detect_lang(text: str, raw: str = "") -> Lang:
    """Chinese for Chinese characters, CJK punctuation or full-width forms (a Chinese input
    method) and for pinyin that only a Chinese speaker types."""
    if _CJK.search(text) or _CJK_TYPING.search(raw[:ANALYSED_CHARS]) or _PINYIN_HINTS.search(text):
        return Lang.ZH
    return Lang.EN


def to_ascii_domain(domain: str) -> str:
    """The IDNA (punycode) form of a domain, or the domain itself if it has no such form."""
    if domain.isascii():
        return domain
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError:
        return domain


def understand(raw: str, lang: Lang | None = None) -> Question:
    text = normalize(raw)
    addresses: list[str] = []
    domains: list[str] = []
    for local, domain in ADDRESS.findall(text):
        ascii_domain = to_ascii_domain(domain.strip("."))
        addresses.append(f"{local}@{ascii_domain}")
        domains.append(ascii_domain)
    without_addresses = ADDRESS.sub(" ", text)
    host_ports = [
        (host.strip("[]"), int(port))
        for host, port in HOST_PORT.findall(without_addresses)
        if 0 < int(port) < 65536
    ]
    for candidate in DOMAIN.findall(without_addresses):
        if candidate not in domains and not _looks_like_filename(candidate):
            domains.append(candidate)
    protocols = _protocols(text)
    attributes = tuple(attr for attr, pattern in _ATTRIBUTE_WORDS if pattern.search(text))
    mail_words = len(_MAIL_WORDS.findall(text)) + len(protocols) + len(attributes)
    return Question(
        raw=raw,
        normalized=text,
        lang=lang or detect_lang(text, raw),
        addresses=tuple(dict.fromkeys(addresses)),
        domains=tuple(dict.fromkeys(domains)),
        host_ports=tuple(dict.fromkeys(host_ports)),
        ports=tuple(dict.fromkeys(int(p) for p in PORT_NUMBER.findall(text))),
        protocols=protocols,
        attributes=attributes,
        security_asked=_security(text),
        mail_words=mail_words,
        looks_like_secret=looks_like_secret(raw),
    )


def looks_like_secret(raw: str) -> bool:
    """Whether a message seems to contain a password or authorization code."""
    head = unicodedata.normalize("NFKC", raw[:ANALYSED_CHARS])
    if _SECRET_LABELLED.search(head):
        return True
    lowered = head.casefold()
    shaped = _SECRET_SHAPED.search(head)
    return bool(shaped) and (bool(_SECRET_CONTEXT.search(lowered)) or len(head.split()) <= 4)


def _protocols(text: str) -> tuple[Protocol, ...]:
    found: list[Protocol] = []
    hits = [
        (m.start(), proto)
        for proto, pattern in ((Protocol.SMTP, _SMTP_WORDS), (Protocol.IMAP, _IMAP_WORDS),
                               (Protocol.POP3, _POP_WORDS))
        for m in [pattern.search(text)]
        if m
    ]
    found = [proto for _, proto in sorted(hits, key=lambda hit: hit[0])]
    if _INCOMING_WORDS.search(text):
        for proto in (Protocol.IMAP, Protocol.POP3):
            if proto not in found:
                found.append(proto)
    return tuple(found)


def _security(text: str) -> Security | None:
    if "starttls" in text or "start tls" in text:
        return Security.STARTTLS
    if re.search(r"\bssl\b|\btls\b|implicit", text):
        return Security.SSL
    return None


def _looks_like_filename(candidate: str) -> bool:
    return candidate.rsplit(".", 1)[-1] in {"py", "txt", "log", "exe", "png", "jpg", "js",
                                            "json", "yaml", "yml", "xml", "html", "md"}
