"""Settings read once (issue 11 item 1): one table of environment variables, one place that
builds the services, and every command sees the same name server and restrictions."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from bot.adapters.cli import build_parser, services_for
from bot.settings import VARIABLES, Settings
from tests.conftest import REPO

BOT = REPO / "bot"


def test_the_readme_table_is_the_settings_table() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| `([A-Z_]+)` \| (.+?) \| (.+?) \|$", readme, re.MULTILINE)
    assert [(v.name, v.default, v.meaning) for v in VARIABLES] == documented


def test_only_the_settings_module_reads_the_environment() -> None:
    readers = []
    for path in BOT.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and node.attr in {"environ", "getenv"}
                    and isinstance(node.value, ast.Name) and node.value.id == "os"):
                readers.append(path.relative_to(REPO).as_posix())
    assert set(readers) == {"bot/settings.py"}


def test_every_variable_is_read() -> None:
    environment = {v.name: "x" for v in VARIABLES} | {"MAILBOT_PROBE_UNRESTRICTED": "1",
                                                      "MAILBOT_NAMESERVER": "127.0.0.1:5353",
                                                      "MAILBOT_RETENTION_DAYS": "7"}
    read = Settings.from_environment(environment)
    default = Settings.from_environment({})
    # each variable changes at least one field
    for variable in VARIABLES:
        alone = Settings.from_environment({variable.name: environment[variable.name]})
        assert alone != default, variable.name
    assert read.retention_days == 7.0 and read.state_url == "x"


def test_a_bad_retention_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="MAILBOT_RETENTION_DAYS"):
        Settings.from_environment({"MAILBOT_RETENTION_DAYS": "-3"})


def test_values_are_typed_and_trimmed() -> None:
    settings = Settings.from_environment({
        "TELEGRAM_BOT_TOKEN": " 123:abc \n", "MAILBOT_CACHE_DIR": "", "MAILBOT_ISPDB_URL": "",
        "MAILBOT_KNOWLEDGE_DIR": "/srv/knowledge", "MAILBOT_PROBE_UNRESTRICTED": "0"})
    assert settings.telegram_token == "123:abc"
    assert settings.cache_off is True
    assert settings.ispdb_url == ""  # empty: the ISPDB step is off, not the default
    assert settings.knowledge_dir == Path("/srv/knowledge")
    assert settings.probe_unrestricted is False
    assert Settings.from_environment({"XDG_CACHE_HOME": "/c"}).cache_dir == Path("/c/mailbot")


def test_the_probe_and_discovery_ask_the_same_name_server_in_every_command() -> None:
    """The drift the issue found: the probe confirming discovery's guesses followed
    MAILBOT_NAMESERVER in `ask` but not in `serve`."""
    environment = Settings.from_environment({"MAILBOT_NAMESERVER": "127.0.0.1:5353"})
    parser = build_parser()
    for argv in (["ask", "x"], ["serve"], ["probe", "smtp.qq.com"], ["chat"]):
        services = services_for(parser.parse_args(argv), environment)
        assert services.discovery_settings.nameserver == ("127.0.0.1", 5353), argv
        assert services.probe_settings.nameserver == ("127.0.0.1", 5353), argv


def test_flags_win_over_the_environment() -> None:
    environment = Settings.from_environment({"MAILBOT_NAMESERVER": "127.0.0.1:5353",
                                             "MAILBOT_ISPDB_URL": "https://a.example/"})
    args = build_parser().parse_args(["ask", "--nameserver", "127.0.0.2", "--ispdb-url", "",
                                      "x"])
    services = services_for(args, environment)
    assert services.discovery_settings.nameserver == ("127.0.0.2", 53)
    assert services.discovery_settings.ispdb_base_url == ""
    probe = services_for(build_parser().parse_args(
        ["probe", "--unrestricted", "--timeout", "3", "h:25"]), Settings())
    assert probe.probe_settings.unrestricted and probe.probe_settings.deadline == 3.0


def test_services_are_built_on_first_use() -> None:
    services = services_for(build_parser().parse_args(["ask", "--offline", "x"]), Settings())
    assert "engine" not in vars(services) and "discoverer" not in vars(services)
