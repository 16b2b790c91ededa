"""Where the app runs (a cloud host, Docker), from `knowledge/environments/`.

A phrase that alone says it ("阿里云服务器", "EC2") counts anywhere; a bare brand ("阿里云",
"Azure") only next to a hosting word or right after "on/in/在", and never right before its
mail product ("阿里云邮箱" is the mailbox).
"""

from __future__ import annotations

import re

from bot.knowledge_base import KnowledgeBase
from bot.models import Environment
from bot.regex_gate import ascii_words, phrase_pattern

# "on Azure", "deployed to AWS", "在阿里云": a brand right after these is where it runs.
_PLACED_ON = re.compile(r"(?:\b(?:on|onto|to|in)\s+|在\s*)$")
_HOSTING_CONTEXT = re.compile(
    r"部署|服务器|云主机|主机上|实例|机器|vps|\bserver\b|\binstance|\bvm\b|hosted|deployed|running"
    r"|\bhost(?:ing)?\b|droplet|ecs|cvm|轻量")
_PLACED_ON, _HOSTING_CONTEXT = ascii_words(_PLACED_ON), ascii_words(_HOSTING_CONTEXT)
HOSTING_WINDOW = 16  # characters either side of a brand searched for a hosting word
# A brand followed by its mail product ("阿里云邮箱", "aliyun mail") is the mailbox, not hosting.
MAIL_PRODUCT_AFTER = r"\s*(?:企业)?(?:邮箱|邮件|邮)|\s*(?:enterprise )?e?-?mail"
_MAIL_PRODUCT = re.compile(MAIL_PRODUCT_AFTER)


class EnvironmentFinder:
    def __init__(self, kb: KnowledgeBase) -> None:
        self._environments = list(kb.environments.values())
        self._names = phrase_pattern([n for e in self._environments for n in e.names])
        self._brands = phrase_pattern([b for e in self._environments for b in e.brands])
        # Substring tests are ~50x cheaper than the alternation, and most messages hold none.
        self._words = tuple({w for env in self._environments for w in (*env.names, *env.brands)})

    def find(self, lower: str) -> tuple[Environment | None, tuple[str, ...]]:
        """Where it runs, and the phrases that said so (they name no mailbox provider)."""
        found: Environment | None = None
        phrases: list[str] = []
        if not any(word in lower for word in self._words):
            return None, ()
        if self._names is not None:
            for hit in self._names.finditer(lower):
                found = found or self._by(hit.group(0), names=True)
                phrases.append(hit.group(0))
        if self._brands is not None:
            for hit in self._brands.finditer(lower):
                window = lower[max(0, hit.start() - HOSTING_WINDOW):hit.end() + HOSTING_WINDOW]
                placed = _PLACED_ON.search(lower, max(0, hit.start() - 8), hit.start())
                if (_HOSTING_CONTEXT.search(window) or placed) and not _MAIL_PRODUCT.match(
                        lower, hit.end()):
                    found = found or self._by(hit.group(0), names=False)
                    phrases.append(hit.group(0))
        return found, tuple(dict.fromkeys(phrases))

    def _by(self, phrase: str, *, names: bool) -> Environment | None:
        return next((e for e in self._environments
                     if phrase in (e.names if names else e.brands)), None)
