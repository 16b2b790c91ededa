"""Hide secrets in text that mailbot repeats: quotes in a diagnosis, logs, history.

People paste configs with their password or authorization code in them. A reply that quotes
the line it read a setting from must not post the secret again (in a group, for everyone).
Masking is generous: a masked word that was not a secret costs nothing.
"""

from __future__ import annotations

import re

MASK = "***"

# smtps://user%40qq.com:Hunter2xyz@smtp.example.com:465 -> smtps://user%40qq.com:***@...
_URL_CREDENTIALS = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]{1,15}://[^\s:/@]*:)([^\s@/]+)(@)")
# password = "x", PASS: x, 'pass' => 'x', EMAIL_HOST_PASSWORD=x, 授权码是x, 密码：x
_LABELLED = re.compile(
    r"(?i)((?:pass(?:word|wd|phrase|code)?|pwd|secret|token|api[_-]?key|auth[_-]?code"
    r"|authorization[ _-]?code|app[ _-]?password|授权码|密码|口令)"
    r"[\"'\]]?\s*(?:=>|:=|=|:|：|是|为|is)\s*)([\"']?)([^\s\"',;)}]{2,})"
)
# A Google app password (four groups of four letters) or a QQ/NetEase code (16 letters).
SECRET_SHAPED = re.compile(
    r"(?<![A-Za-z])(?:[a-z]{4} [a-z]{4} [a-z]{4} [a-z]{4}|[a-z]{16})(?![A-Za-z])")
_ALREADY_MASKED = re.compile(r"^[*x×•.]+$", re.IGNORECASE)


def redact(text: str) -> str:
    """``text`` with every password-like value replaced by ``***``."""
    text = _URL_CREDENTIALS.sub(lambda m: m.group(1) + MASK + m.group(3), text)
    text = _LABELLED.sub(_mask_labelled, text)
    return SECRET_SHAPED.sub(MASK, text)


def _mask_labelled(found: re.Match[str]) -> str:
    value = found.group(3)
    if _ALREADY_MASKED.match(value) or value.casefold() in {"true", "false", "none", "null"}:
        return found.group(0)
    return found.group(1) + found.group(2) + MASK
