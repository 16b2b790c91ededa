"""What to switch on first beside an exported file (issue 14): a provider in `preparation`
status needs IMAP/SMTP (and often an authorization code) turned on in its web settings, which
no file can do. `mailbot export` says so on stderr; Telegram in the caption or after it."""

from __future__ import annotations

import subprocess
import sys

import pytest
from telegram.constants import MessageLimit

from bot.adapters.telegram_ui.setup_files import caption_and_after
from bot.exports.switch_on_first import switch_on_first
from bot.knowledge_base import KnowledgeBase
from bot.models import Lang, ProviderStatus
from tests.conftest import REPO
from tests.test_telegram_bot import Running, press, replies_to, until
from tests.test_telegram_setup_files import documents_to


def test_every_provider_in_preparation_has_steps_and_no_other_gets_them(
        kb: KnowledgeBase) -> None:
    for provider in kb.providers.values():
        for lang in Lang:
            steps = switch_on_first(provider, lang)
            if provider.status is ProviderStatus.PREPARATION:
                assert steps is not None and provider.enable is not None
                assert steps.splitlines()[1] == "1. " + provider.enable.in_lang(lang)[0]
                assert provider.name.in_lang(lang) in steps.splitlines()[0]
            else:
                assert steps is None, provider.id


@pytest.mark.parametrize(("args", "lang_word"), [
    (["--format", "mobileconfig", "zhang@qq.com"], "Settings"),
    (["--format", "autoconfig", "--lang", "zh", "qq"], "授权码"),
])
def test_the_cli_prints_the_steps_beside_the_file(args: list[str], lang_word: str) -> None:
    done = subprocess.run([sys.executable, "-m", "bot", "export", "--offline", *args],
                          capture_output=True, timeout=60, cwd=REPO, check=False)
    assert done.returncode == 0 and done.stdout.startswith(b"<?xml")
    errors = done.stderr.decode()
    assert "mail.qq.com" in errors and "1. " in errors and lang_word in errors
    assert "1. " not in done.stdout.decode()  # the steps are not in the file


def test_steps_that_do_not_fit_the_caption_follow_it() -> None:
    how_to = "Open this file <b>now</b>."
    short = "Before: 1. Turn <IMAP> on."
    caption, after = caption_and_after(how_to, short)
    assert after is None and caption == f"{how_to}\n\nBefore: 1. Turn &lt;IMAP&gt; on."
    long = "Before:\n" + "\n".join(f"{n}. step " + "x" * 100 for n in range(1, 11))
    caption, after = caption_and_after(how_to, long)
    assert caption == how_to and after == long
    assert caption_and_after(how_to, None) == (how_to, None)
    assert len(caption_and_after(how_to, "y" * (MessageLimit.CAPTION_LENGTH - 40))[0]) <= (
        MessageLimit.CAPTION_LENGTH)


async def test_the_telegram_file_says_what_to_switch_on(running: Running) -> None:
    api = running.api
    api.push_message("qq邮箱 imap", user_id=311)
    await until(lambda: bool(replies_to(api, 311)))
    press(api, replies_to(api, 311)[-1], "Thunderbird 配置文件", user_id=311)
    await until(lambda: bool(documents_to(running, 311)))
    caption = documents_to(running, 311)[0].params["caption"]
    assert "请先在QQ邮箱" in caption and "1. 登录网页版 QQ 邮箱" in caption and "授权码" in caption
    assert len(caption) <= MessageLimit.CAPTION_LENGTH
