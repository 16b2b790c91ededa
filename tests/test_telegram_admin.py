"""A group's admin tools and stored settings, end to end: the real python-telegram-bot loop,
the fake Bot API (which answers getChatMember from its ``admins``), and a real SQLite file."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.state.records import ChatRecord
from bot.state.sqlite_store import SqliteStore
from bot.state.store import StateStore, person_key
from tests.fake_bot_api import BOT_ID, BOT_USERNAME
from tests.mail_servers import Certificates
from tests.test_telegram_bot import Running, _running_bot, mention, replies_to, until

GROUP = -100777
ADMIN = 7  # in the fake Bot API's ``admins``
MEMBER = 8


@pytest.fixture()
async def store(tmp_path: Path) -> AsyncIterator[StateStore]:
    opened = await SqliteStore.open(tmp_path / "state.sqlite3")
    yield opened
    await opened.close()


@pytest.fixture()
async def bot(engine: Engine, certs: Certificates,
              store: StateStore) -> AsyncIterator[Running]:
    async with _running_bot(engine, certs, store=store) as running:
        yield running


def say(running: Running, text: str, user: int = ADMIN, **extra: object) -> None:
    running.api.push_message(text, user_id=user, chat_id=GROUP, chat_type="supergroup",
                             **extra)  # type: ignore[arg-type]


async def next_reply(running: Running, count: int) -> str:
    await until(lambda: len(replies_to(running.api, GROUP)) >= count)
    return str(replies_to(running.api, GROUP)[count - 1].params["text"])


async def test_faq_add_list_remove_and_answer_before_the_knowledge_base(
        bot: Running, store: StateStore) -> None:
    say(bot, "/faq add company mail = Our mail is on Tencent Exmail: use your @acme.cn address")
    assert "1" in await next_reply(bot, 1)
    say(bot, "/faq add 公司邮箱 = 用 @acme.cn 结尾的地址登录腾讯企业邮")
    assert "2" in await next_reply(bot, 2)
    say(bot, "/faq list")
    listing = await next_reply(bot, 3)
    assert "1. company mail" in listing and "2. 公司邮箱" in listing
    # Matched fuzzily (a typo, another case), and in Traditional script for a Chinese trigger.
    say(bot, f"@{BOT_USERNAME} how do I set up the Compnay Mail?", user=MEMBER,
        entities=mention(f"@{BOT_USERNAME} how do I set up the Compnay Mail?"))
    assert "Tencent Exmail" in await next_reply(bot, 4)
    say(bot, f"@{BOT_USERNAME} 公司郵箱怎麼設置", user=MEMBER,
        entities=mention(f"@{BOT_USERNAME} 公司郵箱怎麼設置"))
    assert "腾讯企业邮" in await next_reply(bot, 5)
    say(bot, "/faq remove 1")
    assert "removed" in await next_reply(bot, 6)
    say(bot, "/faq remove 9")
    assert "no entry 9" in await next_reply(bot, 7)
    say(bot, "/faq add no equals sign here")
    assert "Usage" in await next_reply(bot, 8)
    assert [entry.trigger for entry in await store.faq(GROUP)] == ["公司邮箱"]


async def test_a_member_is_refused_every_admin_command(bot: Running,
                                                       store: StateStore) -> None:
    commands = ["/faq add x = y", "/faq list", "/stats", "/unanswered", "/quiet on",
                "/autoanswer on", "/lang zh"]
    for count, command in enumerate(commands, start=1):
        say(bot, command, user=MEMBER)
        assert "Only group admins" in await next_reply(bot, count)
    assert await store.faq(GROUP) == []
    record = await store.get_chat(GROUP)
    assert (record.lang, record.auto_answer, record.quiet) == (None, False, False)
    # One getChatMember for the member: the status is cached.
    assert len(bot.api.requests_seen and [p for p in bot.api.requests_seen
                                          if p.endswith("/getChatMember")]) == 1


async def test_settings_are_written_when_they_change(bot: Running, store: StateStore) -> None:
    say(bot, "/lang zh")
    await next_reply(bot, 1)
    say(bot, "/autoanswer on")
    await next_reply(bot, 2)
    say(bot, "/quiet on")
    assert "安静模式已开启" in await next_reply(bot, 3)
    record = await store.get_chat(GROUP)
    assert (record.lang, record.auto_answer, record.quiet) == ("zh", True, True)
    # Quiet: a mention is not answered, a reply to the bot is.
    say(bot, f"@{BOT_USERNAME} qq smtp", user=MEMBER,
        entities=mention(f"@{BOT_USERNAME} qq smtp"))
    reply_to = {"message_id": 5, "date": 0, "text": "…", "chat": {"id": GROUP,
                "type": "supergroup"}, "from": {"id": BOT_ID, "is_bot": True,
                                                "first_name": "Mailbot"}}
    say(bot, "gmail imap", user=MEMBER, reply_to=reply_to)
    assert "imap.gmail.com" in await next_reply(bot, 4)
    assert len(replies_to(bot.api, GROUP)) == 4


async def test_stats_unanswered_and_forget(bot: Running, store: StateStore) -> None:
    secret_question = (f"@{BOT_USERNAME} my mail server for zzz-unknown-corp.example login "
                       "fails, password=Hunter2secret")
    say(bot, secret_question, user=MEMBER, entities=mention(secret_question))
    await next_reply(bot, 1)
    say(bot, f"@{BOT_USERNAME} qq smtp", user=MEMBER,
        entities=mention(f"@{BOT_USERNAME} qq smtp"))
    await next_reply(bot, 2)
    say(bot, "/stats")
    stats = await next_reply(bot, 3)
    assert "Last 7 days: 1 answered, 1 not answered" in stats
    assert "qq-mail 1" in stats
    say(bot, "/unanswered")
    unanswered = await next_reply(bot, 4)
    assert "zzz-unknown-corp.example" in unanswered
    assert "Hunter2secret" not in unanswered and str(MEMBER) not in unanswered
    bot.api.push_message("/forget", user_id=MEMBER)
    await until(lambda: bool(replies_to(bot.api, MEMBER)))
    assert "deleted 2 records" in str(replies_to(bot.api, MEMBER)[0].params["text"])
    assert await store.unanswered(GROUP, 10) == []
    assert await store.forget(await person_key(store, MEMBER)) == 0


async def test_admin_commands_in_a_private_chat_say_where_they_work(bot: Running) -> None:
    bot.api.push_message("/stats", user_id=ADMIN)
    await until(lambda: bool(replies_to(bot.api, ADMIN)))
    assert "works in groups" in str(replies_to(bot.api, ADMIN)[0].params["text"])


async def test_each_answer_logs_one_line_without_text(bot: Running,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="bot.answers")
    bot.api.push_message("qq smtp? my password=Hunter2secret", user_id=4321)
    await until(lambda: bool(replies_to(bot.api, 4321)))
    await until(lambda: any("answer chat=" in r.getMessage() for r in caplog.records))
    (line,) = [r.getMessage() for r in caplog.records if "answer chat=" in r.getMessage()]
    assert "chat=private intent=settings provider=qq-mail" in line and "latency_ms=" in line
    assert "Hunter2secret" not in line and "4321" not in line and "smtp?" not in line


async def test_a_store_that_is_down_does_not_stop_answers(
        engine: Engine, certs: Certificates, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    broken = await SqliteStore.open(tmp_path / "gone.sqlite3")
    await broken.close()  # every call now fails
    async with _running_bot(engine, certs, store=broken) as running:
        say(running, "/lang zh")
        assert "无法保存" in await next_reply(running, 1)  # "could not save"
        say(running, f"@{BOT_USERNAME} qq smtp", user=MEMBER,
            entities=mention(f"@{BOT_USERNAME} qq smtp"))
        answer = await next_reply(running, 2)
    assert "smtp.qq.com" in answer and "端口" in answer  # answered, in the language just set
    outages = [r for r in caplog.records if "state store unavailable" in r.getMessage()]
    assert len(outages) == 1  # one clear line, not one per call


async def test_a_full_disk_loses_no_acknowledged_setting(bot: Running,
                                                         store: StateStore) -> None:
    """The state file cannot grow (SQLite's own "database or disk is full", as on a full
    disk): a setting made before stays, and one made now is not confirmed as kept."""
    assert isinstance(store, SqliteStore)
    say(bot, "/lang zh")
    await next_reply(bot, 1)
    (pages,) = store._db.execute("PRAGMA page_count").fetchone()
    store._db.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full from here on
    other = GROUP - 1_000  # a chat with no row yet: its setting needs room the file lacks
    refused = 0
    for i in range(1, 500):  # fill the room left around it, on both sides
        for neighbour in (other - i, other + i):
            try:
                await store.put_chat(neighbour, ChatRecord(lang="en", auto_answer=True))
            except sqlite3.OperationalError as exc:
                assert "full" in str(exc)
                refused += 1
        if refused >= 20:
            break
    assert refused >= 20
    bot.api.push_message("/quiet on", user_id=ADMIN, chat_id=other, chat_type="supergroup")
    await until(lambda: bool(replies_to(bot.api, other)))
    reply = str(replies_to(bot.api, other)[0].params["text"])
    assert "may be lost" in reply  # not confirmed as kept
    assert (await store.get_chat(GROUP)).lang == "zh"  # the acknowledged one stayed
