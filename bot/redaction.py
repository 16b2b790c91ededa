"""Find secrets in a message, and hide them in everything mailbot repeats or analyses.

People paste configs, URLs and code with their password or authorization code in them. The
one list of what a secret looks like lives here: ``redact`` masks them (quotes in a diagnosis,
the text the engine analyses, logs, console history) and ``contains_secret`` says whether a
message holds one (the warning to delete it and change the secret).

A secret is: the password part of a URL or DSN (``smtps://user:Hunter2@host``); the value
after a label (``password=…``, ``pass: '…'``, ``密码：…``, ``授权码是…``, ``my pw: …``,
``密码Hunter2``); the second, quoted argument of a ``login(user, '…')`` call; a Google app
password (four groups of four letters) or a 16-letter code where the text speaks of passwords.
Not a secret: masked values (``******``, ``xxx``), placeholders (``your_password``,
``<password>``), variables (``process.env.SMTP_PASS``, ``${PASS}``, ``os.environ[...]``), and
words ("the password is correct", "Application password is REQUIRED").
"""

from __future__ import annotations

import re

MASK = "***"
SCANNED_HEAD = 12_000
SCANNED_TAIL = 6_000

# smtps://user%40qq.com:Hunter2xyz@smtp.example.com:465 -> smtps://user%40qq.com:***@...
_URL_CREDENTIALS = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]{1,15}://[^\s:/@]*:)([^\s@/]+)(@)")
_LABEL = (r"(?:pass(?:word|wd|phrase|code)?|pwd|pw|secret|token|api[_-]?key|auth[_-]?code"
          r"|authori[sz]ation[ _-]?code|app[ _-]?password|授权码|密码|口令)")
# password = "x", PASS: x, 'pass' => 'x', EMAIL_HOST_PASSWORD=x, 授权码是x, 密码：x, pw is x
_LABELLED = re.compile(
    r"(?i)(" + _LABEL + r"[\"'\]]?\s*(?:=>|:=|=|:|：|是|为|\bis\b)\s*)"
    r"([\"'`]?)([^\s\"'`,;)}\]]{2,})"
)
# 密码Hunter2, 授权码abcd1234: a Chinese label with the value straight after it
_LABEL_GLUED = re.compile(r"(授权码|密码|口令)([A-Za-z0-9!@#$%^&*._-]{6,})")
# server.login(user, 'Hunter2'), smtp.login("me@qq.com", "abcd...")
_LOGIN_CALL = re.compile(r"(?i)(\blogin\(\s*[^,()]{1,80},\s*)([\"'])([^\"'\n]{1,120})\2")
# A Google app password (four groups of four letters) or a QQ/NetEase code (16 letters).
# (not a label of a domain: "jubiipostadresse.dk" is a domain, not a code)
SECRET_SHAPED = re.compile(
    r"(?<![A-Za-z.@])(?:[a-z]{4} [a-z]{4} [a-z]{4} [a-z]{4}|[a-z]{16})(?!\.?[A-Za-z])")
# ...which counts only where the text speaks of passwords, or is little more than the code
_SHAPED_CONTEXT = re.compile(r"(?i)password|授权码|密码|code|口令|pass|\bpw\b")
SHORT_MESSAGE_WORDS = 4
# Every label, and every word the shaped rule's context needs, holds one of these.
_LABEL_WORDS = ("pass", "pwd", "pw", "secret", "token", "key", "code", "授权码", "密码", "口令")

_ALREADY_MASKED = re.compile(r"^[*x×•.·#?]+$", re.IGNORECASE)
_NOT_A_VALUE = frozenset("""
true false none null nil undefined empty correct incorrect right wrong required invalid
not the a an is same ok changed expired reset set needed and or to for of in on with your my
our their that this it was are be been being also still
""".split())  # noqa: SIM905 - a word list reads better so
# A variable, an environment lookup or a placeholder, not a literal secret
_REFERENCE = re.compile(
    r"(?i)^(?:process\.env\.|os\.environ|os\.getenv|env\(|getenv\(|config\(|settings\.|"
    r"\$\{|\$[a-z_]|%[a-z_]+%|<|\{\{|your[_-]?|my[_-]?|xxx|\*)")


def redact(text: str) -> str:
    """``text`` with every secret replaced by ``***``.

    Each pattern runs only when the text holds a word it needs (a substring test is far
    cheaper than a pass of the pattern): most messages hold no secret at all.
    """
    lower = text.casefold()
    if "://" in text:
        text = _URL_CREDENTIALS.sub(lambda m: m.group(1) + MASK + m.group(3), text)
    labelled = any(word in lower for word in _LABEL_WORDS)
    if labelled:
        text = _LABELLED.sub(_mask_labelled, text)
    if "码" in text or "令" in text:
        text = _LABEL_GLUED.sub(lambda m: m.group(1) + MASK
                                if _is_value(m.group(2), quoted=False) else m.group(0), text)
    if "login(" in lower:
        text = _LOGIN_CALL.sub(lambda m: m.group(1) + m.group(2) + MASK + m.group(2)
                               if _is_value(m.group(3), quoted=True) else m.group(0), text)
    if (labelled or text.count(" ") < SHORT_MESSAGE_WORDS) and SECRET_SHAPED.search(text) \
            and (_SHAPED_CONTEXT.search(text) or text.count(" ") < SHORT_MESSAGE_WORDS):
        text = SECRET_SHAPED.sub(MASK, text)
    return text


def contains_secret(text: str) -> bool:
    """Whether ``text`` holds something ``redact`` would hide. A long paste is read at its
    head and tail, where configs and the lines around an error stand (bounded cost)."""
    if len(text) > SCANNED_HEAD + SCANNED_TAIL:
        text = text[:SCANNED_HEAD] + "\n" + text[-SCANNED_TAIL:]
    return redact(text) != text


def _mask_labelled(found: re.Match[str]) -> str:
    quote, value = found.group(2), found.group(3)
    if not _is_value(value, quoted=bool(quote)):
        return found.group(0)
    return found.group(1) + quote + MASK


def _is_value(value: str, *, quoted: bool) -> bool:
    """A literal secret, rather than a mask, a variable, a placeholder or an ordinary word."""
    if _ALREADY_MASKED.match(value) or _REFERENCE.match(value) or value == MASK:
        return False
    if not value.isascii():
        return False  # "授权码是什么" asks what it is; secrets are typed in ASCII
    if value.casefold().rstrip(".,!") in _NOT_A_VALUE:
        return False
    if quoted:
        return value.casefold() not in {"password", "pass", "passwd", "pwd", "secret"}
    # Unquoted, a code identifier is a variable: pass: smtpPassword, password: config.pass,
    # EMAIL_PASSWORD = SECRET_KEY (camelCase, dots or underscores); plain letters are not.
    if re.fullmatch(r"[A-Za-z_.]+", value):
        return not ("." in value or "_" in value or re.search(r"[a-z][A-Z]", value)
                    or value.casefold() in {"password", "pass", "passwd", "pwd", "secret"})
    return True
