"""Provider names as people type them (aliases, Chinese names, pinyin) and their typos.

Names are looked up by whole words (dictionary lookups of word n-grams), and inside runs of
Chinese by substring: a regex of a thousand names costs ten times more. Typos of single words
("gmial", "outlok") are found with rapidfuzz.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from bot.finders.clues import Clue, ClueKind
from bot.knowledge_base import KnowledgeBase
from bot.models import Provider
from bot.understanding import normalize

_POSSESSIVE = re.compile(r"(?<=[a-z0-9])['’]s\b")
FUZZY_SCORER = fuzz.ratio
FUZZY_CUTOFF = 80.0  # "gmial"->"gmail" scores 80, "hotmial"->"hotmail" 86
FUZZY_MIN_LEN = 4  # shorter words ("qq", "aol", "gmx") must be typed exactly
FUZZY_MEMO_SIZE = 50_000
# An alias that is also an everyday word ("free", "orange", "hey", "live"): a weak clue, so
# "hey, what is the gmail port" is about Gmail.
COMMON_WORDS = frozenset({
    "free", "orange", "hey", "live", "mail", "web", "post", "mailbox", "yeah", "bell", "sky",
    "one", "virgin", "email", "online", "china", "vip", "att", "prodigy", "다음",
})
# What is left of a Chinese name without its mail suffix must still be a name: "移动邮箱"
# leaves "移动" (to move), "苹果邮箱" leaves "苹果" (Apple Mail is also a client).
CJK_CORE_STOPWORDS = frozenset({"移动", "电信", "联通", "苹果", "财富", "免费", "企业", "个人",
                                "中国", "国际", "手机", "电子"})
# Words of mail questions that must never be read as a misspelt provider name
# ("email" is 80% like "gmail", "never" 80% like "naver").
FUZZY_STOPWORDS = frozenset("""
mail mails email emails e-mail inbox mailbox imap imaps smtp smtps pop3 pop3s port ports
server servers host hostname send sending sent outgoing incoming receive login logon
password passwords settings setting setup config configure configuration account accounts
error errors what which where when does have with from this that there their need help
please thanks thank hello about could would should your mine client clients thunderbird
security secure encryption address username code codes failed failure authentication auth
never ever over even every after again other others google yandex office using used still
give gives said says work works working number numbers name names many more most also only
version main java python node info debug trace support""".split())  # noqa: SIM905 - a word list reads better so
# Chinese names end in a word for mail; the part before it ("网易" of "网易邮箱") names the
# provider too.
_CJK_MAIL_SUFFIXES = ("电子邮箱", "电子邮件", "企业邮箱", "邮箱", "邮件", "邮")
_WORD = re.compile(r"[a-z0-9]+")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_SEPARATORS = re.compile(r"[()\[\]{}<>,;，。、；（）]")
# A sentence's full stop too: "send mail via iCloud." names iCloud.
_EDGE_PUNCTUATION = "\"'()[]{}<>,;:?.。，？！：；、“”‘’"
# A mail program named as the tool, not the provider: "in Outlook", "用 Foxmail", "Outlook 客户端".
CLIENT_CONTEXT = re.compile(
    r"\b(?:in|into|using|use|with|on|via|from|for)\s+(?:the\s+|my\s+)?"
    r"(?:outlook|foxmail|thunderbird|apple mail|mail app)(?:\s+(?:app|client|desktop))?\b"
    r"|(?:用|在|使用|通过)\s*(?:outlook|foxmail)"
    r"|(?:outlook|foxmail)\s*(?:客户端|client\b|app\b|里|中|上)", re.ASCII
)


class NameFinder:
    def __init__(self, kb: KnowledgeBase) -> None:
        names: dict[str, list[Provider]] = {}
        shorter: list[tuple[str, Provider]] = []
        for provider in kb.providers.values():
            display = (provider.name.en, provider.name.zh)
            for name in (provider.id, *display, *provider.aliases):
                key = normalize(name)
                if key:
                    _add(names, key, provider)
            shorter += [(n.split("(")[0].strip(), provider)
                        for n in map(normalize, display) if "(" in n]
        # "Gmail（谷歌邮箱）" is typed as "gmail": a display name counts without its
        # parenthesis too, unless that shorter name is already someone's own name.
        for key, provider in shorter:
            if key and key not in names:
                _add(names, key, provider)
        names = {spaced(k): v for k, v in names.items()}
        for name, providers in list(names.items()):
            for suffix in _CJK_MAIL_SUFFIXES:
                core = name.removesuffix(suffix).strip()
                if (core != name and len(core) >= 2 and core not in names
                        and core not in CJK_CORE_STOPWORDS):
                    names[core] = list(providers)
                    break
        self._names = {k: tuple(v) for k, v in names.items()}
        self._max_words = max((n.count(" ") + 1 for n in self._names), default=1)
        # Longer names are tried only at words that begin one ("google workspace").
        self._first_words = {n.split(" ", 1)[0] for n in self._names if " " in n}
        self._cjk_lengths = sorted({len(n) for n in self._names if _CJK_RUN.fullmatch(n)},
                                   reverse=True)
        self._fuzzy_names = [n for n in self._names if n.isalnum() and n.isascii()
                             and len(n) >= FUZZY_MIN_LEN and n not in COMMON_WORDS]
        self._fuzzy_memo: dict[str, tuple[str, float] | None] = {}

    def named(self, name: str) -> tuple[Provider, ...]:
        """The providers called exactly ``name`` (normalised): "privateemail.com" is a name."""
        return self._names.get(name, ())

    def find(self, text: str, unknown_domains: tuple[str, ...] = ()) -> list[Clue]:
        """Names and typos of names in ``text`` (normalised, without addresses)."""
        text = _POSSESSIVE.sub("", text)  # "Outlook's SMTP server" names Outlook
        whole = spaced(text)
        # Words of a typed domain are not names: "china.com" is not a typo of "hichina",
        # and an unknown domain must reach discovery rather than a look-alike provider.
        for typed in unknown_domains:
            text = re.sub(rf"(?<![A-Za-z0-9_.@-]){re.escape(typed)}(?![A-Za-z0-9_-])", " ", text)
        text = spaced(text)
        # "QQ邮箱用Outlook客户端": Outlook is the mail program here, not the provider.
        without_clients = CLIENT_CONTEXT.sub(" ", text)
        if whole in self._names:  # a whole display name ("G-Hosting.cz a Station.cz")
            names = [whole]
        else:
            names = self._names_in(without_clients)
            if not names and without_clients != text:
                names = self._names_in(text)
        clues = [Clue(provider, ClueKind.COMMON_WORD if name in COMMON_WORDS else ClueKind.NAME,
                      name)
                 for name in names for provider in self._names[name]]
        for found in _WORD.finditer(text):
            word = found.group(0)
            if (len(word) < FUZZY_MIN_LEN or word in FUZZY_STOPWORDS or word in self._names
                    or word.isdigit()):
                continue
            if found.start() > 0 and text[found.start() - 1] == "@":
                continue  # "postmaster@yggmail": the domain part of an address is no typo
            hit = self._fuzzy_name(word)
            if hit is not None:
                name, score = hit
                clues += [Clue(provider, ClueKind.TYPO, word, score / 100)
                          for provider in self._names[name]]
        return clues

    def _fuzzy_name(self, word: str) -> tuple[str, float] | None:
        """The provider name ``word`` is a typo of, if any; remembered per word."""
        if word in self._fuzzy_memo:
            return self._fuzzy_memo[word]
        hit = process.extractOne(word, self._fuzzy_names, scorer=FUZZY_SCORER,
                                 processor=default_process, score_cutoff=FUZZY_CUTOFF)
        result = (hit[0], hit[1]) if hit is not None else None
        if len(self._fuzzy_memo) >= FUZZY_MEMO_SIZE:
            self._fuzzy_memo.clear()  # bounded: strangers can send endless new words
        self._fuzzy_memo[word] = result
        return result

    def _names_in(self, text: str) -> list[str]:
        """Provider names in ``text`` (spaced, normalised), longest first at each word.

        Words are whole: "139" inside "5.7.139" or "mail.com" inside "gmail.com" is no name.
        """
        words = [w.strip(_EDGE_PUNCTUATION) for w in _SEPARATORS.sub(" ", text).split()]
        found: list[str] = []
        names, first_words = self._names, self._first_words
        index = 0
        while index < len(words):
            word = words[index]
            # Most words begin no name and hold no Chinese: one set lookup passes them by.
            if word in first_words or word in names or not word.isascii():
                index += max(self._longest_name_at(words, index, found), 1)
            else:
                index += 1
        return found

    def _longest_name_at(self, words: list[str], index: int, found: list[str]) -> int:
        widest = min(self._max_words, len(words) - index) if words[index] in self._first_words \
            else 1
        for width in range(widest, 0, -1):
            candidate = " ".join(words[index:index + width])
            if candidate in self._names:
                found.append(candidate)
                return width
        word = words[index]
        if _CJK_RUN.fullmatch(word):  # "网易邮箱的发信服务器": names inside a Chinese run
            start = 0
            while start < len(word):
                hit = next((word[start:start + n] for n in self._cjk_lengths
                            if word[start:start + n] in self._names), None)
                if hit:
                    found.append(hit)
                    start += len(hit)
                else:
                    start += 1
        return 1


def spaced(text: str) -> str:
    """Put spaces between Latin and Chinese runs so "qq邮箱" and "qq" both stand alone."""
    if not _CJK_RUN.search(text):
        return text
    # Every Chinese run stands apart, spaces folded: one scan for runs is cheaper than two
    # lookarounds at every position. Names go through the same function, so both sides agree.
    return " ".join(_CJK_RUN.sub(r" \g<0> ", text).split())


def _add(table: dict[str, list[Provider]], key: str, provider: Provider) -> None:
    bucket = table.setdefault(key, [])
    if provider not in bucket:
        bucket.append(provider)
