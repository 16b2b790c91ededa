"""What to switch on at the provider before an exported file can work (issue 14).

A provider in ``preparation`` status (QQ Mail, 163, …) answers a mail app only after the
person turns IMAP/SMTP on in its web settings, and often makes an authorization code there:
no file can do that. ``mailbot export`` prints these steps beside the file on stderr; Telegram
puts them in the file's caption, or in a message after it when the caption would be too long.
"""

from __future__ import annotations

from bot.models import Lang, Provider, ProviderStatus, Text

BEFORE = Text("Before this file works, switch this on at {name} (the file cannot do it):",
              "使用此文件前，请先在{name}完成以下设置（文件无法代替这一步）：")
UNVERIFIED_STEPS = Text("(unverified: no official page states these steps)",
                        "（未经核实：没有官方页面说明这些步骤）")


def switch_on_first(provider: Provider | None, lang: Lang) -> str | None:
    """The numbered steps to take at ``provider`` before its file can work; None when there
    are none (it is not in ``preparation`` status, or the knowledge has no steps)."""
    if (provider is None or provider.status is not ProviderStatus.PREPARATION
            or provider.enable is None):
        return None
    lines = [BEFORE.in_lang(lang).format(name=provider.name.in_lang(lang))]
    lines += [f"{number}. {step}"
              for number, step in enumerate(provider.enable.in_lang(lang), start=1)]
    if provider.enable.unverified:
        lines.append(UNVERIFIED_STEPS.in_lang(lang))
    return "\n".join(lines)
