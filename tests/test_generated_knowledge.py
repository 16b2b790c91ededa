"""The provider files tools/import_ispdb.py generates: kept apart, and never wiser than ours."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.knowledge_base import GENERATED_PROVIDERS, KnowledgeBase, KnowledgeError, load_knowledge
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
