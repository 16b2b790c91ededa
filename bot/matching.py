"""Match a question to providers, troubleshooting entries and general topics.

The one module that uses rapidfuzz. Order of evidence: a server host or an address domain
(certain), then a provider's name typed exactly (aliases, Chinese names, pinyin), then a
fuzzy match of single words against names (typos such as "gmial", "outlok").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from bot.knowledge_base import GeneralTopicEntry, KnowledgeBase
from bot.models import Provider, Question, TroubleshootingEntry
from bot.regex_gate import Gate
from bot.understanding import is_loopback, normalize

FUZZY_SCORER = fuzz.ratio
FUZZY_CUTOFF = 80.0  # "gmial"->"gmail" scores 80, "hotmial"->"hotmail" 86
FUZZY_MIN_LEN = 4  # shorter words ("qq", "aol", "gmx") must be typed exactly
FUZZY_MEMO_SIZE = 50_000
# A domain nobody holds that is this close to a known one is offered as "did you mean":
# "gmial.com"->"gmail.com" scores 88.9, "hotmial.com"->"hotmail.com" 90.9, while unrelated
# real domains ("china.com", "bell.com") score far lower.
DOMAIN_TYPO_CUTOFF = 88.0
# A server name typed wrong ("stmp.qq.com", "smtp.gmial.com") is this close to a known one.
HOST_TYPO_CUTOFF = 85.0

SCORE_HOST = 1.0
SCORE_DOMAIN = 1.0
SCORE_ALIAS = 0.95
SCORE_FUZZY_MAX = 0.9
# An alias that is also an everyday word ("free", "orange", "hey", "live") counts only this
# much, so "hey, what is the gmail port" is about Gmail.
SCORE_COMMON_WORD = 0.5
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
""".split())  # noqa: SIM905 - a word list reads better so
# Chinese names end in a word for mail; the part before it ("网易" of "网易邮箱") names the
# provider too.
_CJK_MAIL_SUFFIXES = ("电子邮箱", "电子邮件", "企业邮箱", "邮箱", "邮件", "邮")
_WORD = re.compile(r"[a-z0-9]+")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_SEPARATORS = re.compile(r"[()\[\]{}<>,;，。、；（）]")
_EDGE_PUNCTUATION = "\"'()[]{}<>,;:?。，？！：；、“”‘’"
# A mail program named as the tool, not the provider: "in Outlook", "用 Foxmail", "Outlook 客户端".
CLIENT_CONTEXT = re.compile(
    r"\b(?:in|into|using|use|with|on|via|from|for)\s+(?:the\s+|my\s+)?"
    r"(?:outlook|foxmail|thunderbird|apple mail|mail app)(?:\s+(?:app|client|desktop))?\b"
    r"|(?:用|在|使用|通过)\s*(?:outlook|foxmail)"
    r"|(?:outlook|foxmail)\s*(?:客户端|client\b|app\b|里|中|上)"
)


@dataclass(frozen=True, slots=True)
class ProviderMatch:
    provider: Provider
    score: float
    evidence: str  # what matched: the domain, host or name as typed


@dataclass(frozen=True, slots=True)
class ProviderMatches:
    matches: tuple[ProviderMatch, ...]
    unknown_domains: tuple[str, ...]  # domains in the text that no provider holds
    # (known domain, its provider) when the first unknown domain looks like a typo of it
    did_you_mean: tuple[str, Provider] | None = None


class ProviderMatcher:
    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb
        self._hosts = kb.by_host
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
        names = {_spaced(k): v for k, v in names.items()}
        for name, providers in list(names.items()):
            for suffix in _CJK_MAIL_SUFFIXES:
                core = name.removesuffix(suffix).strip()
                if (core != name and len(core) >= 2 and core not in names
                        and core not in CJK_CORE_STOPWORDS):
                    names[core] = list(providers)
                    break
        self._names = {k: tuple(v) for k, v in names.items()}
        # Names are looked up by whole words (dictionary lookups of word n-grams), and inside
        # runs of Chinese by substring: a regex of a thousand names costs ten times more.
        self._max_words = max((n.count(" ") + 1 for n in self._names), default=1)
        # Longer names are tried only at words that begin one ("google workspace").
        self._first_words = {n.split(" ", 1)[0] for n in self._names if " " in n}
        self._cjk_lengths = sorted({len(n) for n in self._names if _CJK_RUN.fullmatch(n)},
                                   reverse=True)
        self._fuzzy_names = [n for n in self._names if n.isalnum() and n.isascii()
                             and len(n) >= FUZZY_MIN_LEN and n not in COMMON_WORDS]
        self._fuzzy_memo: dict[str, tuple[str, float] | None] = {}
        self._domains_by_length: dict[int, list[str]] = {}
        for domain in kb.by_domain:
            self._domains_by_length.setdefault(len(domain), []).append(domain)

    def match(self, question: Question) -> ProviderMatches:
        best: dict[str, ProviderMatch] = {}
        unknown: list[str] = []
        hosts = [*question.domains, *(host for host, _ in question.host_ports)]
        for host in dict.fromkeys(hosts):
            if is_loopback(host):
                continue  # 127.0.0.1 is a local relay or bridge: only a name says whose
            by_host = self._hosts.get(host)
            by_mx = None if by_host else self._kb.provider_for_mx(host)
            if by_mx is not None:  # mxbiz1.qq.com: the MX of Tencent Exmail, not QQ Mail
                _keep(best, ProviderMatch(by_mx, SCORE_HOST, host))
                continue
            by_domain = self._kb.provider_for_domain(host)
            if by_host:
                # imap.gmail.com serves Gmail and Google Workspace: the owner of the
                # host's domain is the better answer when it is among them.
                owners = [by_domain] if by_domain in by_host else by_host
                curated = [p for p in owners if not p.generated]
                if not curated:  # smtp.office365.com: Microsoft 365's file, not ISPDB's copy
                    curated = [p for p in by_host if not p.generated]
                owners = curated or owners
                for provider in owners:
                    _keep(best, ProviderMatch(provider, SCORE_HOST, host))
                continue
            if by_domain is not None:
                _keep(best, ProviderMatch(by_domain, SCORE_DOMAIN, host))
            elif host in self._names:  # a name written like a domain: "privateemail.com"
                for provider in self._names[host]:
                    _keep(best, ProviderMatch(provider, SCORE_ALIAS, host))
            elif host in question.domains and self._is_domain(host):
                unknown.append(host)
        text = question.normalized
        for address in question.addresses:
            text = text.replace(address, " ")
        whole = _spaced(text)
        # Words of a typed domain are not names: "china.com" is not a typo of "hichina",
        # and an unknown domain must reach discovery rather than a look-alike provider.
        for typed in unknown:
            text = re.sub(rf"(?<![\w.@-]){re.escape(typed)}(?![\w-])", " ", text)
        text = _spaced(text)
        # "QQ邮箱用Outlook客户端": Outlook is the mail program here, not the provider.
        without_clients = CLIENT_CONTEXT.sub(" ", text)
        if whole in self._names:  # a whole display name ("G-Hosting.cz a Station.cz")
            names = [whole]
        else:
            names = self._names_in(without_clients)
            if not names and without_clients != text:
                names = self._names_in(text)
        for name in names:
            score = SCORE_COMMON_WORD if name in COMMON_WORDS else SCORE_ALIAS
            for provider in self._names[name]:
                _keep(best, ProviderMatch(provider, score, name))
        for word in _WORD.findall(text):
            if (len(word) < FUZZY_MIN_LEN or word in FUZZY_STOPWORDS or word in self._names
                    or word.isdigit()):
                continue
            hit = self._fuzzy_name(word)
            if hit is not None:
                name, score = hit
                for provider in self._names[name]:
                    _keep(best, ProviderMatch(provider, SCORE_FUZZY_MAX * score / 100, word))
        ranked = sorted(best.values(), key=lambda m: (-m.score, m.provider.id))
        unknown = list(dict.fromkeys(unknown))
        typo = self._domain_typo(unknown[0]) if unknown and not ranked else None
        return ProviderMatches(tuple(ranked), tuple(unknown), typo)

    def close_host(self, host: str) -> tuple[str, Provider] | None:
        """The known server name ``host`` is probably a typo of, and whose server it is."""
        if host in self._hosts:
            return None
        # Only names of about the same length can score above the cutoff.
        spread = max(2, len(host) * 2 // 10)
        candidates = [known for known in self._hosts if abs(len(known) - len(host)) <= spread]
        hit = process.extractOne(host, candidates, scorer=FUZZY_SCORER,
                                 score_cutoff=HOST_TYPO_CUTOFF)
        if hit is None:
            return None
        known = hit[0]
        if known.split(".", 1)[-1] != host.split(".", 1)[-1] and known.split(".")[0] != \
                host.split(".")[0]:
            return None  # two labels differ: another service, not a typo
        owner = self._kb.owner_of_host(known)
        return (known, owner) if owner is not None else None

    def _is_domain(self, name: str) -> bool:
        """A real top-level domain ends it: smtplib.SMTPAuthenticationError and
        com.sun.mail.smtp are code names (when the knowledge base holds IANA's list)."""
        tlds = self._kb.tlds
        last = name.rsplit(".", 1)[-1]
        # .test is reserved for testing (RFC 6761): a local resolver may well answer it.
        return not tlds or last in tlds or last.startswith("xn--") or last == "test"

    def _domain_typo(self, domain: str) -> tuple[str, Provider] | None:
        """The known domain an unknown one is probably a typo of ("gmial.com")."""
        # Only domains of about the same length can score above the cutoff.
        spread = max(2, len(domain) * 3 // 10)
        candidates = [known for length in range(len(domain) - spread, len(domain) + spread + 1)
                      for known in self._domains_by_length.get(length, ())]
        hit = process.extractOne(domain, candidates, scorer=FUZZY_SCORER,
                                 score_cutoff=DOMAIN_TYPO_CUTOFF)
        if hit is None:
            return None
        typed_tld, known_tld = domain.rsplit(".", 1)[-1], hit[0].rsplit(".", 1)[-1]
        if typed_tld != known_tld and len(typed_tld) == len(known_tld) == 2:
            return None  # yahoo.co.id is Indonesia's, not a typo of yahoo.co.in
        provider = self._kb.provider_for_domain(hit[0])
        return (hit[0], provider) if provider is not None else None

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
        index = 0
        while index < len(words):
            width = self._longest_name_at(words, index, found)
            index += max(width, 1)
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


def _spaced(text: str) -> str:
    """Put spaces between Latin and Chinese runs so "qq邮箱" and "qq" both stand alone."""
    return re.sub(r"(?<=[a-z0-9])(?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff])(?=[a-z0-9])",
                  " ", text)


def _add(table: dict[str, list[Provider]], key: str, provider: Provider) -> None:
    bucket = table.setdefault(key, [])
    if provider not in bucket:
        bucket.append(provider)


def _keep(best: dict[str, ProviderMatch], match: ProviderMatch) -> None:
    held = best.get(match.provider.id)
    if held is None or match.score > held.score:
        best[match.provider.id] = match


@dataclass(frozen=True, slots=True)
class EntryMatch:
    entry: TroubleshootingEntry
    score: float


class TroubleshootingMatcher:
    """Finds pasted errors by the entries' own regular expressions (lower case, searched in
    the normalised text)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        # Every pattern of every entry behind one gate: a pattern runs only when the text
        # holds the literal it needs, so a message without errors costs substring tests.
        self._entries = list(kb.troubleshooting.values())
        self._owner = [entry for entry in self._entries for _ in entry.match]
        self._gate = Gate([p for e in self._entries for p in e.match], kb.pattern_needs)

    def match(self, text: str, provider_ids: frozenset[str] = frozenset()) -> list[EntryMatch]:
        spans_of: dict[str, list[int]] = {}
        for index, hit in self._gate.search(text):
            spans_of.setdefault(self._owner[index].id, []).append(hit.end() - hit.start())
        found: list[EntryMatch] = []
        for entry in self._entries:
            spans = spans_of.get(entry.id)
            if not spans:
                continue
            # More matched text means a more specific entry; the provider breaks ties.
            score = min(1.0, 0.6 + 0.1 * len(spans) + min(sum(spans), 60) / 300)
            if provider_ids and entry.providers:
                score += 0.1 if provider_ids & set(entry.providers) else -0.15
            found.append(EntryMatch(entry, round(min(score, 1.0), 3)))
        found.sort(key=lambda m: (-m.score, m.entry.id))
        return found

class TopicMatcher:
    def __init__(self, kb: KnowledgeBase) -> None:
        self._topics = [
            (topic, [re.compile(p) for p in topic.match])
            for topic in kb.topics.values()
        ]

    def match(self, text: str) -> GeneralTopicEntry | None:
        for topic, patterns in self._topics:
            if any(p.search(text) for p in patterns):
                return topic
        return None
