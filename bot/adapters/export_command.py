"""``mailbot export``: a file a mail app applies, for an address or a provider.

    mailbot export --format autoconfig zhang@163.com -o 163.xml
    mailbot export --format mobileconfig qq -o qq.mobileconfig

The servers are the ones ``mailbot ask`` would answer with (the knowledge base, else
discovery unless ``--offline``). A request that cannot be exported (an OAuth2-only provider
asked for an Apple profile, a name that fits several providers, a domain nobody knows) gets
one polite line on stderr and exit status 1; the file goes to ``-o FILE`` or stdout. For a
provider where something must be switched on first (IMAP/SMTP, an authorization code), the
steps go to stderr beside the file.
"""

from __future__ import annotations

import argparse
from typing import BinaryIO, TextIO

from bot.exports import (
    ExportRefused,
    MailSetup,
    apple_profile,
    autoconfig_document,
    setup_for_answer,
)
from bot.exports.switch_on_first import switch_on_first
from bot.language import detect_lang
from bot.models import Answer, Intent, Lang, Text
from bot.services import Services

FORMATS = ("autoconfig", "mobileconfig")
EXIT_OK = 0
EXIT_REFUSED = 1
MAX_TARGET = 300


def run_export_command(args: argparse.Namespace, services: Services, out: BinaryIO,
                       err: TextIO) -> int:
    target = args.target.strip()[:MAX_TARGET]
    lang = Lang(args.lang) if args.lang else detect_lang(target.lower())
    address = target if "@" in target else None
    try:
        answer = _answer(target, args.offline, services)
        setup = setup_for_answer(answer, address)
        body = export(setup, args.format)
    except ExportRefused as refused:
        err.write(refused.reason.in_lang(lang) + "\n")
        return EXIT_REFUSED
    except ValueError:
        err.write(BAD_ADDRESS.in_lang(lang) + "\n")
        return EXIT_REFUSED
    steps = switch_on_first(answer.provider, lang)
    if args.output is None:
        out.write(body)
        out.flush()
    else:
        try:
            args.output.write_bytes(body)
        except OSError as exc:
            err.write(f"{args.output}: {exc.strerror or exc}\n")
            return EXIT_REFUSED
        err.write(HOW_TO[args.format].in_lang(lang).format(file=args.output) + "\n")
    if steps is not None:
        err.write(steps + "\n")
    return EXIT_OK


def export(setup: MailSetup, kind: str) -> bytes:
    return apple_profile(setup) if kind == "mobileconfig" else autoconfig_document(setup)


def _answer(target: str, offline: bool, services: Services) -> Answer:
    answer = services.engine.ask(target)
    if answer.intent is Intent.UNKNOWN_PROVIDER and not offline:
        from bot.adapters.discovery_runner import DiscoveryRunner  # network: only if needed

        with DiscoveryRunner(services) as runner:
            answer = runner.discover(answer)
    if answer.intent is Intent.AMBIGUOUS:
        names = " / ".join(p.name.en for p in answer.providers)
        names_zh = " / ".join(p.name.zh for p in answer.providers)
        raise ExportRefused(Text(f"Which one do you mean: {names}? Give the address or domain.",
                                 f"你指的是哪一个：{names_zh}？请给出邮箱地址或域名。"))
    return answer


BAD_ADDRESS = Text("That does not look like an e-mail address; check it and try again.",
                   "这看起来不像邮箱地址，请检查后重试。")
HOW_TO = {
    "autoconfig": Text("Wrote {file}: serve it as autoconfig, or open it with Thunderbird's "
                       "account set-up.", "已写入 {file}：可作为 autoconfig 提供，或在 "
                       "Thunderbird 的账户设置中使用。"),
    "mobileconfig": Text("Wrote {file}: open it on the iPhone, iPad or Mac, then install it "
                         "in Settings (Profile Downloaded).", "已写入 {file}：在 iPhone、iPad "
                         "或 Mac 上打开，然后在“设置”中（已下载描述文件）安装。"),
}

