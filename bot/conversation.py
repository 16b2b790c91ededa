"""What a conversation has been about, so a follow-up needs no repeating (issue 12).

After "qq smtp", "那imap呢" or "and for pop?" names no provider: the last answer's provider,
domain and protocols (a ``Topic``) answer it. After a diagnosis, a new error that names no
provider ("still failing: 535 …") is read for the same provider, and a bare "还是不行" gets
the last error's fix again; both say they continue ("Still QQ Mail: …"). Front ends keep
one topic per key (a private chat; a user in a group; a message the bot sent, for replies to
it) in a ``TopicStore``.
``MemoryTopicStore`` is the one in use: bounded in size and age, lost on restart. Another
store (SQLite, Redis) implements the same two methods. Only ids and protocol names are kept,
never a message's text.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Protocol as Interface

from bot.conversation_phrases import says_still_failing
from bot.engine import Engine
from bot.models import Answer, Intent, Lang, Protocol

MAX_TOPICS = 10_000  # keys kept; the least recently used goes first
MAX_AGE_SECONDS = 30 * 60.0  # a follow-up comes within minutes, not the next day


@dataclass(frozen=True, slots=True)
class Topic:
    """What the last answer was about."""

    provider_id: str | None
    domain: str | None
    protocols: tuple[Protocol, ...]
    entry_id: str | None = None  # the troubleshooting entry the last answer explained


class TopicStore(Interface):
    """Where topics are kept, by a key the front end chooses."""

    def get(self, key: str) -> Topic | None: ...

    def put(self, key: str, topic: Topic) -> None: ...


class MemoryTopicStore:
    """Topics in memory: at most ``max_topics``, each forgotten after ``max_age`` seconds."""

    def __init__(self, max_topics: int = MAX_TOPICS, max_age: float = MAX_AGE_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._topics: OrderedDict[str, tuple[float, Topic]] = OrderedDict()
        self._max_topics = max_topics
        self._max_age = max_age
        self._clock = clock

    def get(self, key: str) -> Topic | None:
        kept = self._topics.get(key)
        if kept is None:
            return None
        stored_at, topic = kept
        if self._clock() - stored_at > self._max_age:
            del self._topics[key]
            return None
        self._topics.move_to_end(key)  # recently used: kept longest
        return topic

    def put(self, key: str, topic: Topic) -> None:
        self._topics[key] = (self._clock(), topic)
        self._topics.move_to_end(key)
        while len(self._topics) > self._max_topics:
            self._topics.popitem(last=False)

    def __len__(self) -> int:
        return len(self._topics)


def topic_of(answer: Answer) -> Topic | None:
    """What ``answer`` was about; None when it was about no provider or domain."""
    provider = answer.provider
    if provider is None and answer.domain is None:
        return None
    protocols = answer.asked_protocols or tuple(dict.fromkeys(
        e for entry in answer.troubleshooting[:1] for e in entry.protocols))
    entry = answer.troubleshooting[0].id if answer.troubleshooting else None
    return Topic(provider.id if provider else None, answer.domain, protocols, entry)


def answer_in_topic(engine: Engine, text: str, topic: Topic | None, lang: Lang | None = None,
                    *, fallback_lang: Lang | None = None) -> Answer:
    """The answer to ``text`` in a conversation about ``topic``: an error that names no
    provider is read for the topic's provider, and follow-ups continue it."""
    answer = engine.ask(text, lang, fallback_lang=fallback_lang,
                        context_provider=topic.provider_id if topic is not None else None)
    return continue_topic(engine, answer, topic)


def continue_topic(engine: Engine, answer: Answer, topic: Topic | None) -> Answer:
    """``answer`` read as a follow-up to ``topic``: a question that names no provider
    ("那imap呢", "and the port?") gets the topic's provider; "still failing" with no new
    error gets the last error's explanation again; otherwise ``answer`` itself."""
    if topic is None or topic.provider_id is None:
        return answer
    if (topic.entry_id is not None and answer.intent in (Intent.OFF_TOPIC, Intent.NEED_PROVIDER)
            and says_still_failing(answer.question.normalized)):
        again = engine.answer_for_entry(topic.entry_id, topic.provider_id, answer.lang)
        if again is not None:
            return replace(again, question=answer.question, domain=topic.domain,
                           continues=True)
    if answer.intent is not Intent.NEED_PROVIDER:
        return answer
    protocols = answer.asked_protocols or topic.protocols
    followed = engine.answer_for_provider(topic.provider_id, answer.lang, protocols)
    if followed is None:  # the knowledge base no longer holds it
        return answer
    question = replace(answer.question, protocols=protocols)
    return replace(followed, question=question, domain=topic.domain, situation=answer.situation,
                   diagnoses=answer.diagnoses)
