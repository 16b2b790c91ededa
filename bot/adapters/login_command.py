"""``mailbot probe --login USER TARGET``: try a real login from the person's own machine.

The password comes from ``MAILBOT_PROBE_PASSWORD`` or is asked on the terminal (getpass,
not echoed); it is never printed, logged or stored, and no chat front end reaches this.
TARGET ``host:port`` tries that server; an address, domain or provider tries one server per
protocol (IMAP, POP3, SMTP, in that order) and stops at the first refused login, so a wrong
password is tried at most once and an account is never locked by this check.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
from collections.abc import Callable
from typing import Any, TextIO

from bot.language import detect_lang
from bot.login_report import LoginVerdict, explain_login
from bot.models import Lang, Protocol, Provider, Security, Text
from bot.probe_targets import ProbeTargets
from bot.probing.connector import Connector
from bot.probing.guard import TargetRefused
from bot.probing.login_check import LoginOutcome, LoginStep, check_login
from bot.probing.results import ServerSpec
from bot.probing.server_specs import parse_host_port, target_text
from bot.services import Services

EXIT_OK = 0
EXIT_FAILED = 1
PROTOCOL_ORDER = (Protocol.IMAP, Protocol.POP3, Protocol.SMTP)
NO_PASSWORD = Text("No password: type it when asked (on a terminal) or set "
                   "MAILBOT_PROBE_PASSWORD.", "没有密码：请在终端提示时输入，或设置 "
                   "MAILBOT_PROBE_PASSWORD。")
ONE_TARGET = Text("--login checks one TARGET at a time.", "--login 每次只检查一个目标。")
STOPPED = Text("Stopped after the refused login, so the account is not locked by retries.",
               "登录被拒后已停止，不会因反复尝试而锁定账户。")

AskPassword = Callable[[str], str]


def run_login_command(args: argparse.Namespace, services: Services, out: TextIO,
                      ask_password: AskPassword = getpass.getpass) -> int:
    lang = Lang(args.lang) if args.lang else detect_lang(" ".join(args.targets).lower())
    if len(args.targets) != 1:
        out.write(ONE_TARGET.in_lang(lang) + "\n")
        return EXIT_FAILED
    target = target_text(args.targets[0])
    protocol = Protocol(args.protocol) if args.protocol else None
    security = Security(args.security) if args.security else None
    try:
        specs, provider = _servers(target, protocol, security, services)
    except TargetRefused as refused:
        out.write(refused.refusal.text.in_lang(lang) + "\n")
        return EXIT_FAILED
    password = services.settings.probe_password
    if password is None:
        try:
            password = ask_password(f"Password for {args.login}: ")
        except (EOFError, KeyboardInterrupt, OSError):
            password = ""
    if not password:
        out.write(NO_PASSWORD.in_lang(lang) + "\n")
        return EXIT_FAILED
    verdicts = asyncio.run(_check(specs, args.login, password, provider, services))
    if args.json:
        out.write(json.dumps(_as_json(target, verdicts, lang), ensure_ascii=False) + "\n")
    else:
        out.write(_as_text(verdicts, lang) + "\n")
    return EXIT_OK if verdicts and all(v.outcome.ok for v in verdicts) else EXIT_FAILED


def _servers(target: str, protocol: Protocol | None, security: Security | None,
             services: Services) -> tuple[list[ServerSpec], Provider | None]:
    unrestricted = services.probe_settings.unrestricted
    spec = parse_host_port(target, protocol=protocol, security=security,
                           unrestricted=unrestricted)
    if spec is not None:
        return [spec], None
    found = ProbeTargets(services.engine)(target, protocol=protocol, security=security,
                                         unrestricted=unrestricted)
    first = {s.protocol: s for s in reversed(found)}  # the provider's preferred one each
    answer = services.engine.ask(target)
    return [first[p] for p in PROTOCOL_ORDER if p in first], answer.provider


async def _check(specs: list[ServerSpec], username: str, password: str,
                 provider: Provider | None, services: Services) -> list[LoginVerdict]:
    connector = Connector(services.probe_settings)
    session = connector.session
    verdicts: list[LoginVerdict] = []
    for spec in specs:
        try:
            address = await connector.checked_address(spec)
        except TargetRefused as refused:
            outcome = LoginOutcome(spec, LoginStep.CONNECT, refused.refusal.text.en)
        else:
            outcome = await check_login(spec, address, username, password, session)
        verdicts.append(explain_login(services.engine, outcome, provider))
        if outcome.step is LoginStep.REFUSED:
            break  # one refused login per run: retries are what lock accounts
    return verdicts


def _as_text(verdicts: list[LoginVerdict], lang: Lang) -> str:
    blocks = []
    for verdict in verdicts:
        spec = verdict.outcome.spec
        lines = [f"{spec.host}:{spec.port} {spec.protocol.upper()} ({spec.security}): "
                 f"{verdict.outcome.step}",
                 f"  {'服务器说' if lang is Lang.ZH else 'The server said'}: "
                 f"{verdict.outcome.said}",
                 f"  {verdict.meaning.in_lang(lang)}"]
        lines += [f"  - {step.in_lang(lang)}" for step in verdict.fix]
        if verdict.code is not None:
            lines.append(f"  ({verdict.code})")
        blocks.append("\n".join(lines))
    if verdicts and verdicts[-1].outcome.step is LoginStep.REFUSED:
        blocks.append(STOPPED.in_lang(lang))
    return "\n\n".join(blocks)


def _as_json(target: str, verdicts: list[LoginVerdict], lang: Lang) -> dict[str, Any]:
    return {"target": target, "results": [{
        "host": v.outcome.spec.host, "port": v.outcome.spec.port,
        "protocol": str(v.outcome.spec.protocol), "security": str(v.outcome.spec.security),
        "ok": v.outcome.ok, "step": str(v.outcome.step), "said": v.outcome.said,
        "diagnosis": str(v.code) if v.code is not None else None,
        "meaning": v.meaning.in_lang(lang)} for v in verdicts]}
