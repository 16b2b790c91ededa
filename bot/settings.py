"""Every environment variable mailbot reads, read in this one place.

``VARIABLES`` is the table people read (the README's "Environment variables" table is checked
against it by a test); ``Settings.from_environment`` turns the environment into typed values
once, and every command (ask, chat, probe, serve) takes what it needs from the result.
Command-line flags override the environment; that happens where the flags are parsed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Variable:
    name: str
    default: str  # as the README shows it
    meaning: str


TOKEN = Variable("TELEGRAM_BOT_TOKEN", "none (required by `serve`)",
                 "the bot's token from @BotFather")
API_BASE_URL = Variable("TELEGRAM_API_BASE_URL", "Telegram's",
                        "python-telegram-bot's `base_url`; the token is appended after it")
WEBHOOK_SECRET = Variable("TELEGRAM_WEBHOOK_SECRET", "random per process",
                          "the secret Telegram sends with every webhook request")
KNOWLEDGE_DIR = Variable("MAILBOT_KNOWLEDGE_DIR", "the bundled knowledge base",
                         "another knowledge folder (as `--knowledge DIR`)")
CACHE_DIR = Variable("MAILBOT_CACHE_DIR", "`$XDG_CACHE_HOME/mailbot`",
                     "where the parsed knowledge base is cached; empty: no cache")
XDG_CACHE_HOME = Variable("XDG_CACHE_HOME", "`~/.cache`",
                          "the usual base of user caches, when MAILBOT_CACHE_DIR is unset")
NAMESERVER = Variable("MAILBOT_NAMESERVER", "the system's (`/etc/resolv.conf`)",
                      "HOST[:PORT] that every DNS query of discovery and the probe goes to")
ISPDB_URL = Variable("MAILBOT_ISPDB_URL", "Thunderbird's online ISPDB",
                     "base URL of the ISP database discovery asks; empty: that step is off")
PROBE_UNRESTRICTED = Variable("MAILBOT_PROBE_UNRESTRICTED", "unset (off)",
                              "`1` lets the probe and discovery reach private addresses and "
                              "any port: for testing your own servers, never in a public bot")
DATA_DIR = Variable("MAILBOT_DATA_DIR", "`~/.local/share/mailbot` (`/data` in Docker)",
                    "where `serve` keeps its SQLite state file (`state.sqlite3`)")
STATE_URL = Variable("MAILBOT_STATE_URL", "unset (SQLite in MAILBOT_DATA_DIR)",
                     "`redis://…`: keep the state in Redis, shared by several replicas")
RETENTION_DAYS = Variable("MAILBOT_RETENTION_DAYS", "`30`",
                          "days answer statistics and unanswered questions are kept")
PROBE_PASSWORD = Variable("MAILBOT_PROBE_PASSWORD", "unset (asked on the terminal)",
                          "the password `mailbot probe --login` tries; never printed, logged "
                          "or stored")
HISTORY = Variable("MAILBOT_HISTORY", "`~/.mailbot_history`",
                   "the history file of `mailbot chat` (secrets are never written to it)")

VARIABLES: tuple[Variable, ...] = (TOKEN, API_BASE_URL, WEBHOOK_SECRET, KNOWLEDGE_DIR,
                                   CACHE_DIR, XDG_CACHE_HOME, NAMESERVER, ISPDB_URL,
                                   PROBE_UNRESTRICTED, DATA_DIR, STATE_URL, RETENTION_DAYS,
                                   HISTORY, PROBE_PASSWORD)


DEFAULT_DNS_PORT = 53


def parse_nameserver(text: str) -> tuple[str, int]:
    """``HOST[:PORT]`` or ``[V6]:PORT`` -> (host, port)."""
    text = text.strip()
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        return host, int(rest.lstrip(":") or DEFAULT_DNS_PORT)
    if text.count(":") == 1:
        host, _, port = text.partition(":")
        return host, int(port)
    return text, DEFAULT_DNS_PORT



@dataclass(frozen=True)
class Settings:
    telegram_token: str = ""
    telegram_base_url: str | None = None
    webhook_secret: str | None = None
    knowledge_dir: Path | None = None
    cache_dir: Path | None = None  # None with ``cache_off`` False: the default place
    cache_off: bool = False
    nameserver: str | None = None  # HOST[:PORT], parsed by discovery
    ispdb_url: str | None = None  # None: the default; "": off
    probe_unrestricted: bool = False
    data_dir: Path = Path.home() / ".local" / "share" / "mailbot"
    state_url: str | None = None
    retention_days: float = 30.0
    history_file: Path = Path.home() / ".mailbot_history"
    probe_password: str | None = field(default=None, repr=False)  # a secret: never shown

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ

        def text(variable: Variable) -> str | None:
            value = env.get(variable.name)
            return value.strip() if value is not None else None

        cache = text(CACHE_DIR)
        xdg = text(XDG_CACHE_HOME)
        history = text(HISTORY)
        data = text(DATA_DIR)
        retention = text(RETENTION_DAYS)
        return cls(
            telegram_token=text(TOKEN) or "",
            telegram_base_url=text(API_BASE_URL) or None,
            webhook_secret=text(WEBHOOK_SECRET) or None,
            knowledge_dir=Path(knowledge) if (knowledge := text(KNOWLEDGE_DIR)) else None,
            cache_dir=(Path(cache) if cache else
                       (Path(xdg) if xdg else Path.home() / ".cache") / "mailbot"),
            cache_off=cache == "",
            nameserver=text(NAMESERVER) or None,
            ispdb_url=text(ISPDB_URL),
            probe_unrestricted=text(PROBE_UNRESTRICTED) == "1",
            data_dir=Path(data) if data else Path.home() / ".local" / "share" / "mailbot",
            state_url=text(STATE_URL) or None,
            retention_days=_positive(retention, RETENTION_DAYS.name) if retention else 30.0,
            history_file=Path(history) if history else Path.home() / ".mailbot_history",
            # not stripped: spaces may belong to the password
            probe_password=env.get(PROBE_PASSWORD.name) or None,
        )


def _positive(text: str, name: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if value <= 0:
        raise ValueError(f"{name} must be a positive number of days, not {text!r}")
    return value
