"""Read the person's own setup out of a message: the situation a diagnosis compares.

People paste `.env` files, YAML, INI, JSON or JS objects, PHP arrays, Java properties,
Python/Go/C# snippets, command lines and stack traces, and write the rest in prose. Rather
than parse each format, one pass finds ``key = value`` shapes of every common spelling
(``=``, ``:``, ``=>``, ``put("k", "v")``) and classifies the key by its last part (host,
port, user, password, from); how a tool spells its TLS mode comes from `knowledge/clients/`,
where a run-time place blocks ports from `knowledge/environments/`. What the person says
they did, and which password they use, is read from prose in both languages.

Pure and synchronous like the engine; the whole message is read (up to
``MAX_SITUATION_CHARS``), not only the head that understanding analyses, since a config or
a stack trace can be long.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.knowledge_base import KnowledgeBase
from bot.mail_ports import WELL_KNOWN_PORTS
from bot.models import (
    Client,
    Environment,
    OptionEffect,
    Quoted,
    Security,
    Situation,
)
from bot.redaction import redact
from bot.regex_gate import Gate, with_start_filter
from bot.situation_phrases import PASSWORD_PHRASES, PROSE_HINT, SAID_DONE
from bot.understanding import is_loopback, is_placeholder, looks_like_code_name

MAX_SITUATION_CHARS = 100_000
# A long paste is read at its head (the question and the config) and its tail (where a log
# or a stack trace ends with the error): this bounds the cost of a 100 KB paste.
HEAD_CHARS = 12_000
TAIL_CHARS = 6_000
QUOTE_CHARS = 120

# key = value, key: value, key => value, "key": "value", KEY=value, $mail->Key = 'value';
# the key may carry a path (spring.mail.host, gitlab_rails['smtp_port'], $mail->Host).
_KEY_VALUE = re.compile(
    r"""(?<![\w$@.\-])(?P<key>[A-Za-z_$@][\w$@.\-]{0,80}"""
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
    r"(?<![\w.\-@/])((?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.){1,8}[a-z]{2,63}|\d{1,3}(?:\.\d{1,3}){3}"
    r"|localhost|\[[0-9a-f:.]+\])[:：](\d{2,5})(?!\d)", re.IGNORECASE)
_MAIL_HOST = re.compile(
    r"(?<![\w.\-@/])((?:smtp|smtps|imap|imaps|pop|pop3|pop3s|mail|smtpdm|outlook|exmail|hwsmtp|stmp|smpt|mx[a-z0-9\-]{0,8}"
    r"|hwimap|smtp-mail|smtp-relay)[0-9]?(?:\.[a-z0-9\-]{1,63}){0,6}\.[a-z]{2,63})(?![\w\-])",
    re.IGNORECASE)
_MAIL_PORT_TEXT = frozenset(map(str, WELL_KNOWN_PORTS))
_PORTS = "|".join(sorted(_MAIL_PORT_TEXT, key=len, reverse=True))
_PORT_IN_PROSE = re.compile(
    r"(?i)(?:\bport\s*(?:number\s*)?(?:is\s*|=\s*|:\s*|of\s*)?|端口\s*(?:号|是|为|用|:|：)?\s*"
    rf"|用的?是?\s*)({_PORTS})(?!\d)"
    rf"|(?<![\d.:])({_PORTS})\s*(?:端口|号端口|port\b)")
_TRUE = frozenset({"true", "1", "yes", "on", "y"})

# The last part of a setting's name, by what it holds.
_HOST_KEYS = frozenset({
    "host", "hostname", "server", "servername", "smtp", "smtphost", "smtp_host",
    "smtp_server", "smtpserver", "mail_host", "mailhost", "email_host", "emailhost",
    "smtp_address", "smarthost", "smtp_smarthost", "relayhost", "relay_host", "mailserver",
    "mail_server", "outgoing_server", "smtp_hostname", "imap_host", "imap_server", "pop_host",
    "pop3_host", "mail_smtp_host", "host_name", "address_smtp",
})
_USER_KEYS = frozenset({
    "user", "username", "user_name", "login", "smtp_user", "smtp_username",
    "smtp_user_name", "email_host_user", "mail_username", "auth_user", "smtpusername",
    "smtp_login", "mail_user", "emailuser", "auth_username", "imap_user", "authuser",
})
_SENDER_KEYS = frozenset({
    "from", "from_address", "from_email", "default_from_email", "sender", "mail_from_address",
    "mail_from", "smtp_from", "from_addr", "email_from", "fromaddress", "from_mail",
    "sender_email", "email_from_address", "smtp_from_address", "fromemail",
})

# "on Azure", "deployed to AWS", "在阿里云": a brand right after these is where it runs.
_PLACED_ON = re.compile(r"(?:\b(?:on|onto|to|in)\s+|在\s*)$")
_HOSTING_CONTEXT = re.compile(
    r"部署|服务器|云主机|主机上|实例|机器|vps|\bserver\b|\binstance|\bvm\b|hosted|deployed|running"
    r"|\bhost(?:ing)?\b|droplet|ecs|cvm|轻量")
# A brand followed by its mail product ("阿里云邮箱", "aliyun mail") is the mailbox, not hosting.
MAIL_PRODUCT_AFTER = r"\s*(?:企业)?(?:邮箱|邮件|邮)|\s*(?:enterprise )?e?-?mail"
_MAIL_PRODUCT = re.compile(MAIL_PRODUCT_AFTER)
_CONNECTED_TO = re.compile(
    r"(?i)(?:econnrefused|etimedout|connect(?:ion)?(?: refused)?(?: to)?|dial tcp|could not connect"
    r" to smtp host:?|failed to connect to|connecting to|host:)\s*\[?"
    r"(127\.0\.0\.1|localhost|::1|0\.0\.0\.0)\]?(?:[:,]\s*(?:port:?\s*)?(\d{2,5}))?")


# Searched in every message: each behind a filter of the characters a match can start with.
_PORT_IN_PROSE, _CONNECTED_TO, _MAIL_HOST = (
    re.compile(with_start_filter(p.pattern), p.flags)
    for p in (_PORT_IN_PROSE, _CONNECTED_TO, _MAIL_HOST))


@dataclass(frozen=True, slots=True)
class _Setting:
    key: str  # normalised: lower case, path parts joined with dots
    value: str  # unquoted, as written
    text: str  # the message, and where in it the setting stands (quoted only when used)
    start: int
    end: int

    @property
    def quote(self) -> str:
        return _quote_span(self.text, self.start, self.end)


class SituationReader:
    """Reads a Situation from a message, using the clients and environments in ``kb``."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._clients = list(kb.clients.values())
        self._options_by_key: dict[str, list[tuple[Client, int]]] = {}
        for client in self._clients:
            for index, option in enumerate(client.options):
                last = option.key.rsplit(".", 1)[-1]
                self._options_by_key.setdefault(last, []).append((client, index))
        self._option_values = {
            (client.id, index): re.compile(option.value)
            for client in self._clients for index, option in enumerate(client.options)
        }
        self._client_names = _word_alternation(
            {name: client for client in self._clients for name in client.names})
        self._signature_owners = [c for c in self._clients for _ in c.signatures]
        self._signatures = Gate([s for c in self._clients for s in c.signatures],
                                kb.pattern_needs)
        self._plain_client_names = tuple({n for c in self._clients for n in c.names})
        self._said_done = Gate([pattern.pattern for _, pattern in SAID_DONE])
        self._passwords = Gate([pattern.pattern for _, pattern in PASSWORD_PHRASES])
        self._environments = list(kb.environments.values())
        self._environment_names = _word_alternation(
            {name: env for env in self._environments for name in env.names})
        self._brands = _word_alternation(
            {brand: env for env in self._environments for brand in env.brands})
        # Substring tests are ~50x cheaper than the alternation, and most messages hold none.
        self._environment_words = tuple({w for env in self._environments
                                         for w in (*env.names, *env.brands)})

    def read(self, raw: str) -> Situation:
        raw = raw[:MAX_SITUATION_CHARS]
        if len(raw) > HEAD_CHARS + TAIL_CHARS:
            raw = raw[:HEAD_CHARS] + "\n" + raw[-TAIL_CHARS:]
        text = unicodedata.normalize("NFKC", raw)
        lower = text.casefold()
        settings = _settings_in(text)
        client = self._client(lower, settings)
        host, port, security, security_quote = _from_urls_and_calls(text)
        conflict: str | None = None
        for setting in settings:
            last = _last_part(setting.key)
            if last in _HOST_KEYS and host is None:
                host, port = _host_value(setting, port)
            elif last.endswith("port") and port is None and setting.value.isdigit():
                port = Quoted(setting.value, setting.quote)
        effects = self._effects(settings, client)
        if security is None and effects:
            effect, security_quote = effects[0]
            switched = [(e, q) for e, q in effects if e in _MODES and _is_enabling(q)]
            modes = {e for e, _ in switched}
            if len(modes) > 1 and not _has_mode_switch(client):
                # two settings each switch a mode on (Django's EMAIL_USE_SSL and _TLS)
                conflict = " / ".join(q for _, q in switched[:2])
            elif switched:
                effect, security_quote = switched[0]
            security = _security_of(effect, port)
        if host is None:
            host = _prose_host(text)
        if port is None:
            port = _prose_port(text)
        environment, hosting_phrases = self._environment(lower)
        return Situation(
            host=host, port=port, security=None if conflict else security,
            security_quote=security_quote, tls_conflict=conflict,
            username=_first_setting(settings, _USER_KEYS),
            sender=_first_setting(settings, _SENDER_KEYS),
            password_kind=next((PASSWORD_PHRASES[i][0] for i, _ in self._passwords.search(lower)),
                               None) if PROSE_HINT.search(lower) else None,
            client=client,
            environment=environment,
            said_done=tuple(SAID_DONE[i][0] for i, _ in self._said_done.search(lower))
            if PROSE_HINT.search(lower) else (),
            connected_to=_connected_to(text),
            hosting_phrases=hosting_phrases,
        )

    def _client(self, lower: str, settings: list[_Setting]) -> Client | None:
        """Named, else betrayed by its code, else by a setting only it has."""
        if self._client_names and any(name in lower for name in self._plain_client_names):
            found = self._client_names.search(lower)
            if found is not None:
                return self._client_by_name(found.group(0))
        for index, _ in self._signatures.search(lower):
            return self._signature_owners[index]
        for setting in settings:
            for client, _ in self._options_by_key.get(_last_part(setting.key), ()):
                if _key_matches(setting.key, client, self._options_by_key):
                    return client
        return None

    def _client_by_name(self, name: str) -> Client | None:
        return next((c for c in self._clients if name in c.names), None)

    def _effects(self, settings: list[_Setting],
                 client: Client | None) -> list[tuple[OptionEffect, str]]:
        """The TLS effects of the settings, read with the client's own options first."""
        found: list[tuple[OptionEffect, str]] = []
        for setting in settings:
            candidates = self._options_by_key.get(_last_part(setting.key), [])
            candidates = sorted(candidates, key=lambda c: c[0] is not client)
            for owner, index in candidates:
                if client is not None and owner is not client and any(
                        o is client for o, _ in candidates):
                    continue
                option = owner.options[index]
                if not (setting.key == option.key or setting.key.endswith("." + option.key)
                        or _last_part(option.key) == setting.key):
                    continue
                if self._option_values[(owner.id, index)].fullmatch(setting.value.casefold()):
                    found.append((option.effect, setting.quote))
                    break
        return found

    def _environment(self, lower: str) -> tuple[Environment | None, tuple[str, ...]]:
        """Named outright, or a brand next to a hosting word ("部署在阿里云"); and the
        phrases that said so."""
        found: Environment | None = None
        phrases: list[str] = []
        if not any(word in lower for word in self._environment_words):
            return None, ()
        if self._environment_names is not None:
            for hit in self._environment_names.finditer(lower):
                found = found or self._environment_by(hit.group(0), names=True)
                phrases.append(hit.group(0))
        if self._brands is not None:
            for hit in self._brands.finditer(lower):
                window = lower[max(0, hit.start() - 16):hit.end() + 16]
                placed = _PLACED_ON.search(lower, max(0, hit.start() - 8), hit.start())
                if (_HOSTING_CONTEXT.search(window) or placed) and not _MAIL_PRODUCT.match(
                        lower, hit.end()):
                    found = found or self._environment_by(hit.group(0), names=False)
                    phrases.append(hit.group(0))
        return found, tuple(dict.fromkeys(phrases))

    def _environment_by(self, phrase: str, *, names: bool) -> Environment | None:
        return next((e for e in self._environments
                     if phrase in (e.names if names else e.brands)), None)


def _word_alternation(table: dict[str, object]) -> re.Pattern[str] | None:
    """One pattern finding any of the phrases, as whole words where they are Latin."""
    if not table:
        return None
    parts = []
    for phrase in sorted(table, key=len, reverse=True):
        escaped = re.escape(phrase)
        parts.append(rf"(?<![\w.\-]){escaped}(?![\w\-])" if phrase.isascii() else escaped)
    return re.compile(with_start_filter("|".join(parts)))


def _settings_in(text: str) -> list[_Setting]:
    settings: list[_Setting] = []
    for found in _KEY_VALUE.finditer(text):
        key = _normal_key(found.group("key"))
        if not key or key.startswith(("http", "https")):
            continue
        settings.append(_Setting(key, _unquoted(found.group("value")), text, *found.span()))
    for found in _CALL_PAIR.finditer(text):
        settings.append(_Setting(_normal_key(found.group(1)), found.group(2), text,
                                 *found.span()))
    for found in _ENUM_VALUE.finditer(text):
        settings.append(_Setting(found.group(1).casefold(), found.group(2), text,
                                 *found.span()))
    return settings


def _normal_key(key: str) -> str:
    if key.isidentifier() or key.replace(".", "").replace("_", "").isalnum():
        return key.casefold().strip(".")  # the common case: no path syntax to unify
    key = re.sub(r"->|::|\[['\"]?|['\"]?\]", ".", key.casefold())
    return re.sub(r"\.+", ".", key.strip("$@'\" .")).strip(".")


def _last_part(key: str) -> str:
    return key.rsplit(".", 1)[-1]


def _key_matches(key: str, client: Client,
                 table: dict[str, list[tuple[Client, int]]]) -> bool:
    return any(key == client.options[i].key or key.endswith("." + client.options[i].key)
               for owner, i in table.get(_last_part(key), ()) if owner is client)


def _unquoted(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'`":
        value = value[1:-1]
    return value.strip()


def _quote(text: str, found: re.Match[str]) -> str:
    return _quote_span(text, found.start(), found.end())


def _quote_span(text: str, begin: int, finish: int) -> str:
    """The line the span is on, trimmed and with secrets masked."""
    start = text.rfind("\n", 0, begin) + 1
    end = text.find("\n", finish)
    line = text[start:end if end != -1 else len(text)].strip()
    if len(line) > QUOTE_CHARS:
        offset = max(0, begin - start - 20)
        line = line[offset:offset + QUOTE_CHARS].strip()
    return redact(line)


_MODES = (OptionEffect.SSL, OptionEffect.STARTTLS)


def _has_mode_switch(client: Client | None) -> bool:
    """One setting picks the mode by its value (nodemailer's ``secure``): other settings only
    refine it, so ``secure: true`` with ``requireTLS: true`` is no conflict."""
    if client is None:
        return False
    effects: dict[str, set[OptionEffect]] = {}
    for option in client.options:
        effects.setdefault(option.key, set()).add(option.effect)
    return any(len(found & set(_MODES)) > 1 for found in effects.values())


def _is_enabling(quote: str) -> bool:
    """Whether a setting's line switches something on (``true``, ``1``, ``'ssl'``)."""
    tail = re.split(r"=>|:=|=|:|,", quote.casefold(), maxsplit=1)[-1]
    return not re.search(r"\b(?:false|0|no|off|none|null)\b", tail)


def _security_of(effect: OptionEffect, port: Quoted | None) -> Security:
    if effect is OptionEffect.BY_PORT:
        return Security.SSL if port is not None and port.value == "465" else Security.STARTTLS
    return Security(effect.value)


def _from_urls_and_calls(
    text: str,
) -> tuple[Quoted | None, Quoted | None, Security | None, str | None]:
    for found in _MAIL_URL.finditer(text):
        host = found.group(2).strip("[]").casefold()
        if is_placeholder(host):
            continue
        scheme = found.group(1).casefold()
        quote = _quote(text, found)
        port = Quoted(found.group(3), quote) if found.group(3) else None
        implicit = Security.SSL if scheme.endswith("s") else None
        return Quoted(host, quote), port, implicit, quote if implicit else None
    for found in _HOST_PORT_ARGS.finditer(text):
        host = found.group(1).casefold()
        if is_placeholder(host):
            continue
        quote = _quote(text, found)
        before = text[max(0, found.start() - 40):found.start()].casefold()
        security: Security | None = None
        if "smtp_ssl" in before or "imap4_ssl" in before or "pop3_ssl" in before:
            security = Security.SSL
        elif _PLAIN_SMTP_CALL.search(before):  # smtplib.SMTP(host, port): plain unless told
            security = Security.STARTTLS if ".starttls(" in text.casefold() else Security.NONE
        return Quoted(host, quote), Quoted(found.group(2), quote), security, (
            quote if security else None)
    return None, None, None, None


def _host_value(setting: _Setting, port: Quoted | None) -> tuple[Quoted | None, Quoted | None]:
    """A host setting's value, when it names a host ("1.2.4" under "WP Mail SMTP" is a
    version); a trailing ":port" is read as the port."""
    value = setting.value.casefold().strip("[]")
    if ":" in value and value.rsplit(":", 1)[-1].isdigit() and value.count(":") == 1:
        value, port_text = value.rsplit(":", 1)
        port = port or Quoted(port_text, setting.quote)
    if not value or is_placeholder(value):
        return (Quoted(value, setting.quote) if not value else None), port
    if not (is_loopback(value) or _HOST_NAME.fullmatch(value)) or looks_like_code_name(value):
        return None, port
    return Quoted(value, setting.quote), port


def _prose_host(text: str) -> Quoted | None:
    for found in _MAIL_HOST.finditer(text):
        host = found.group(1).casefold()
        if not is_placeholder(host):
            return Quoted(host, _quote(text, found))
    for found in _HOST_COLON_PORT.finditer(text):
        host = found.group(1).casefold()
        if not (is_placeholder(host) or is_loopback(host) or looks_like_code_name(host)):
            return Quoted(host, _quote(text, found))
    return None


def _prose_port(text: str) -> Quoted | None:
    for found in _HOST_COLON_PORT.finditer(text):
        if not is_loopback(found.group(1).casefold()) and found.group(2) in _MAIL_PORT_TEXT:
            return Quoted(found.group(2), _quote(text, found))
    said = _PORT_IN_PROSE.search(text)
    if said is not None:
        return Quoted(said.group(1) or said.group(2), _quote(text, said))
    return None




def _first_setting(settings: list[_Setting], keys: frozenset[str]) -> Quoted | None:
    for setting in settings:
        if _last_part(setting.key) in keys and setting.value and not is_placeholder(
                setting.value.rsplit("@", 1)[-1]):
            return Quoted(redact(setting.value), setting.quote)
    return None


def _connected_to(text: str) -> Quoted | None:
    found = _CONNECTED_TO.search(text)
    if found is None:
        return None
    where = found.group(1) + (f":{found.group(2)}" if found.group(2) else "")
    return Quoted(where, _quote(text, found))
