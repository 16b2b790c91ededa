"""The ``mailbot`` command: ask, chat and check-knowledge (probe and serve come later).

Keeps heavy imports (Telegram, aiosmtplib, httpx) off the ``ask`` path: start-up time is
part of the answer time for people who script ``mailbot ask``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot import __version__
from bot import settings as variables
from bot.models import Lang, Protocol, Security
from bot.services import Services
from bot.settings import Settings

EXIT_USAGE = 2  # a command line that asks nothing (also argparse's own code)
EXIT_NO_KNOWLEDGE = 1  # the knowledge folder given does not exist


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mailbot", description="Answers e-mail setup questions in Chinese and English.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--knowledge", type=Path, default=None,
                        help="knowledge folder (default: $MAILBOT_KNOWLEDGE_DIR or the "
                        "bundled one)")
    commands = parser.add_subparsers(dest="command", required=True)

    ask = commands.add_parser("ask", help="answer one question (or one per line from stdin)")
    ask.add_argument("question", nargs="*", help='the question; none or "-" reads stdin')
    ask.add_argument("--json", action="store_true", help="one JSON object per question")
    ask.add_argument("--file", metavar="PATH",
                     help='the whole file (or "-": standard input) as one message: a pasted '
                          "config or log spans many lines")
    ask.add_argument("--lang", choices=[lang.value for lang in Lang],
                     help="reply language (default: the question's)")
    ask.add_argument("--full", action="store_true",
                     help="show every server, not just the asked protocol")
    ask.add_argument("--offline", action="store_true",
                     help="no network use at all: answer from the bundled knowledge only")
    ask.add_argument("--nameserver",
                     help="HOST[:PORT]: send every DNS query of discovery there "
                     f"(also ${variables.NAMESERVER.name})")
    ask.add_argument("--ispdb-url",
                     help="base URL of Thunderbird's online ISP database for discovery; "
                     f"empty turns it off (also ${variables.ISPDB_URL.name})")

    chat = commands.add_parser("chat", help="an interactive console on the same engine")
    chat.add_argument("--lang", choices=[lang.value for lang in Lang])

    commands.add_parser("check-knowledge", help="validate the knowledge base and print counts")

    probe = commands.add_parser(
        "probe", help="connect to mail servers (no password sent) and say what works")
    probe.add_argument("targets", nargs="+", metavar="TARGET",
                       help="host[:port], [v6]:port, an address, a domain or a provider name")
    probe.add_argument("--json", action="store_true", help="one JSON object per TARGET")
    probe.add_argument("--protocol", choices=[p.value for p in Protocol])
    probe.add_argument("--security", choices=[s.value for s in Security])
    probe.add_argument("--timeout", type=float, default=15.0,
                       help="deadline for each server, in seconds (default 15)")
    probe.add_argument("--ca-file", type=Path, help="extra trusted CA certificates (PEM)")
    probe.add_argument("--unrestricted", action="store_true",
                       help="allow private/loopback addresses and any port (own servers, "
                       f"tests); also ${variables.PROBE_UNRESTRICTED.name}=1")
    probe.add_argument("--lang", choices=[lang.value for lang in Lang], default=None)
    probe.add_argument("--login", metavar="USER",
                       help="try a real login as USER (password from the terminal or "
                       f"${variables.PROBE_PASSWORD.name}); stops at the first refusal")

    serve = commands.add_parser(
        "serve", help="run the Telegram bot ($TELEGRAM_BOT_TOKEN; long polling by default)")
    serve.add_argument("--webhook-url", help="public HTTPS URL of the webhook (behind a proxy)")
    serve.add_argument("--listen", default="127.0.0.1", help="webhook: address to listen on")
    serve.add_argument("--port", type=int, default=8443, help="webhook: port to listen on")
    serve.add_argument("--verbose", action="store_true", help="debug logging (never message text)")
    serve.add_argument("--knowledge-extra", type=Path, metavar="DIR",
                       help="a knowledge folder of your own domains and servers, asked first")

    stats = commands.add_parser(
        "stats", help="answers given and not given, from the state store (as /stats)")
    stats.add_argument("--chat", type=int, help="one chat's figures (default: every chat)")
    stats.add_argument("--json", action="store_true", help="one JSON object")
    export = commands.add_parser(
        "export", help="write a Thunderbird autoconfig file or an Apple mail profile")
    export.add_argument("target", metavar="ADDRESS_OR_PROVIDER",
                        help="an address (filled into the profile), a domain or a provider")
    export.add_argument("--format", choices=("autoconfig", "mobileconfig"), required=True,
                        help="autoconfig: clientConfig XML (Thunderbird, K-9); "
                        "mobileconfig: an unsigned profile for iPhone, iPad and Mac")
    export.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="write the file here (default: standard output)")
    export.add_argument("--offline", action="store_true",
                        help="the bundled knowledge only: no discovery over the network")
    export.add_argument("--lang", choices=[lang.value for lang in Lang])

    autoconfig = commands.add_parser(
        "serve-autoconfig", help="serve autoconfig documents and Apple profiles over HTTP(S)")
    autoconfig.add_argument("--listen", default="127.0.0.1", help="address to listen on")
    autoconfig.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    autoconfig.add_argument("--tls-cert", type=Path, metavar="PEM",
                            help="serve HTTPS with this certificate chain (else plain HTTP)")
    autoconfig.add_argument("--tls-key", type=Path, metavar="PEM", help="its private key")
    autoconfig.add_argument("--knowledge-extra", type=Path, metavar="DIR",
                            help="a knowledge folder of your own domains, asked first")
    autoconfig.add_argument("--behind-proxy", action="store_true",
                            help="take the client's address from X-Real-IP/X-Forwarded-For "
                                 "(only behind a trusted reverse proxy that sets them)")

    commands.add_parser("health", help="exit 0 when the knowledge base loads (Docker HEALTHCHECK)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _tolerate_odd_bytes()
    services = services_for(args, Settings.from_environment())
    knowledge_dir = services.settings.knowledge_dir
    if knowledge_dir is not None and not Path(knowledge_dir).is_dir():
        print(f"mailbot: no knowledge folder at {knowledge_dir}", file=sys.stderr)
        return EXIT_NO_KNOWLEDGE
    # Each command imports only what it uses: start-up time is part of the answer time.
    if args.command in ("check-knowledge", "health"):
        from bot.adapters.knowledge_command import check_knowledge, health

        command = check_knowledge if args.command == "check-knowledge" else health
        return command(services.settings.knowledge_dir, sys.stdout)
    if args.command == "serve":
        from bot.adapters.telegram_ui.serve_command import run_serve_command  # Telegram: serve only

        return run_serve_command(args, services, sys.stderr)
    if args.command == "probe" and args.login is not None:
        from bot.adapters.login_command import run_login_command  # a password: local only

        return run_login_command(args, services, sys.stdout)
    if args.command == "probe":
        from bot.adapters.probe_command import run_probe_command  # aiosmtplib: probe only

        return run_probe_command(args, services, sys.stdout)
    if args.command == "stats":
        from bot.adapters.stats_command import run_stats_command

        return run_stats_command(args, services, sys.stdout)
    if args.command == "export":
        from bot.adapters.export_command import run_export_command

        return run_export_command(args, services, sys.stdout.buffer, sys.stderr)
    if args.command == "serve-autoconfig":
        from bot.adapters.serve_autoconfig_command import run_serve_autoconfig  # tornado

        return run_serve_autoconfig(args, services, sys.stderr)
    if args.command in ("ask", "chat"):
        from bot.adapters.ask_command import run_ask_command, run_chat_command

        run = run_ask_command if args.command == "ask" else run_chat_command
        return run(args, services, sys.stdout)
    return EXIT_USAGE


def services_for(args: argparse.Namespace, environment: Settings) -> Services:
    """The environment's settings with the command's flags on top, as services."""
    changes: dict[str, Any] = {}
    if args.knowledge is not None:
        changes["knowledge_dir"] = args.knowledge
    if getattr(args, "nameserver", None) is not None:
        changes["nameserver"] = args.nameserver
    if getattr(args, "ispdb_url", None) is not None:
        changes["ispdb_url"] = args.ispdb_url
    if getattr(args, "unrestricted", False):
        changes["probe_unrestricted"] = True
    probe_changes: dict[str, Any] = {}
    if args.command == "probe":
        probe_changes = {"deadline": args.timeout, "step_timeout": min(args.timeout, 6.0),
                         "ca_file": args.ca_file}
    # serve-autoconfig loads its --knowledge-extra itself, into its own lookup
    extra = args.knowledge_extra if args.command == "serve" else None
    return Services(replace(environment, **changes), probe_changes=probe_changes,
                    knowledge_extra=extra)


def _tolerate_odd_bytes() -> None:
    """Binary junk on stdin or a terminal that can't show Chinese must not crash the CLI."""
    for stream, errors in ((sys.stdin, "replace"), (sys.stdout, "backslashreplace")):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors=errors)


