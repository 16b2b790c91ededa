"""Server hosts, MX hosts and address domains -> providers; the domains nobody holds; and the
known domain or host an unknown one is probably a typo of."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.finders.clues import Clue, ClueKind
from bot.finders.names import NameFinder
from bot.knowledge_base import KnowledgeBase
from bot.models import Provider, Question
from bot.understanding import is_loopback, looks_like_code_name

TYPO_SCORER = fuzz.ratio
# A domain nobody holds that is this close to a known one is offered as "did you mean":
# "gmial.com"->"gmail.com" scores 88.9, "hotmial.com"->"hotmail.com" 90.9, while unrelated
# real domains ("china.com", "bell.com") score far lower.
DOMAIN_TYPO_CUTOFF = 88.0
# A server name typed wrong ("stmp.qq.com", "smtp.gmial.com") is this close to a known one.
HOST_TYPO_CUTOFF = 85.0


@dataclass(frozen=True, slots=True)
class HostFindings:
    clues: tuple[Clue, ...]
    unknown_domains: tuple[str, ...]  # real domains in the text that no provider holds


class HostFinder:
    def __init__(self, kb: KnowledgeBase, names: NameFinder) -> None:
        self._kb = kb
        self._names = names
        self._domains_by_length: dict[int, list[str]] = {}
        for domain in kb.by_domain:
            self._domains_by_length.setdefault(len(domain), []).append(domain)

    def find(self, question: Question) -> HostFindings:
        clues: list[Clue] = []
        unknown: list[str] = []
        hosts = [*question.domains, *(host for host, _ in question.host_ports)]
        for host in dict.fromkeys(hosts):
            if is_loopback(host):
                continue  # 127.0.0.1 is a local relay or bridge: only a name says whose
            by_host = self._kb.by_host.get(host)
            by_mx = None if by_host else self._kb.provider_for_mx(host)
            if by_mx is not None:  # mxbiz1.qq.com: the MX of Tencent Exmail, not QQ Mail
                clues.append(Clue(by_mx, ClueKind.MX, host))
                continue
            by_domain = self._kb.provider_for_domain(host)
            if by_host:
                clues += [Clue(p, ClueKind.HOST, host) for p in _owners(by_host, by_domain)]
                continue
            if by_domain is not None:
                kind = ClueKind.LINK if host in question.web_hosts else ClueKind.DOMAIN
                clues.append(Clue(by_domain, kind, host))
            elif self._names.named(host):  # a name written like a domain: "privateemail.com"
                clues += [Clue(p, ClueKind.NAME, host) for p in self._names.named(host)]
            elif host in question.domains and host not in question.web_hosts \
                    and self.is_domain(host) and not looks_like_code_name(host):
                unknown.append(host)
        return HostFindings(tuple(clues), tuple(dict.fromkeys(unknown)))

    def is_domain(self, name: str) -> bool:
        """A real top-level domain ends it: smtplib.SMTPAuthenticationError and
        com.sun.mail.smtp are code names (when the knowledge base holds IANA's list)."""
        tlds = self._kb.tlds
        last = name.rsplit(".", 1)[-1]
        # .test is reserved for testing (RFC 6761): a local resolver may well answer it.
        return not tlds or last in tlds or last.startswith("xn--") or last == "test"

    def domain_typo(self, domain: str) -> tuple[str, Provider] | None:
        """The known domain an unknown one is probably a typo of ("gmial.com")."""
        # Only domains of about the same length can score above the cutoff.
        spread = max(2, len(domain) * 3 // 10)
        candidates = [known for length in range(len(domain) - spread, len(domain) + spread + 1)
                      for known in self._domains_by_length.get(length, ())]
        hit = process.extractOne(domain, candidates, scorer=TYPO_SCORER,
                                 score_cutoff=DOMAIN_TYPO_CUTOFF)
        if hit is None:
            return None
        typed_tld, known_tld = domain.rsplit(".", 1)[-1], hit[0].rsplit(".", 1)[-1]
        if typed_tld != known_tld and len(typed_tld) == len(known_tld) == 2:
            return None  # yahoo.co.id is Indonesia's, not a typo of yahoo.co.in
        provider = self._kb.provider_for_domain(hit[0])
        return (hit[0], provider) if provider is not None else None

    def host_typo(self, host: str) -> tuple[str, Provider] | None:
        """The known server name ``host`` is probably a typo of, and whose server it is."""
        if host in self._kb.by_host:
            return None
        # Only names of about the same length can score above the cutoff.
        spread = max(2, len(host) * 2 // 10)
        candidates = [known for known in self._kb.by_host
                      if abs(len(known) - len(host)) <= spread]
        hit = process.extractOne(host, candidates, scorer=TYPO_SCORER,
                                 score_cutoff=HOST_TYPO_CUTOFF)
        if hit is None:
            return None
        known = hit[0]
        if known.split(".", 1)[-1] != host.split(".", 1)[-1] and known.split(".")[0] != \
                host.split(".")[0]:
            return None  # two labels differ: another service, not a typo
        owner = self._kb.owner_of_host(known)
        return (known, owner) if owner is not None else None


def _owners(by_host: list[Provider], by_domain: Provider | None) -> list[Provider]:
    """imap.gmail.com serves Gmail and Google Workspace: the owner of the host's domain is the
    better answer when it is among them; a curated file before an ISPDB copy
    (smtp.office365.com is Microsoft 365's, not the generated office365.com file's)."""
    owners = [by_domain] if by_domain in by_host else by_host
    curated = [p for p in owners if not p.generated] or [p for p in by_host if not p.generated]
    return curated or owners
