"""Telegram's flood limits shared by replicas (issue 13): two bots on one real redis-server,
each behind its own fake Bot API (as two replicas behind one load balancer), answer in one
group. Together they keep the group's limit, a 429 one of them sees pauses that group for
the other, other chats are not held up, and a Redis that goes away does not stop sending."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.state.redis_store import RedisStore
from tests.fake_bot_api import (
    BOT_USERNAME,
    FakeBotApi,
    Sent,
    start_fake_bot_api,
    stop_fake_bot_api,
)
from tests.mail_servers import Certificates
from tests.redis_server import redis_binary, run_redis
from tests.test_telegram_bot import TOKEN, _running_bot, mention, replies_to, until

pytestmark = pytest.mark.skipif(redis_binary() is None,
                                reason="redis-server is not installed (.ci/run installs it)")
GROUP = -100777
LIMIT, WINDOW = 4, 3.0  # a group's messages per window, small for the test (Telegram: 20/60 s)


@pytest.fixture()
def redis_url(tmp_path: Path) -> Iterator[str]:
    with run_redis(tmp_path) as url:
        yield url


@asynccontextmanager
async def two_replicas(engine: Engine, certs: Certificates, redis_url: str,
                       messages_per_second: float = 30.0,
                       ) -> AsyncIterator[tuple[FakeBotApi, FakeBotApi]]:
    apis = (start_fake_bot_api(FakeBotApi(TOKEN)), start_fake_bot_api(FakeBotApi(TOKEN)))
    try:
        async with AsyncExitStack() as stack:
            for api in apis:
                store = await RedisStore.open(redis_url)
                stack.push_async_callback(store.close)
                await stack.enter_async_context(_running_bot(
                    engine, certs, messages_per_second, api=api, store=store,
                    group_messages=LIMIT, group_seconds=WINDOW))
            yield apis
    finally:
        for api in apis:
            stop_fake_bot_api(api)


def ask_in_group(api: FakeBotApi, user: int, chat: int = GROUP) -> None:
    text = f"@{BOT_USERNAME} qq smtp server?"
    api.push_message(text, user_id=user, chat_id=chat, chat_type="supergroup",
                     entities=mention(text))


def into(chat: int, *apis: FakeBotApi) -> list[Sent]:
    """Every request that reached Telegram for ``chat``, from any replica, in time order."""
    sent = [s for api in apis for s in api.sent()
            if "!" not in s.method and str(s.params.get("chat_id")) == str(chat)]
    return sorted(sent, key=lambda s: s.at)


async def test_two_replicas_together_keep_a_groups_limit(
        engine: Engine, certs: Certificates, redis_url: str) -> None:
    async with two_replicas(engine, certs, redis_url) as (one, other):
        for user in range(5):
            ask_in_group(one, 100 + user)
            ask_in_group(other, 200 + user)
        await until(lambda: len(replies_to(one, GROUP)) + len(replies_to(other, GROUP)) == 10,
                    timeout=40)
    times = [s.at for s in into(GROUP, one, other)]
    # The window is counted when a send is allowed; it reaches the server some milliseconds
    # later, and not always equally late: a send may arrive that much early.
    jitter = 0.1
    for first, at in enumerate(times):
        in_window = [t for t in times[first:] if t - at < WINDOW - jitter]
        assert len(in_window) <= LIMIT, times
    assert times[-1] - times[0] >= 2 * WINDOW * 0.9  # 10 sends at 4 a window: 3 windows


async def test_two_replicas_together_keep_the_overall_limit(
        engine: Engine, certs: Certificates, redis_url: str) -> None:
    """Telegram's overall limit is the bot's, not each process's: two replicas answering
    private chats at once send no more than it a second between them."""
    per_second = 5
    async with two_replicas(engine, certs, redis_url, per_second) as (one, other):
        for user in range(10):
            one.push_message("qq smtp server?", user_id=500 + user)
            other.push_message("qq smtp server?", user_id=600 + user)
        await until(lambda: len(one.sent("sendMessage")) + len(other.sent("sendMessage"))
                    >= 20, timeout=30)
    times = sorted(s.at for api in (one, other) for s in api.sent("sendMessage"))
    jitter = 0.05  # counted when allowed, arriving a few milliseconds later
    for first, at in enumerate(times):
        assert len([t for t in times[first:] if t - at < 1.0 - jitter]) <= per_second, times


async def test_a_429_seen_by_one_replica_pauses_that_group_in_the_other(
        engine: Engine, certs: Certificates, redis_url: str) -> None:
    async with two_replicas(engine, certs, redis_url) as (one, other):
        one.fail_next("sendMessage", 429, {"ok": False, "error_code": 429,
                                           "description": "Too Many Requests: retry after 3",
                                           "parameters": {"retry_after": 3}})
        ask_in_group(one, 301)
        await until(lambda: bool(one.sent("sendMessage!429")), timeout=10)
        flooded = time.monotonic()
        ask_in_group(other, 302)
        other.push_message("qq smtp server?", user_id=303)  # another chat
        ask_in_group(other, 304, chat=GROUP - 1)  # and another group
        await until(lambda: bool(replies_to(other, 303) and replies_to(other, GROUP - 1)),
                    timeout=10)
        assert time.monotonic() - flooded < 2.0  # not held up by the flooded group
        assert not replies_to(other, GROUP)
        await until(lambda: bool(replies_to(other, GROUP) and replies_to(one, GROUP)),
                    timeout=15)
    assert replies_to(other, GROUP)[0].at - flooded >= 2.5  # waited out the other's 429


async def test_a_redis_that_goes_away_does_not_stop_sending(
        engine: Engine, certs: Certificates, tmp_path: Path) -> None:
    api = start_fake_bot_api(FakeBotApi(TOKEN))
    try:
        with run_redis(tmp_path) as url:
            store = await RedisStore.open(url)
        try:
            async with _running_bot(engine, certs, api=api, store=store,
                                    group_messages=LIMIT, group_seconds=WINDOW):
                for user in range(3):
                    ask_in_group(api, 400 + user)
                await until(lambda: len(replies_to(api, GROUP)) == 3, timeout=20)
        finally:
            await asyncio.wait_for(store.close(), 10)
    finally:
        stop_fake_bot_api(api)
