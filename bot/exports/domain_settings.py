"""Which setup an autoconfig server hands out for a domain: an organisation's own knowledge
folder first (``--knowledge-extra``), then the bundled knowledge base.

Documents are built once per provider and kept: there are a few thousand at most, and the
same request is answered with the same bytes (so caches and ETags work).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.exports.apple_profile import apple_profile
from bot.exports.autoconfig_xml import autoconfig_document
from bot.exports.mail_setup import setup_for_provider
from bot.knowledge_base import KnowledgeBase
from bot.models import Provider

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
DOMAIN = re.compile(rf"(?:{_LABEL}\.)+[a-z][a-z0-9-]{{1,62}}")
MAX_DOMAIN = 253


def clean_domain(text: str) -> str | None:
    """``text`` as a lower-case domain name, or None when it is not one."""
    domain = text.strip().lower().rstrip(".")
    return domain if len(domain) <= MAX_DOMAIN and DOMAIN.fullmatch(domain) else None


class DomainSettings:
    def __init__(self, knowledge: Sequence[KnowledgeBase]) -> None:
        """``knowledge``: the knowledge bases to ask, the first that knows a domain wins."""
        self._knowledge = tuple(knowledge)
        self._documents: dict[str, bytes] = {}

    def provider_for(self, domain: str) -> Provider | None:
        for kb in self._knowledge:
            provider = kb.provider_for_domain(domain)
            if provider is not None:
                return provider
        return None

    def autoconfig_for(self, domain: str) -> bytes | None:
        """The clientConfig document for addresses at ``domain``; None for a domain nobody
        here knows. ExportRefused for a provider that cannot be used from a mail app."""
        provider = self.provider_for(domain)
        if provider is None:
            return None
        if provider.id not in self._documents:
            self._documents[provider.id] = autoconfig_document(setup_for_provider(provider))
        return self._documents[provider.id]

    def profile_for(self, domain: str, address: str | None) -> tuple[str, bytes] | None:
        """(file name, Apple profile) for ``domain`` with ``address`` (checked) filled in;
        None for an unknown domain; ExportRefused when a profile cannot work."""
        provider = self.provider_for(domain)
        if provider is None:
            return None
        return f"{provider.id}.mobileconfig", apple_profile(setup_for_provider(provider, address))
