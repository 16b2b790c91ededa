"""Shared fixtures: one engine on the bundled knowledge base for the whole session, test
certificates, and the Telegram bot running against the fake Bot API."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bot.engine import Engine
from bot.knowledge_base import KnowledgeBase, load_knowledge
from tests.mail_servers import Certificates, make_certificates

if TYPE_CHECKING:
    from tests.test_telegram_bot import Running

REPO = Path(__file__).resolve().parent.parent
KNOWLEDGE = REPO / "knowledge"
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never read or write the user's real knowledge cache."""
    os.environ["MAILBOT_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(autouse=True)
def private_state(tmp_path_factory: pytest.TempPathFactory,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test's `mailbot serve` and `mailbot stats` keep their state in a folder of its
    own, never the user's, and no test replays another's journal."""
    monkeypatch.setenv("MAILBOT_DATA_DIR", str(tmp_path_factory.mktemp("state")))
    monkeypatch.delenv("MAILBOT_STATE_URL", raising=False)


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge(KNOWLEDGE, strict=True)


@pytest.fixture(scope="session")
def engine(kb: KnowledgeBase) -> Engine:
    return Engine(kb)


@pytest.fixture(scope="session")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    """A test CA and certificates for the local mail servers (trustme)."""
    return make_certificates(tmp_path_factory.mktemp("certs"))


@pytest.fixture()
async def running(engine: Engine, certs: Certificates) -> AsyncIterator[Running]:
    """The real python-telegram-bot loop against a fresh fake Bot API."""
    from tests.test_telegram_bot import _running_bot

    async with _running_bot(engine, certs) as bot:
        yield bot
