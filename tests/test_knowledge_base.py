"""The knowledge base: every bundled file is valid, indexes map back, and the loader is strict."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from bot.chinese_script import to_simplified
from bot.knowledge_base import KnowledgeBase, KnowledgeError, load_knowledge
from bot.models import ProviderStatus, SourceKind
from bot.understanding import normalize
from tests.conftest import KNOWLEDGE

REQUIRED_PROVIDERS = {
    "gmail", "google-workspace", "outlook", "microsoft-365", "yahoo", "aol", "icloud",
    "qq-mail", "tencent-exmail", "netease-163", "netease-126", "netease-yeah",
    "netease-vip163", "netease-188", "netease-enterprise", "china-mobile-139", "sina", "sohu",
    "aliyun-mail", "alibaba-enterprise-mail", "21cn", "china-telecom-189", "yandex", "mail-ru",
    "rambler", "gmx-de", "gmx-com", "web-de", "mail-com", "t-online", "zoho", "fastmail",
    "proton", "tuta", "hey", "naver", "daum-kakao", "yahoo-japan", "orange-fr", "free-fr",
    "libero", "seznam", "comcast-xfinity", "att", "rediffmail",
}


def test_bundled_knowledge_loads_strictly(kb: KnowledgeBase) -> None:
    assert len(kb.providers) >= 45
    assert len(kb.troubleshooting) >= 45
    assert set(kb.providers) >= REQUIRED_PROVIDERS


def test_every_provider_domain_maps_back(kb: KnowledgeBase) -> None:
    for provider in kb.providers.values():
        for domain in provider.domains:
            assert kb.provider_for_domain(domain) is provider, domain
            assert kb.provider_for_domain("sub." + domain) is provider, domain


def test_every_mx_pattern_maps_back(kb: KnowledgeBase) -> None:
    for provider in kb.providers.values():
        for pattern in provider.mx_patterns:
            host = pattern.replace("*", "mx1")
            assert kb.provider_for_mx(host) is provider, pattern


def test_every_provider_has_sources_and_help(kb: KnowledgeBase) -> None:
    for provider in kb.providers.values():
        assert provider.sources, provider.id
        kinds = {s.kind for s in provider.sources}
        assert kinds & {SourceKind.OFFICIAL, SourceKind.CLIENT_DATABASE} or all(
            s.unverified for s in provider.servers), provider.id


def test_no_client_access_providers_say_so(kb: KnowledgeBase) -> None:
    for pid in ("tuta", "hey"):
        provider = kb.providers[pid]
        assert provider.status is ProviderStatus.NO_CLIENT_ACCESS
        assert provider.servers == ()


def test_proton_goes_through_bridge_on_loopback(kb: KnowledgeBase) -> None:
    proton = kb.providers["proton"]
    assert {(s.host, s.port) for s in proton.servers} >= {("127.0.0.1", 1143),
                                                           ("127.0.0.1", 1025)}


def test_known_false_facts_are_absent(kb: KnowledgeBase) -> None:
    """The article mailbot replaces got these wrong; make sure they never creep in."""
    outlook_smtp = {(s.host, s.port) for s in kb.providers["outlook"].servers
                    if s.protocol.value == "smtp"}
    assert ("exchange.microsoft.com", 993) not in outlook_smtp
    assert all(s.port != 943 for s in kb.providers["gmail"].servers)


def test_troubleshooting_examples_match_their_own_entry(kb: KnowledgeBase) -> None:
    """Like thefuck's rule tests: each real error text is recognised by its entry."""
    for entry in kb.troubleshooting.values():
        patterns = [re.compile(p) for p in entry.match]
        for example in entry.examples:
            text = normalize(example)
            assert any(p.search(text) for p in patterns), (entry.id, example)
        for near_miss in entry.not_examples:
            text = normalize(near_miss)
            assert not any(p.search(text) for p in patterns), (entry.id, near_miss)


@pytest.fixture()
def scratch(tmp_path: Path) -> Path:
    """A copy of a few real files to break in different ways."""
    root = tmp_path / "knowledge"
    (root / "providers").mkdir(parents=True)
    (root / "troubleshooting").mkdir()
    for pid in ("gmail", "qq-mail"):
        shutil.copy(KNOWLEDGE / "providers" / f"{pid}.yaml", root / "providers")
    shutil.copy(KNOWLEDGE / "troubleshooting" / "relay-access-denied.yaml",
                root / "troubleshooting")
    return root


def problems_of(root: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(root, strict=True)
    return [str(p) for p in caught.value.problems]


def test_scratch_copy_is_valid(scratch: Path) -> None:
    kb = load_knowledge(scratch, strict=True)
    assert set(kb.providers) == {"gmail", "qq-mail"}


def test_broken_yaml_names_file_and_line(scratch: Path) -> None:
    path = scratch / "providers" / "gmail.yaml"
    lines = path.read_text().splitlines()
    lines.insert(3, "  bad: [unclosed")
    path.write_text("\n".join(lines))
    (problem,) = problems_of(scratch)
    assert "gmail.yaml:" in problem and "YAML error" in problem


def test_unknown_key_names_key_path_and_line(scratch: Path) -> None:
    path = scratch / "providers" / "gmail.yaml"
    text = path.read_text().replace("servers:\n", "servers:\n  - protocol: imap\n"
                                    "    host: imap.gmail.com\n    port: 993\n"
                                    "    security: ssl\n    colour: blue\n", 1)
    path.write_text(text)
    (problem,) = problems_of(scratch)
    line = text.splitlines().index("    colour: blue") + 1
    assert f"gmail.yaml:{line}: servers[0].colour: unknown key" in problem


def test_wrong_type_and_missing_field(scratch: Path) -> None:
    path = scratch / "providers" / "qq-mail.yaml"
    text = re.sub(r"port: 993", "port: nine-nine-three", path.read_text(), count=1)
    text = re.sub(r"(?m)^kind: .*\n", "", text)
    path.write_text(text)
    found = "\n".join(problems_of(scratch))
    assert re.search(r"qq-mail\.yaml:\d+: servers\[\d+\]\.port: expected a whole number", found)
    assert "qq-mail.yaml" in found and "kind: missing" in found


def test_duplicate_domain_is_rejected(scratch: Path) -> None:
    copy = (scratch / "providers" / "gmail.yaml").read_text().replace("id: gmail", "id: gmail2")
    (scratch / "providers" / "gmail2.yaml").write_text(copy)
    found = "\n".join(problems_of(scratch))
    assert "gmail2.yaml" in found and "already claimed by provider 'gmail'" in found


def test_id_must_equal_file_name(scratch: Path) -> None:
    shutil.move(scratch / "providers" / "gmail.yaml", scratch / "providers" / "google.yaml")
    found = "\n".join(problems_of(scratch))
    assert "google.yaml" in found and "must equal the file name 'google'" in found


def test_troubleshooting_naming_unknown_provider(scratch: Path) -> None:
    path = scratch / "troubleshooting" / "relay-access-denied.yaml"
    text = re.sub(r"(?m)^providers: .*$", "providers: [no-such-mail]", path.read_text())
    path.write_text(text)
    found = "\n".join(problems_of(scratch))
    assert "relay-access-denied.yaml" in found and "unknown provider 'no-such-mail'" in found


def test_lenient_load_skips_only_the_broken_file(scratch: Path) -> None:
    (scratch / "providers" / "qq-mail.yaml").write_text("id: [")
    kb = load_knowledge(scratch, strict=False)
    assert set(kb.providers) == {"gmail"}
    assert len(kb.problems) == 1 and "qq-mail.yaml" in str(kb.problems[0])


def test_bilingual_steps_must_have_equal_length(scratch: Path) -> None:
    path = scratch / "troubleshooting" / "relay-access-denied.yaml"
    doc = yaml.safe_load(path.read_text())
    doc["fix"]["en"].append("An extra step.")
    path.write_text(yaml.safe_dump(doc, allow_unicode=True))
    found = "\n".join(problems_of(scratch))
    assert "fix: en and zh must have the same number of steps" in found


def test_aliases_are_normalisable(kb: KnowledgeBase) -> None:
    for provider in kb.providers.values():
        for alias in provider.aliases:
            assert normalize(alias), (provider.id, alias)


def test_cache_is_used_and_invalidated_by_an_edit(scratch: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("MAILBOT_CACHE_DIR", str(cache))
    first = load_knowledge(scratch)
    (cached_file,) = cache.glob("knowledge-*.pickle")
    second = load_knowledge(scratch)
    assert second.providers == first.providers
    assert second is not first
    path = scratch / "providers" / "gmail.yaml"
    path.write_text(path.read_text().replace("name:", "aliases_extra: 1\nname:", 1))
    with pytest.raises(KnowledgeError):
        load_knowledge(scratch)
    assert len(list(cache.glob("knowledge-*.pickle"))) == 2
    assert cached_file.exists()


def test_cache_can_be_turned_off(scratch: Path, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAILBOT_CACHE_DIR", "")
    assert load_knowledge(scratch).providers
    assert not list(tmp_path.rglob("knowledge-*.pickle"))


def test_corrupt_cache_is_ignored(scratch: Path, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("MAILBOT_CACHE_DIR", str(cache))
    load_knowledge(scratch)
    (cached_file,) = cache.glob("knowledge-*.pickle")
    cached_file.write_bytes(b"not a pickle")
    assert set(load_knowledge(scratch).providers) == {"gmail", "qq-mail"}


def test_every_provider_name_maps_back(kb: KnowledgeBase) -> None:
    """Asking by any of a provider's own names finds it (alone, or among the candidates
    when the name is shared, or offered beside the usual reading, like "outlook")."""
    from bot.engine import Engine
    from bot.finders.names import COMMON_WORDS

    engine = Engine(kb)
    missing = []
    for provider in kb.providers.values():
        for name in (provider.name.en, provider.name.zh, *provider.aliases):
            owner = kb.provider_for_domain(normalize(name))
            if normalize(name) in COMMON_WORDS or (owner is not None and owner is not provider):
                continue  # a name that is another provider's domain: the domain wins
            answer = engine.ask(name)
            if provider not in (*answer.providers, *answer.alternatives):
                missing.append(f"{provider.id}: {name!r} -> {answer.intent.value} "
                               f"{[p.id for p in answer.providers]}")
    assert missing == [], "\n".join(missing[:30])


def test_match_patterns_are_written_in_simplified_chinese(kb: KnowledgeBase) -> None:
    """Messages are read in Simplified (Traditional is converted first), so a pattern with
    Traditional characters could never match."""
    patterns = [p for e in kb.troubleshooting.values() for p in e.match]
    patterns += [p for t in kb.topics.values() for p in t.match]
    assert [p for p in patterns if to_simplified(p) != p] == []


def test_preparation_without_enable_steps_is_rejected(scratch: Path) -> None:
    path = scratch / "providers" / "gmail.yaml"
    text = path.read_text()
    assert "status: preparation" in text
    path.write_text(re.sub(r"(?ms)^enable:\n.*?(?=^\w)", "", text, count=1))
    (problem,) = problems_of(scratch)
    assert re.search(r"gmail\.yaml:\d+: enable: missing: status preparation needs", problem)


def test_no_source_was_checked_in_the_future(kb: KnowledgeBase) -> None:
    """A 'checked' date after today is a typo or an invention; either way not a fact."""
    import datetime as dt

    today = dt.date.today().isoformat()
    future = [(p.id, s.url, s.checked) for p in kb.providers.values() for s in p.sources
              if s.checked and str(s.checked) > today]
    assert future == []
