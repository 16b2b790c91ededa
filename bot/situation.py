"""Read the person's own setup out of a message: the situation a diagnosis compares.

The finders read the parts: settings in every pasted format (``finders.settings``), the tool
and what its TLS options say (``finders.clients``), where it runs (``finders.environments``).
This module puts them together with what URLs, calls and prose say of host and port, where
an error says the app connected, and what the person says they did and which password they
use (``situation_phrases``).

Pure and synchronous like the engine; the whole message is read (up to
``MAX_SITUATION_CHARS``), not only the head that understanding analyses, since a config or
a stack trace can be long.
"""

from __future__ import annotations

import re
import unicodedata

from bot.finders.clients import MODES, ClientFinder, has_mode_switch
from bot.finders.environments import EnvironmentFinder
from bot.finders.settings import (
    SENDER_KEYS,
    USER_KEYS,
    Setting,
    is_host_key,
    quote_of,
    settings_in,
)
from bot.knowledge_base import KnowledgeBase
from bot.mail_ports import WELL_KNOWN_PORTS
from bot.models import OptionEffect, Quoted, Security, Situation
from bot.redaction import redact
from bot.regex_gate import Gate, ascii_words, with_start_filter
from bot.situation_phrases import PASSWORD_PHRASES, PROSE_HINT, SAID_DONE
from bot.understanding import is_loopback, is_placeholder, looks_like_code_name

MAX_SITUATION_CHARS = 100_000
# A long paste is read at its head (the question and the config) and its tail (where a log
# or a stack trace ends with the error): this bounds the cost of a 100 KB paste.
HEAD_CHARS = 12_000
TAIL_CHARS = 6_000

# smtps://user:pass@host:465, smtp://host:587, MAILER_DSN=smtp://...
_MAIL_URL = re.compile(
    r"(?i)\b(smtps?|submissions?|imaps?|pop3s?)://(?:[^\s/@]*@)?"
    r"(\[[0-9a-f:.]+\]|[a-z0-9.\-]+)(?::(\d{1,5}))?"
)
# ("smtp.qq.com", 465) in a call, smtplib.SMTP_SSL('smtp.qq.com', 465)
_HOST_PORT_ARGS = re.compile(r"""["']([a-zA-Z0-9.\-]+\.[a-zA-Z]{2,})["']\s*,\s*["']?(\d{2,5})\b""")
_HOST_NAME = re.compile(r"(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.){1,8}[a-z][a-z0-9\-]{1,62}"
                        r"|\d{1,3}(?:\.\d{1,3}){3}")
_PLAIN_SMTP_CALL = re.compile(r"smtplib\.smtp\(\s*$|\bsmtp\(\s*$")
_HOST_COLON_PORT = re.compile(
    r"(?<![A-Za-z0-9_.\-@/])((?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.){1,8}[a-z]{2,63}|\d{1,3}(?:\.\d{1,3}){3}"
    r"|localhost|\[[0-9a-f:.]+\])[:：](\d{2,5})(?!\d)", re.IGNORECASE)
_MAIL_HOST = re.compile(
    r"(?<![A-Za-z0-9_.\-@/])((?:smtp|smtps|imap|imaps|pop|pop3|pop3s|mail|smtpdm|outlook|exmail|hwsmtp|stmp|smpt|mx[a-z0-9\-]{0,8}"
    r"|hwimap|smtp-mail|smtp-relay)[0-9]?(?:\.[a-z0-9\-]{1,63}){0,6}\.[a-z]{2,63})(?![A-Za-z0-9_\-])",
    re.IGNORECASE)
_MAIL_PORT_TEXT = frozenset(map(str, WELL_KNOWN_PORTS))
_PORTS = "|".join(sorted(_MAIL_PORT_TEXT, key=len, reverse=True))
_PORT_IN_PROSE = re.compile(
    r"(?i)(?:\bport\s*(?:number\s*)?(?:is\s*|=\s*|:\s*|of\s*)?|端口\s*(?:号|是|为|用|:|：)?\s*"
    rf"|用的?是?\s*)({_PORTS})(?!\d)"
    rf"|(?<![\d.:])({_PORTS})\s*(?:端口|号端口|port\b)")
_CONNECTED_TO = re.compile(
    r"(?i)(?:econnrefused|etimedout|connect(?:ion)?(?: refused)?(?: to)?|dial tcp|could not connect"
    r" to smtp host:?|failed to connect to|connecting to|host:)\s*\[?"
    r"(127\.0\.0\.1|localhost|::1|0\.0\.0\.0)\]?(?:[:,]\s*(?:port:?\s*)?(\d{2,5}))?"
    # Go prints no host at all when the host setting is empty: "dial tcp :587: connect: …"
    r"|dial tcp ()(?::)(\d{2,5})")


# Searched in every message: each behind a filter of the characters a match can start with.
# And \b, \w see only Latin letters: "平台smtp.qq.com" holds a host.
_PORT_IN_PROSE, _CONNECTED_TO, _MAIL_HOST = (
    ascii_words(re.compile(with_start_filter(p.pattern), p.flags))
    for p in (_PORT_IN_PROSE, _CONNECTED_TO, _MAIL_HOST))


class SituationReader:
    """Reads a Situation from a message, using the clients and environments in ``kb``."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._clients = ClientFinder(kb)
        self._environments = EnvironmentFinder(kb)
        self._tlds = kb.tlds
        self._said_done = Gate([pattern.pattern for _, pattern in SAID_DONE])
        self._passwords = Gate([pattern.pattern for _, pattern in PASSWORD_PHRASES])

    def read(self, raw: str) -> Situation:
        raw = raw[:MAX_SITUATION_CHARS]
        if len(raw) > HEAD_CHARS + TAIL_CHARS:
            raw = raw[:HEAD_CHARS] + "\n" + raw[-TAIL_CHARS:]
        text = unicodedata.normalize("NFKC", raw)
        lower = text.casefold()
        # Quotes show the person's own characters (全角 punctuation and all) where NFKC kept
        # every position.
        source = raw if len(raw) == len(text) else text
        settings = settings_in(text, source)
        client = self._clients.find(lower, settings)
        host, port, security, security_quote = _from_urls_and_calls(text, source)
        conflict: str | None = None
        for setting in settings:
            last = setting.last_part
            if host is None and is_host_key(last):
                host, port = _host_value(setting, port)
            elif last.endswith("port") and port is None and setting.value.isdigit():
                port = Quoted(setting.value, setting.quote)
        effects = self._clients.effects(settings, client)
        if security is None and effects:
            effect, security_quote = effects[0]
            switched = [(e, q) for e, q in effects if e in MODES and _is_enabling(q)]
            modes = {e for e, _ in switched}
            if len(modes) > 1 and not has_mode_switch(client):
                # two settings each switch a mode on (Django's EMAIL_USE_SSL and _TLS)
                conflict = " / ".join(q for _, q in switched[:2])
            elif switched:
                effect, security_quote = switched[0]
            security = _security_of(effect, port)
        if host is None:
            host = _prose_host(text, source, self._tlds)
        if port is None:
            port = _prose_port(text, source)
        environment, hosting_phrases = self._environments.find(lower)
        return Situation(
            host=host, port=port, security=None if conflict else security,
            security_quote=security_quote, tls_conflict=conflict,
            username=_first_setting(settings, USER_KEYS),
            sender=_first_setting(settings, SENDER_KEYS),
            password_kind=next((PASSWORD_PHRASES[i][0] for i, _ in self._passwords.search(lower)),
                               None) if PROSE_HINT.search(lower) else None,
            client=client,
            environment=environment,
            said_done=tuple(SAID_DONE[i][0] for i, _ in self._said_done.search(lower))
            if PROSE_HINT.search(lower) else (),
            connected_to=_connected_to(text, source),
            hosting_phrases=hosting_phrases,
        )

def _is_enabling(quote: str) -> bool:
    """Whether a setting's line switches something on (``true``, ``1``, ``'ssl'``)."""
    tail = re.split(r"=>|:=|=|:|,", quote.casefold(), maxsplit=1)[-1]
    return not re.search(r"\b(?:false|0|no|off|none|null)\b", tail)


def _security_of(effect: OptionEffect, port: Quoted | None) -> Security:
    if effect is OptionEffect.BY_PORT:
        return Security.SSL if port is not None and port.value == "465" else Security.STARTTLS
    return Security(effect.value)


def _from_urls_and_calls(
    text: str, source: str,
) -> tuple[Quoted | None, Quoted | None, Security | None, str | None]:
    for found in _MAIL_URL.finditer(text):
        host = found.group(2).strip("[]").casefold()
        if is_placeholder(host):
            continue
        scheme = found.group(1).casefold()
        line = quote_of(source, found)
        port = Quoted(found.group(3), line) if found.group(3) else None
        implicit = Security.SSL if scheme.endswith("s") else None
        return Quoted(host, line), port, implicit, line if implicit else None
    for found in _HOST_PORT_ARGS.finditer(text):
        host = found.group(1).casefold()
        if is_placeholder(host):
            continue
        line = quote_of(source, found)
        before = text[max(0, found.start() - 40):found.start()].casefold()
        security: Security | None = None
        if "smtp_ssl" in before or "imap4_ssl" in before or "pop3_ssl" in before:
            security = Security.SSL
        elif _PLAIN_SMTP_CALL.search(before):  # smtplib.SMTP(host, port): plain unless told
            security = Security.STARTTLS if ".starttls(" in text.casefold() else Security.NONE
        return Quoted(host, line), Quoted(found.group(2), line), security, (
            line if security else None)
    return None, None, None, None


def _host_value(setting: Setting, port: Quoted | None) -> tuple[Quoted | None, Quoted | None]:
    """A host setting's value, when it names a host ("1.2.4" under "WP Mail SMTP" is a
    version); a trailing ":port" is read as the port."""
    value = setting.value.casefold().strip("[]")
    # "smtphz.qiye.163.com或者smtp.ym.163.com" (or …): the first host stands for the setting
    first = _HOST_NAME.match(value)
    if first is not None and first.end() < len(value) and not value[first.end()].isascii():
        value = first.group(0)
    if ":" in value and value.rsplit(":", 1)[-1].isdigit() and value.count(":") == 1:
        value, port_text = value.rsplit(":", 1)
        port = port or Quoted(port_text, setting.quote)
    if not value or is_placeholder(value):
        return (Quoted(value, setting.quote) if not value else None), port
    if not (is_loopback(value) or _HOST_NAME.fullmatch(value)) or looks_like_code_name(value):
        return None, port
    return Quoted(value, setting.quote), port


def _prose_host(text: str, source: str, tlds: frozenset[str]) -> Quoted | None:
    """A mail host named in prose or a log; it must end in a real top-level domain where the
    knowledge base holds IANA's list ("smtp.login(user, pw)" is a call)."""
    for found in _MAIL_HOST.finditer(text):
        host = found.group(1).casefold()
        if not is_placeholder(host) and (not tlds or host.rsplit(".", 1)[-1] in tlds):
            return Quoted(host, quote_of(source, found))
    for found in _HOST_COLON_PORT.finditer(text):
        host = found.group(1).casefold()
        if not (is_placeholder(host) or is_loopback(host) or looks_like_code_name(host)):
            return Quoted(host, quote_of(source, found))
    return None


def _prose_port(text: str, source: str) -> Quoted | None:
    for found in _HOST_COLON_PORT.finditer(text):
        if not is_loopback(found.group(1).casefold()) and found.group(2) in _MAIL_PORT_TEXT:
            return Quoted(found.group(2), quote_of(source, found))
    said = _PORT_IN_PROSE.search(text)
    if said is not None:
        return Quoted(said.group(1) or said.group(2), quote_of(source, said))
    return None




def _first_setting(settings: list[Setting], keys: frozenset[str]) -> Quoted | None:
    for setting in settings:
        if setting.last_part in keys and setting.value and not is_placeholder(
                setting.value.rsplit("@", 1)[-1]):
            return Quoted(redact(setting.value), setting.quote)
    return None


def _connected_to(text: str, source: str) -> Quoted | None:
    found = _CONNECTED_TO.search(text)
    if found is None:
        return None
    host = found.group(1) if found.group(1) is not None else ""
    port = found.group(2) or found.group(4)
    where = host + (f":{port}" if port else "")
    return Quoted(where, quote_of(source, found))
