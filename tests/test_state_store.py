"""The state store (issue 13), the same tests for both backends: a real SQLite file and a
real redis-server on loopback."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.state.records import AnswerEvent, ChatRecord
from bot.state.sqlite_store import SchemaTooNew, SqliteStore
from bot.state.store import MAX_FAQ_PER_CHAT, Resilient, StateStore, person_key
from tests.conftest import REPO
from tests.redis_server import redis_binary, run_redis

needs_redis = pytest.mark.skipif(redis_binary() is None,
                                 reason="redis-server is not installed (apt-get install "
                                        "redis-server)")


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if redis_binary() is None:
        pytest.skip("redis-server is not installed")
    with run_redis(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("redis", marks=needs_redis)])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[StateStore]:
    opened: StateStore
    if request.param == "sqlite":
        opened = await SqliteStore.open(tmp_path / "state.sqlite3")
    else:
        from bot.state.redis_store import RedisStore

        url = request.getfixturevalue("redis_url")
        cleaner = await RedisStore.open(url)
        await cleaner._redis.flushdb()  # each test starts from an empty database
        await cleaner.close()
        opened = await RedisStore.open(url)
    yield opened
    await opened.close()


async def test_chat_settings_round_trip(store: StateStore) -> None:
    assert await store.get_chat(-100) == ChatRecord()
    await store.put_chat(-100, ChatRecord(lang="zh", auto_answer=True, quiet=True))
    await store.put_chat(42, ChatRecord(lang="en"))
    assert await store.get_chat(-100) == ChatRecord(lang="zh", auto_answer=True, quiet=True)
    assert await store.get_chat(42) == ChatRecord(lang="en")
    await store.put_chat(-100, ChatRecord(lang=None, auto_answer=False))
    assert await store.get_chat(-100) == ChatRecord()


async def test_a_groups_own_answers(store: StateStore) -> None:
    first = await store.add_faq(-7, "公司邮箱", "我们用腾讯企业邮箱，地址以 @acme.cn 结尾。")
    second = await store.add_faq(-7, "vpn mail", "Use the address ending in @acme.cn.")
    assert first is not None and second is not None
    assert (first.number, second.number) == (1, 2)
    assert [e.trigger for e in await store.faq(-7)] == ["公司邮箱", "vpn mail"]
    assert await store.faq(-8) == []  # another group's list is its own
    assert await store.remove_faq(-7, 1) is True
    assert await store.remove_faq(-7, 1) is False
    third = await store.add_faq(-7, "x", "y")
    assert third is not None and third.number == 3  # numbers are never reused
    assert await store.add_faq(-7, "  ", "empty trigger") is None
    assert await store.add_faq(-7, "t", "a" * 5000) is None


async def test_faq_is_bounded_per_group(store: StateStore) -> None:
    for i in range(MAX_FAQ_PER_CHAT):
        assert await store.add_faq(-9, f"t{i}", "a") is not None
    assert await store.add_faq(-9, "one more", "a") is None
    assert len(await store.faq(-9)) == MAX_FAQ_PER_CHAT


def event(at: float, *, chat: int = -5, person: str = "p1", answered: bool = True,
          provider: str | None = "qq-mail", codes: tuple[str, ...] = (),
          question: str | None = None) -> AnswerEvent:
    return AnswerEvent(at=at, chat=chat, person=person, chat_kind="group", answered=answered,
                       intent="settings" if answered else "unknown_provider",
                       provider=provider, codes=codes, question=question)


async def test_statistics_unanswered_forget_and_retention(store: StateStore) -> None:
    now = time.time()
    await store.record_answer(event(now - 40 * 86400, provider="gmail"))  # past retention
    await store.record_answer(event(now - 3 * 86400, codes=("auth-code-required",)))
    await store.record_answer(event(now - 2 * 86400, codes=("auth-code-required",)))
    await store.record_answer(event(now - 100, provider="netease-163"))
    await store.record_answer(event(now - 50, answered=False, provider=None, person="p2",
                                    question="how do I set up mail.acme.invalid?"))
    await store.record_answer(event(now - 10, chat=-6, provider="gmail"))
    week = await store.stats(-5, now - 7 * 86400)
    assert (week.answered, week.unanswered) == (3, 1)
    assert week.top_providers[0] == ("qq-mail", 2)
    assert week.top_codes == (("auth-code-required", 2),)
    everywhere = await store.stats(None, now - 7 * 86400)
    assert everywhere.answered == 4
    (missed,) = await store.unanswered(-5, 10)
    assert missed.question == "how do I set up mail.acme.invalid?" and missed.person == "p2"
    assert await store.forget("p2") == 1
    assert await store.unanswered(-5, 10) == []
    assert await store.purge(now - 30 * 86400) == 1
    assert (await store.stats(-5, 0)).answered == 3


async def test_an_answered_question_keeps_no_text(store: StateStore) -> None:
    await store.record_answer(event(time.time(), question="my secret-ish words"))
    assert await store.unanswered(-5, 10) == []
    if isinstance(store, SqliteStore):
        rows = store._db.execute("SELECT question FROM events").fetchall()
        assert rows == [(None,)]


async def test_the_update_journal(store: StateStore) -> None:
    await store.journal(11, b'{"update_id": 11}')
    await store.journal(12, b'{"update_id": 12}')
    await store.journal(11, b"again")  # a redelivery does not replace the first copy
    await store.answered(12)
    (left,) = await store.pending()
    assert (left.update_id, left.body) == (11, b'{"update_id": 11}')


async def test_values_expire(store: StateStore) -> None:
    await store.put_value("context:42", '{"provider": "qq-mail"}', ttl=0.3)
    assert await store.get_value("context:42") == '{"provider": "qq-mail"}'
    await asyncio.sleep(0.4)
    assert await store.get_value("context:42") is None


async def test_a_shared_sliding_window(store: StateStore) -> None:
    assert [await store.allow("probe:user:1", 3, 0.5) for _ in range(5)] == [
        True, True, True, False, False]
    assert await store.allow("probe:user:2", 3, 0.5) is True  # keys are separate
    await asyncio.sleep(0.6)
    assert await store.allow("probe:user:1", 3, 0.5) is True


async def test_person_keys_are_stable_and_hide_the_id(store: StateStore) -> None:
    key = await person_key(store, 123456789)
    assert key == await person_key(store, 123456789) != await person_key(store, 123456780)
    assert "123456789" not in key


@needs_redis
async def test_two_replicas_share_one_redis(redis_url: str) -> None:
    from bot.state.redis_store import RedisStore

    one, two = await RedisStore.open(redis_url), await RedisStore.open(redis_url)
    try:
        await one.put_chat(-77, ChatRecord(lang="zh", quiet=True))
        assert await two.get_chat(-77) == ChatRecord(lang="zh", quiet=True)
        results = await asyncio.gather(*(store.allow("flood:-77", 5, 10.0)
                                         for store in (one, two) * 6))
        assert results.count(True) == 5  # the last slot is taken once, whichever asks
    finally:
        await one.close()
        await two.close()


async def test_settings_survive_a_kill_mid_burst(tmp_path: Path) -> None:
    """Every setting whose write returned (and so was acknowledged) is there after kill -9."""
    path = tmp_path / "state.sqlite3"
    writer = f"""
import asyncio, sys
sys.path.insert(0, {str(REPO)!r})
from bot.state.records import ChatRecord
from bot.state.sqlite_store import SqliteStore

async def main():
    store = await SqliteStore.open(__import__("pathlib").Path({str(path)!r}))
    for chat in range(100000):
        await store.put_chat(-chat, ChatRecord(lang="zh", auto_answer=chat % 2 == 0))
        print(chat, flush=True)

asyncio.run(main())
"""
    process = subprocess.Popen([sys.executable, "-c", writer], stdout=subprocess.PIPE)
    assert process.stdout is not None
    acknowledged = -1
    while acknowledged < 200:
        acknowledged = int(process.stdout.readline())
    process.kill()  # SIGKILL: no clean-up, no flush
    process.wait()
    acknowledged = max([acknowledged, *map(int, process.stdout.read().split())])
    process.stdout.close()
    store = await SqliteStore.open(path)
    try:
        for chat in range(acknowledged + 1):
            assert await store.get_chat(-chat) == ChatRecord(lang="zh",
                                                             auto_answer=chat % 2 == 0)
    finally:
        await store.close()


async def test_a_newer_schema_is_refused_not_damaged(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    await (await SqliteStore.open(path)).close()  # creates the file at the current version
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(SchemaTooNew, match="upgrade mailbot"):
        await SqliteStore.open(path)


@needs_redis
async def test_a_store_that_goes_down_costs_one_log_line(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from bot.state.redis_store import RedisStore

    with run_redis(tmp_path) as url:
        store = await RedisStore.open(url)
        await store.put_chat(-1, ChatRecord(lang="zh"))
        resilient = Resilient(store)
        assert await resilient.call(lambda s: s.get_chat(-1), ChatRecord()) == ChatRecord(
            lang="zh")
    # the server is gone now
    with caplog.at_level(logging.ERROR):
        for _ in range(3):
            assert await resilient.call(lambda s: s.get_chat(-1), ChatRecord()) == ChatRecord()
    assert len([r for r in caplog.records if "state store unavailable" in r.message]) == 1
    await store.close()


async def test_the_stats_command_reads_the_same_store(tmp_path: Path) -> None:
    import json
    import os

    store = await SqliteStore.open(tmp_path / "state.sqlite3")
    now = time.time()
    for at, answered in ((now - 60, True), (now - 50, True), (now - 40, False),
                         (now - 20 * 86400, True)):
        await store.record_answer(event(at, answered=answered,
                                        provider="qq-mail" if answered else None))
    await store.close()
    env = {**os.environ, "MAILBOT_DATA_DIR": str(tmp_path)}
    env.pop("MAILBOT_STATE_URL", None)
    done = subprocess.run([sys.executable, "-m", "bot", "stats", "--json"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=60, check=True)
    figures = json.loads(done.stdout)
    assert figures["7d"] == {"answered": 2, "unanswered": 1,
                             "top_providers": {"qq-mail": 2}, "top_codes": {}}
    assert figures["30d"]["answered"] == 3


async def test_a_burst_queues_for_a_connection_instead_of_failing(store: StateStore) -> None:
    """500 answers at once: the Redis client's pool is bounded and makes callers wait (an
    unbounded one opened a connection per call until Redis refused them)."""
    records = await asyncio.gather(*(store.get_chat(-i) for i in range(500)))
    assert records == [ChatRecord()] * 500
