"""Understand a message: normalise it and pull out what a mail-setup question is made of.

Knows nothing about providers (that is matching's job); it finds the language, addresses,
domains, host:port pairs, the protocols and attributes asked about, and whether the text
seems to contain a secret.
"""

from __future__ import annotations

import re
import unicodedata

from bot.chinese_script import CJK, has_traditional_characters, to_simplified
from bot.language import ANALYSED_CHARS, detect_lang
from bot.mail_ports import MAIL_PORTS
from bot.models import Attribute, Lang, Protocol, Question, Security
from bot.redaction import contains_secret
from bot.regex_gate import ascii_words, with_start_filter

# Only the head of a huge message is analysed: pasted errors are short, and this bounds the
# cost of every regular expression run over the text.

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
_SPACES = re.compile(r"\s+")
# Chinese punctuation NFKC leaves alone but people type inside addresses and host names.
_CJK_PUNCT = str.maketrans({"。": ".", "，": ",", "：": ":", "＠": "@", "　": " "})

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
# An address candidate: a local part, "@", then anything up to a space or a delimiter. The
# domain is cleaned up afterwards (_address_domain): one simple pattern compiles in
# microseconds, where a full IDN grammar costs ~15 ms of start-up.
ADDRESS = re.compile(
    r"(?<![a-z0-9!#$%&'*+/=?^_`{|}~.-])([a-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64})"
    r"@([^\s@<>()\[\],;:\"'/\\?!、]+)"
)
_ASCII_LABEL = re.compile(_LABEL)
_IDN_LABEL = re.compile(r"[^\x00-\x2f\x3a-\x60\x7b-\x7f\u3000-\u303f\uff00-\uffef]+")
DOMAIN = re.compile(r"(?<![a-z0-9.-])((?:" + _LABEL + r"\.)+[a-z][a-z0-9-]{1,62})(?![a-z0-9_-])")
HOST_PORT = re.compile(
    r"(?<![\w.-])((?:" + _LABEL + r"\.)+[a-z][a-z0-9-]{1,62}|\d{1,3}(?:\.\d{1,3}){3}"
    r"|\[[0-9a-f:.]+\]):(\d{1,5})(?!\d)"
)
# A placeholder in an example, not a real server: smtp.xxx.com, smtp.example.com, your-domain.
_PLACEHOLDER = re.compile(
    r"(?i)(?:^|\.)(?:x{2,}|\*+|your[\w\-]*|my[\-_]?domain|domain|test|company"
    r"|mailserver|server|host|foo|bar|abc)\.(?:com|net|org|cn|x+)$|(?:^|\.)example\.(?:com|net|org)$"
    r"|x{3}|\*\*|<|>|\{|\}|\$")
_LOOPBACK = re.compile(r"^(?:127\.\d+\.\d+\.\d+|localhost|::1|\[::1\]|0\.0\.0\.0)$")
# "mail.smtp.host = ..." / "spring.mail.host:" name a setting, not a domain, though "host" is
# a top-level domain too.
_SETTING_NAME_AFTER = re.compile(r"[\"']?\s*(?:=|:(?![0-9])|=>)")
_SETTING_LAST_LABELS = frozenset({"host", "name", "email", "security", "secure", "auth", "user",
                                  "port", "enable", "from", "smtp", "mail", "password"})
PORT_NUMBER = re.compile(r"(?<![\d.:])(" + "|".join(str(p) for p in sorted(MAIL_PORTS))
                         + r")(?![\d.])")

# The words of a mail-setup question, by what they tell: one alternation, scanned once
# (first alternative wins where two could match, so "starttls" is not read as "tls").
_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("starttls", r"starttls|start tls"),
    ("smtp", r"smtp|smpt|stmp|outgoing|sending|发信|发件|发送|寄件|外发|发邮件|fasong|faxin"
             r"|submission|\bsend\b|\bout\b"),
    ("imap", r"imap"),
    ("pop3", r"\bpop3?s?\b|pop3|pop(?=协议|服务)"),
    # 收 alone ("用foxmail收163邮件", "收不到邮件") but not 收藏/收费/收款/收益/收入.
    ("incoming", r"incoming|receiv|收(?!藏|费|款|益|入)|jieshou|shouxin|\bfetch"),
    ("port", r"\bports?\b|端口|duankou"),
    ("server", r"server|\bhost|服务器|地址|主机|fuwuqi|域名"),
    ("tls", r"\bssl\b|\btls\b|implicit"),
    ("encryption", r"encrypt|加密|安全连接|secure"),
    ("username", r"user ?name|login name|\baccount\b|用户名|账号|帐号|登录名"),
    ("password", r"password|passcode|\bpass\b|授权码|密码|口令|shouquanma"
                 r"|auth(?:orization)? code|app-specific|应用专用"),
    ("mail", r"e-?mail|\bmail|邮箱|邮件|youxiang|\bclient|客户端|thunderbird|foxmail|outlook"
             r"|设置|配置|settings?|setup|set up|configur|\blog ?in\b|登录|登陆|授权|oauth|\bauth"),
)
# \b sees only Latin letters: "用的是smtp服务" names SMTP though 是 and 服 are \w to Python.
_KEYWORD_SCAN = ascii_words(re.compile(with_start_filter(
    "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _KEYWORDS))))
_KIND_PROTOCOL = {"smtp": Protocol.SMTP, "imap": Protocol.IMAP, "pop3": Protocol.POP3}
_KIND_ATTRIBUTE = {"port": Attribute.PORT, "server": Attribute.SERVER,
                   "starttls": Attribute.SECURITY, "tls": Attribute.SECURITY,
                   "encryption": Attribute.SECURITY, "username": Attribute.USERNAME,
                   "password": Attribute.PASSWORD}



def normalize(text: str) -> str:
    """NFKC (full-width to ASCII), fold case, drop control characters, collapse spaces, and
    Traditional Chinese to Simplified (the knowledge base's script)."""
    return to_simplified(_folded(text))


def _folded(text: str) -> str:
    text = unicodedata.normalize("NFKC", text[:ANALYSED_CHARS]).translate(_CJK_PUNCT)
    text = _CONTROL.sub(" ", text)
    return _SPACES.sub(" ", text).strip().casefold()


def to_ascii_domain(domain: str) -> str:
    """The IDNA (punycode) form of a domain, or the domain itself if it has no such form."""
    if domain.isascii():
        return domain
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError:
        return domain


def understand(raw: str, lang: Lang | None = None, *,
               secret: bool | None = None) -> Question:
    """What ``raw`` asks; ``secret`` when the caller already knows whether it holds one."""
    folded = _folded(raw)
    text = to_simplified(folded)
    addresses: list[str] = []
    domains: list[str] = []
    spans: list[tuple[int, int]] = []
    for found in ADDRESS.finditer(text) if "@" in text else ():
        domain = _address_domain(found.group(2))
        if domain is None:
            continue
        local = found.group(1).strip(".")
        if not any(c.isalnum() for c in local):
            continue  # "***@host": a masked password before the host of a URL
        addresses.append(f"{local}@{to_ascii_domain(domain)}")
        domains.append(to_ascii_domain(domain))
        spans.append((found.start(), found.start(2) + len(domain)))
    without_addresses = text
    for start, end in reversed(spans):
        without_addresses = without_addresses[:start] + " " + without_addresses[end:]
    host_ports = [
        (host.strip("[]"), int(port))
        for host, port in (HOST_PORT.findall(without_addresses) if ":" in text else ())
        if 0 < int(port) < 65536
    ]
    linked: set[str] = set()  # seen as a web link's host
    in_prose: set[str] = set(domains)  # seen anywhere else (addresses included)
    for found in DOMAIN.finditer(without_addresses) if "." in text else ():
        candidate = found.group(1)
        if (looks_like_code_name(candidate) or is_placeholder(candidate)
                or (candidate.rsplit(".", 1)[-1] in _SETTING_LAST_LABELS
                    and _SETTING_NAME_AFTER.match(without_addresses, found.end()))):
            continue
        if candidate not in domains:
            domains.append(candidate)
        is_link = without_addresses.endswith("://", 0, found.start())
        (linked if is_link else in_prose).add(candidate)
    kinds = [found.lastgroup for found in _KEYWORD_SCAN.finditer(text)]
    protocols = _protocols(kinds)
    attributes = tuple(dict.fromkeys(_KIND_ATTRIBUTE[k] for k in kinds if k in _KIND_ATTRIBUTE))
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
        security_asked=(Security.STARTTLS if "starttls" in kinds
                        else Security.SSL if "tls" in kinds else None),
        mail_words=len(kinds),
        looks_like_secret=contains_secret(raw) if secret is None else secret,
        traditional=text != folded and has_traditional_characters(folded),
        web_hosts=tuple(d for d in domains if d in linked and d not in in_prose),
    )


def looks_like_secret(raw: str) -> bool:
    """Whether a message seems to contain a password or authorization code (the whole
    message, not only the head that is analysed)."""
    return contains_secret(raw)


def _address_domain(candidate: str) -> str | None:
    """The domain at the start of ``candidate``: "163.com的发信服务器" -> "163.com"."""
    labels = candidate.split(".")
    kept: list[str] = []
    for label in labels:
        if not label:
            break
        chinese = CJK.search(label)
        if chinese and chinese.start() > 0 and label[0].isascii():
            # An ASCII label running straight into Chinese text ends at the Chinese.
            head = label[: chinese.start()].strip("-")
            if _ASCII_LABEL.fullmatch(head):
                kept.append(head)
            break
        if _ASCII_LABEL.fullmatch(label) or (not label.isascii()
                                             and _IDN_LABEL.fullmatch(label)):
            kept.append(label)
            continue
        break
    if len(kept) < 2 or kept[-1].isdigit():
        return None
    return ".".join(kept)


def _protocols(kinds: list[str | None]) -> tuple[Protocol, ...]:
    """Protocols in the order named; "incoming" adds IMAP then POP3 if not named."""
    found = list(dict.fromkeys(_KIND_PROTOCOL[k] for k in kinds if k in _KIND_PROTOCOL))
    if "incoming" in kinds:
        found += [p for p in (Protocol.IMAP, Protocol.POP3) if p not in found]
    return tuple(found)


def is_loopback(host: str) -> bool:
    """127.x, localhost, ::1: a local relay or bridge, or an app that did not read its settings."""
    return bool(_LOOPBACK.match(host))


def is_placeholder(host: str) -> bool:
    """An example's stand-in, not a real server: smtp.xxx.com, smtp.example.com, your-domain."""
    return bool(_PLACEHOLDER.search(host))


_FILE_ENDINGS = frozenset({
    "py", "txt", "log", "exe", "png", "jpg", "js", "json", "yaml", "yml", "xml", "html", "md",
    "java", "go", "cs", "php", "rb", "ts", "kt", "cpp", "properties", "env", "ini", "conf",
    "toml", "jar", "class",
})


# Reversed domains start Java/Kotlin package names (com.sun.mail.smtp.SMTPTransport.read):
# four labels or more; a platform's own root (java.net.SocketTimeoutException) from three.
_PACKAGE_DOMAIN_ROOTS = frozenset({"com", "org", "net", "io"})
_PACKAGE_ROOTS = frozenset({"java", "javax", "jakarta", "android", "kotlin", "scala", "sun",
                            "system", "microsoft"})


def looks_like_code_name(candidate: str) -> bool:
    """A file name (SMTPTransport.java, events.js) or a package path (com.alibaba.otter.x.read,
    System.Net.Mail), not a host, though it is spelt like one."""
    labels = candidate.casefold().split(".")
    return (labels[-1] in _FILE_ENDINGS
            or (len(labels) >= 3 and labels[0] in _PACKAGE_ROOTS)
            or (len(labels) >= 4 and labels[0] in _PACKAGE_DOMAIN_ROOTS))
