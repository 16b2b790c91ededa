"""General mail questions ("which port is STARTTLS?") -> a general topic."""

from __future__ import annotations

import re

from bot.knowledge_base import GeneralTopicEntry, KnowledgeBase


class TopicFinder:
    def __init__(self, kb: KnowledgeBase) -> None:
        self._topics = [
            (topic, [re.compile(p) for p in topic.match])
            for topic in kb.topics.values()
        ]

    def find(self, text: str) -> GeneralTopicEntry | None:
        for topic, patterns in self._topics:
            if any(p.search(text) for p in patterns):
                return topic
        return None
