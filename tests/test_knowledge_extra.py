"""`mailbot serve --knowledge-extra DIR`: an organisation's own domains and servers, asked
before the bundled knowledge; a mistake in its files stops the start, clearly."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from bot.engine import Engine
from bot.knowledge_base import KnowledgeBase, load_knowledge
from bot.knowledge_merge import merged
from tests.conftest import REPO
from tests.fake_bot_api import FakeBotApi, start_fake_bot_api, stop_fake_bot_api
from tests.test_autoconfig_server import ACME, ORG
from tests.test_serve_state import serving
from tests.test_telegram_bot import TOKEN, replies_to, until


def folder(tmp_path: Path, text: str, name: str = "acme.yaml") -> Path:
    root = tmp_path / "org-knowledge"
    (root / "providers").mkdir(parents=True, exist_ok=True)
    (root / "providers" / name).write_text(text, encoding="utf-8")
    return root


def test_the_extra_folder_wins_for_its_domains_and_ids(kb: KnowledgeBase,
                                                        tmp_path: Path) -> None:
    claims_qq = ACME.replace(f"domains: [{ORG}]", f"domains: [{ORG}, qq.com]")
    extra = load_knowledge(folder(tmp_path / "a", claims_qq), strict=True, use_cache=False)
    both = merged(extra, kb)
    assert both.provider_for_domain(ORG).id == "acme"  # type: ignore[union-attr]
    assert both.provider_for_domain("qq.com").id == "acme"  # type: ignore[union-attr]
    assert both.provider_for_domain("foxmail.com").id == "qq-mail"  # type: ignore[union-attr]
    assert both.owner_of_host(f"imap.{ORG}").id == "acme"  # type: ignore[union-attr]
    assert len(both.providers) == len(kb.providers) + 1
    # The same id: the bundled provider is replaced entirely, its other domains too.
    own_qq = ACME.replace("id: acme", "id: qq-mail").replace(f"domains: [{ORG}]",
                                                             "domains: [qq.com]")
    extra = load_knowledge(folder(tmp_path / "b", own_qq, "qq-mail.yaml"), strict=True,
                           use_cache=False)
    both = merged(extra, kb)
    assert both.providers["qq-mail"] is extra.providers["qq-mail"]
    assert both.provider_for_domain("foxmail.com") is None
    assert kb.providers["qq-mail"] not in both.by_host.get("smtp.qq.com", [])
    hosts = {s.host for s in Engine(both).ask("smtp server for bob@qq.com").servers}
    assert f"smtp.{ORG}" in hosts and "smtp.qq.com" not in hosts


async def test_serve_answers_a_domain_only_the_extra_folder_knows(tmp_path: Path) -> None:
    extra = folder(tmp_path, ACME)
    api = start_fake_bot_api(FakeBotApi(TOKEN))
    try:
        async with serving(api, tmp_path, args=("--knowledge-extra", str(extra)),
                           MAILBOT_ISPDB_URL=""):
            api.push_message(f"imap settings for bob@{ORG}?", user_id=61)
            await until(lambda: len(replies_to(api, 61)) == 1, timeout=30)
    finally:
        stop_fake_bot_api(api)
    text = str(replies_to(api, 61)[0].params["text"])
    assert f"imap.{ORG}" in text and "993" in text


async def test_an_extra_file_with_a_problem_stops_serve_clearly(tmp_path: Path) -> None:
    extra = folder(tmp_path, ACME.replace("port: 993", "port: lots"))
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN,
           "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/bot", "MAILBOT_DATA_DIR": str(tmp_path)}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "serve", "--knowledge-extra", str(extra), cwd=REPO,
        env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    _, err = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 2
    message = err.decode()
    assert "extra knowledge folder" in message and "acme.yaml" in message
    assert "port" in message
