"""The mail library, app or client a message is about, and what its TLS settings say.

From `knowledge/clients/`: a tool is found by its name, else by a signature in pasted code,
else by a setting only it has; its options turn settings into TLS effects.
"""

from __future__ import annotations

import re

from bot.finders.settings import Setting, last_part
from bot.knowledge_base import KnowledgeBase
from bot.models import Client, OptionEffect
from bot.regex_gate import Gate, phrase_pattern

MODES = (OptionEffect.SSL, OptionEffect.STARTTLS)


class ClientFinder:
    def __init__(self, kb: KnowledgeBase) -> None:
        self._clients = list(kb.clients.values())
        self._options_by_key: dict[str, list[tuple[Client, int]]] = {}
        for client in self._clients:
            for index, option in enumerate(client.options):
                self._options_by_key.setdefault(last_part(option.key), []).append(
                    (client, index))
        self._option_values = {
            (client.id, index): re.compile(option.value)
            for client in self._clients for index, option in enumerate(client.options)
        }
        self._names = phrase_pattern([n for c in self._clients for n in c.names])
        # Substring tests are far cheaper than the alternation, and most messages hold none.
        self._plain_names = tuple({n for c in self._clients for n in c.names})
        self._signature_owners = [c for c in self._clients for _ in c.signatures]
        self._signatures = Gate([s for c in self._clients for s in c.signatures],
                                kb.pattern_needs)

    def find(self, lower: str, settings: list[Setting]) -> Client | None:
        """Named, else betrayed by its code, else by a setting only it has."""
        if self._names is not None and any(name in lower for name in self._plain_names):
            found = self._names.search(lower)
            if found is not None:
                return next(c for c in self._clients if found.group(0) in c.names)
        for index, _ in self._signatures.search(lower):
            return self._signature_owners[index]
        for setting in settings:
            for client, index in self._options_by_key.get(setting.last_part, ()):
                if _key_matches(setting.key, client.options[index].key):
                    return client
        return None

    def effects(self, settings: list[Setting],
                client: Client | None) -> list[tuple[OptionEffect, str]]:
        """The TLS effects of the settings (with their quotes), read with the tool's own
        options where the tool has the key."""
        found: list[tuple[OptionEffect, str]] = []
        for setting in settings:
            candidates = self._options_by_key.get(setting.last_part, [])
            if client is not None and any(owner is client for owner, _ in candidates):
                candidates = [(owner, i) for owner, i in candidates if owner is client]
            for owner, index in candidates:
                option = owner.options[index]
                if not (_key_matches(setting.key, option.key)
                        or last_part(option.key) == setting.key):
                    continue
                if self._option_values[(owner.id, index)].fullmatch(setting.value.casefold()):
                    found.append((option.effect, setting.quote))
                    break
        return found


def has_mode_switch(client: Client | None) -> bool:
    """One setting picks the mode by its value (nodemailer's ``secure``): other settings only
    refine it, so ``secure: true`` with ``requireTLS: true`` is no conflict."""
    if client is None:
        return False
    effects: dict[str, set[OptionEffect]] = {}
    for option in client.options:
        effects.setdefault(option.key, set()).add(option.effect)
    return any(len(found & set(MODES)) > 1 for found in effects.values())


def _key_matches(key: str, option_key: str) -> bool:
    """``spring.mail.properties.mail.smtp.ssl.enable`` has the option ``mail.smtp.ssl.enable``."""
    return key == option_key or key.endswith("." + option_key)
