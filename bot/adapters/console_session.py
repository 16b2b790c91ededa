"""What ``mailbot chat`` says to each line, apart from the terminal: questions answered like
``mailbot ask`` (discovery included), follow-ups on the last answer's provider ("那imap呢"),
and the Telegram bot's commands ``/lang en|zh`` and ``/probe TARGET``."""

from __future__ import annotations

from collections.abc import Callable

from bot.adapters.ask_command import answer_text
from bot.conversation import MemoryTopicStore, answer_in_topic, topic_of
from bot.engine import Engine
from bot.language import detect_lang
from bot.models import Answer, Intent, Lang, Text

TOPIC_KEY = "console"  # one conversation per console
LANG_SET = Text("I will reply in English.", "我会用中文回复。")
LANG_USAGE = Text("Usage: /lang en or /lang zh", "用法：/lang en 或 /lang zh")
PROBE_USAGE = Text("Usage: /probe smtp.qq.com:465 (or an address, or a provider name)",
                   "用法：/probe smtp.qq.com:465（也可以是邮箱地址或服务商名称）")


class ConsoleSession:
    """One console conversation. ``discover`` looks up unknown domains; ``probe`` checks a
    server and returns the report as text in a language (None: not available)."""

    def __init__(self, engine: Engine, lang: Lang | None, *,
                 discover: Callable[[Answer], Answer] | None = None,
                 probe: Callable[[str, Lang], str] | None = None) -> None:
        self.engine = engine
        self.lang = lang
        self._discover = discover
        self._probe = probe
        self._topics = MemoryTopicStore(max_topics=1)

    def reply(self, line: str) -> str:
        command, _, argument = line.strip().partition(" ")
        if command == "/lang":
            return self._set_lang(argument)
        if command == "/probe":
            return self._run_probe(argument.strip())
        answer = answer_in_topic(self.engine, line, self._topics.get(TOPIC_KEY), self.lang)
        if self._discover is not None and answer.intent is Intent.UNKNOWN_PROVIDER:
            answer = self._discover(answer)
        topic = topic_of(answer)
        if topic is not None:
            self._topics.put(TOPIC_KEY, topic)
        return answer_text(answer)

    def _set_lang(self, argument: str) -> str:
        chosen = {lang.value: lang for lang in Lang}.get(argument.strip().lower())
        if chosen is None:
            return LANG_USAGE.in_lang(self.lang or Lang.EN)
        self.lang = chosen
        return LANG_SET.in_lang(chosen)

    def _run_probe(self, target: str) -> str:
        lang = self.lang or detect_lang(target.lower())
        if not target or self._probe is None:
            return PROBE_USAGE.in_lang(lang)
        return self._probe(target, lang)
