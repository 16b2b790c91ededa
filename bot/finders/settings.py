"""Settings as people paste them: ``key = value`` in every common spelling, and what a key
holds by its last part (host, port, user, from).

`.env` files, YAML, INI, JSON or JS objects, PHP arrays (``=>``), PHP objects (``->``), Java
properties and ``put("k", "v")`` calls, enum values (``SecureSocketOptions.StartTls``): one
pass each finds the shapes, rather than a parser per format. A setting's quote (the line it
stands on, secrets masked) is made only when the setting is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.redaction import redact
from bot.regex_gate import ascii_words

QUOTE_CHARS = 120

# key = value, key: value, key => value, "key": "value", KEY=value, $mail->Key = 'value';
# the key may carry a path (spring.mail.host, gitlab_rails['smtp_port'], $mail->Host).
_KEY_VALUE = re.compile(
    r"""(?<![A-Za-z0-9_$@.\-])(?P<key>[A-Za-z_$@][\w$@.\-]{0,80}"""
    r"""(?:(?:->|::|\[['"]?|['"]?\]\[?['"]?)[\w.\-]{1,80}){0,4})"""
    r"""['"\]]{0,3}[ \t]*(?:=>|:=|=|:)[ \t]*"""
    r"""(?P<value>"[^"\n]{0,300}"|'[^'\n]{0,300}'|`[^`\n]{0,300}`|(?![{\[(])[^\s,;#)}\]]{1,300})"""
)
# props.put("mail.smtp.ssl.enable", "true"), setProperty('k', 'v'), Set("k", v)
_CALL_PAIR = re.compile(
    r"""(?i)\b(?:put|setproperty|set|add)\(\s*["']([\w.\-]+)["']\s*,\s*["']?([\w.\-:@]+)["']?"""
)
# SecureSocketOptions.StartTls, PHPMailer::ENCRYPTION_SMTPS: an enum value named by its type
_ENUM_VALUE = re.compile(r"\b([A-Za-z]\w{3,40})(?:\.|::)([A-Za-z_]\w{1,40})\b")

_CALL_PAIR, _ENUM_VALUE = ascii_words(_CALL_PAIR), ascii_words(_ENUM_VALUE)

# The last part of a setting's name, by what it holds.
HOST_KEYS = frozenset({
    "host", "hostname", "server", "servername", "smtp", "smtphost", "smtp_host",
    "smtp_server", "smtpserver", "mail_host", "mailhost", "email_host", "emailhost",
    "smtp_address", "smarthost", "smtp_smarthost", "relayhost", "relay_host", "mailserver",
    "mail_server", "outgoing_server", "smtp_hostname", "imap_host", "imap_server", "pop_host",
    "pop3_host", "mail_smtp_host", "host_name", "address_smtp",
})


def is_host_key(last_part: str) -> bool:
    """A setting that holds a server: a known name, or any ``…_host`` (EMAIL_SERVER_HOST)."""
    return last_part in HOST_KEYS or (last_part.endswith("_host") and last_part != "localhost")


USER_KEYS = frozenset({
    "user", "username", "user_name", "login", "smtp_user", "smtp_username",
    "smtp_user_name", "email_host_user", "mail_username", "auth_user", "smtpusername",
    "smtp_login", "mail_user", "emailuser", "auth_username", "imap_user", "authuser",
})
SENDER_KEYS = frozenset({
    "from", "from_address", "from_email", "default_from_email", "sender", "mail_from_address",
    "mail_from", "smtp_from", "from_addr", "email_from", "fromaddress", "from_mail",
    "sender_email", "email_from_address", "smtp_from_address", "fromemail",
})


@dataclass(frozen=True, slots=True)
class Setting:
    key: str  # normalised: lower case, path parts joined with dots
    value: str  # unquoted, as written
    text: str  # the message, and where in it the setting stands (quoted only when used)
    start: int
    end: int

    @property
    def quote(self) -> str:
        return quote_span(self.text, self.start, self.end)

    @property
    def last_part(self) -> str:
        return last_part(self.key)


def settings_in(text: str, source: str | None = None) -> list[Setting]:
    """The settings in ``text``; quotes come from ``source`` (the text as the person wrote
    it, same length) where given."""
    settings: list[Setting] = []
    text_for_quotes = source if source is not None and len(source) == len(text) else text
    for found in _KEY_VALUE.finditer(text):
        key = normal_key(found.group("key"))
        if not key or key.startswith(("http", "https")):
            continue
        settings.append(Setting(key, _unquoted(found.group("value")), text_for_quotes,
                                *found.span()))
    for found in _CALL_PAIR.finditer(text):
        settings.append(Setting(normal_key(found.group(1)), found.group(2), text_for_quotes,
                                *found.span()))
    for found in _ENUM_VALUE.finditer(text):
        settings.append(Setting(found.group(1).casefold(), found.group(2), text_for_quotes,
                                *found.span()))
    return settings


def normal_key(key: str) -> str:
    """Lower case, with ``->``, ``::`` and ``['…']`` path steps written as dots."""
    if key.isidentifier() or key.replace(".", "").replace("_", "").isalnum():
        return key.casefold().strip(".")  # the common case: no path syntax to unify
    key = re.sub(r"->|::|\[['\"]?|['\"]?\]", ".", key.casefold())
    return re.sub(r"\.+", ".", key.strip("$@'\" .")).strip(".")


def last_part(key: str) -> str:
    return key.rsplit(".", 1)[-1]


def _unquoted(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'`":
        value = value[1:-1]
    return value.strip()


def quote_of(text: str, found: re.Match[str]) -> str:
    return quote_span(text, found.start(), found.end())


def quote_span(text: str, begin: int, finish: int) -> str:
    """The line the span is on, trimmed and with secrets masked."""
    start = text.rfind("\n", 0, begin) + 1
    end = text.find("\n", finish)
    line = text[start:end if end != -1 else len(text)].strip()
    if len(line) > QUOTE_CHARS:
        offset = max(0, begin - start - 20)
        line = line[offset:offset + QUOTE_CHARS].strip()
    return redact(line)
