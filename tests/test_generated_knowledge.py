"""The provider files tools/import_ispdb.py generates: kept apart, and never wiser than ours."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.knowledge_base import GENERATED_PROVIDERS, KnowledgeBase, KnowledgeError, load_knowledge
from bot.models import LoginMethod
from bot.rendering.card_builder import build_card
from bot.rendering.plain_text import render_plain
from tests.conftest import KNOWLEDGE


@pytest.fixture()
def scratch(tmp_path: Path) -> Path:
    """One curated and one generated provider file, each in its own folder."""
    root = tmp_path / "knowledge"
    (root / GENERATED_PROVIDERS).mkdir(parents=True)
    shutil.copy(KNOWLEDGE / "providers" / "qq-mail.yaml", root / "providers")
    shutil.copy(KNOWLEDGE / GENERATED_PROVIDERS / "ispdb-tiki-ne-jp.yaml",
                root / GENERATED_PROVIDERS)
    return root


def test_curated_and_generated_files_load_from_their_folders(scratch: Path) -> None:
    kb = load_knowledge(scratch, use_cache=False)
    assert not kb.providers["qq-mail"].generated
    assert kb.providers["ispdb-tiki-ne-jp"].generated


@pytest.mark.parametrize(("name", "into", "says"), [
    ("ispdb-tiki-ne-jp.yaml", "providers", "only files in providers/generated/"),
    ("qq-mail.yaml", GENERATED_PROVIDERS, "generated: missing"),
])
def test_a_file_in_the_wrong_folder_is_refused(scratch: Path, name: str, into: str,
                                               says: str) -> None:
    for path in scratch.glob(f"providers/**/{name}"):
        shutil.move(path, scratch / into / name)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(scratch, use_cache=False)
    (problem,) = caught.value.problems
    assert name in str(problem) and says in str(problem)


def test_every_generated_file_is_in_its_folder(kb: KnowledgeBase) -> None:
    generated = {p.id for p in kb.providers.values() if p.generated}
    assert generated == {p.stem for p in (KNOWLEDGE / GENERATED_PROVIDERS).glob("*.yaml")}
    assert len(generated) > 100


def test_generated_files_sign_in_as_the_curated_file_with_the_same_servers(
        kb: KnowledgeBase) -> None:
    """The ISPDB says password-cleartext for Gmail's servers; Google refuses the normal
    password there. Where a generated file's servers all belong to one curated provider,
    that provider's sign-in methods are the ones that hold (issue 15)."""
    checked = 0
    for provider in (p for p in kb.providers.values() if p.generated):
        owners = {kb.owner_of_host(s.host) for s in provider.servers}
        (owner,) = owners if len(owners) == 1 else (None,)
        if owner is not None and not owner.generated:
            assert provider.login.methods == owner.login.methods, provider.id
            checked += 1
    assert checked >= 1


@pytest.mark.parametrize("question", [
    "google.com imap", "someone@google.com smtp", "aspmx.l.google.com",
    "jazztel.es smtp", "student@nyu.edu imap password",
])
def test_googles_servers_never_take_the_normal_password(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.servers and {s.host for s in answer.servers} <= {
        "imap.gmail.com", "pop.gmail.com", "smtp.gmail.com"}
    (provider,) = answer.providers
    assert LoginMethod.PASSWORD not in provider.login.methods
    assert LoginMethod.APP_PASSWORD in provider.login.methods
    text = render_plain(build_card(answer)).casefold()
    assert "normal password" not in text and "app password" in text


def test_googles_own_domain_is_curated(kb: KnowledgeBase) -> None:
    provider = kb.provider_for_domain("google.com")
    assert provider is not None and provider.id == "google-workspace"
