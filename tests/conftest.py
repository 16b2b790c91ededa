"""Shared fixtures: one engine on the bundled knowledge base for the whole session."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import Engine
from bot.knowledge_base import KnowledgeBase, load_knowledge

REPO = Path(__file__).resolve().parent.parent
KNOWLEDGE = REPO / "knowledge"
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge(KNOWLEDGE, strict=True)


@pytest.fixture(scope="session")
def engine(kb: KnowledgeBase) -> Engine:
    return Engine(kb)
