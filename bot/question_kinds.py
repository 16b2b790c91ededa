"""Questions that are not lookups (issue 12): when a provider changed a rule, yes or no
about its servers (and the myth a question states: "is Outlook's SMTP server
exchange.microsoft.com?"), and which MX records a hosted-mail domain needs.

The engine found the provider; this turns its settings answer into the answer to what was
asked, from the provider's facts in knowledge/ only: dated ``changes``, ``servers`` and
``mx_records``. Where the knowledge base holds nothing that answers, the answer says so.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot import kind_phrases as K
from bot.mail_ports import protocol_of_port
from bot.models import (
    Answer,
    Attribute,
    Intent,
    Protocol,
    Provider,
    ProviderStatus,
    Question,
    Server,
)

_UNUSABLE = (ProviderStatus.NO_CLIENT_ACCESS, ProviderStatus.DISCONTINUED)


def kind_of(question: Question) -> Intent | None:
    """WHEN, MX_RECORDS or YES_NO for a short question of that kind; None for a lookup."""
    text = question.normalized
    if (len(text) > K.MAX_QUESTION_CHARS or "\n" in question.raw.strip()
            or K.ASSIGNMENT.search(text)):
        return None
    if K.MX.search(text):
        return Intent.MX_RECORDS
    if K.WHEN.search(text):
        return Intent.WHEN
    about_login = {Attribute.PASSWORD, Attribute.USERNAME} & set(question.attributes)
    if (K.YES_NO.search(text) and not K.NOT_YES_NO.search(text) and not about_login
            and (question.ports or question.protocols or question.domains
                 or question.host_ports or question.security_asked)):
        return Intent.YES_NO
    return None


def claimed_hosts(question: Question, provider: Provider) -> tuple[str, ...]:
    """The server names the question states that are not the provider's address domains."""
    hosts = [h for h, _ in question.host_ports] + list(question.domains)
    return tuple(dict.fromkeys(h for h in hosts if "." in h and h not in provider.domains))


def answer_kind(answer: Answer, kind: Intent) -> Answer:
    """``answer`` (a settings answer for one provider) as the answer to a ``kind`` question."""
    provider = answer.provider
    if provider is None:
        return answer
    if kind is Intent.MX_RECORDS:
        return replace(answer, intent=Intent.MX_RECORDS)
    if kind is Intent.WHEN:
        text = answer.question.normalized
        changes = tuple(c for c in provider.changes
                        if any(re.search(pattern, text) for pattern in c.match))
        return replace(answer, intent=Intent.WHEN, changes=changes)
    return _yes_no(answer, provider)


def _yes_no(answer: Answer, provider: Provider) -> Answer:
    """Yes when a server of the provider has every host, port and TLS mode the question
    states; no otherwise, with the right servers first. A wrong host stated is a myth."""
    question = answer.question
    port = question.ports[0] if question.ports else (
        question.host_ports[0][1] if question.host_ports else None)
    hosts = claimed_hosts(question, provider)
    asked = _named_outside(question, hosts)
    protocol = (asked[0] if asked
                else protocol_of_port(port) if port is not None else None)
    if provider.status in _UNUSABLE:
        return replace(answer, intent=Intent.YES_NO, verdict=False)
    offered = [s for s in answer.servers or provider.servers
               if protocol is None or s.protocol is protocol]
    if not offered:  # "does Yahoo support POP?" and no POP3 server is known
        return replace(answer, intent=Intent.YES_NO, verdict=False, servers=())
    fitting = [s for s in offered if _fits(s, hosts, port, question)]
    if fitting:
        rest = [s for s in answer.servers if s not in fitting]
        return replace(answer, intent=Intent.YES_NO, verdict=True,
                       servers=(*fitting, *rest))
    wrong_host = next((h for h in hosts if h not in {s.host for s in offered}), None)
    claim = wrong_host or (str(port) if port is not None else None)
    by_protocol = [s for s in answer.servers if protocol is None or s.protocol is protocol]
    others = [s for s in answer.servers if s not in by_protocol]
    return replace(answer, intent=Intent.MYTH if wrong_host else Intent.YES_NO,
                   verdict=False, claim=claim, servers=(*by_protocol, *others),
                   question=replace(question, protocols=(protocol,) if protocol else ()))


def _fits(server: Server, hosts: tuple[str, ...], port: int | None,
          question: Question) -> bool:
    return ((not hosts or server.host in hosts)
            and (port is None or server.port == port)
            and (question.security_asked is None or server.security is question.security_asked))


def without_claims(question: Question) -> Question:
    """The question without the hosts it states, to find whose servers it is about."""
    text = question.normalized
    for host in question.domains:
        text = text.replace(host, " ")
    return replace(question, normalized=text, domains=(), host_ports=())


def _named_outside(question: Question, hosts: tuple[str, ...]) -> tuple[Protocol, ...]:
    """The protocols the question names outside the hosts it states: in "is smtp.qq.com the
    IMAP server?" the protocol asked about is IMAP."""
    text = question.normalized
    for host in hosts:
        text = text.replace(host, " ")
    named = tuple(p for p in question.protocols if _PROTOCOL_WORD[p].search(text))
    return named or question.protocols


_PROTOCOL_WORD = {Protocol.SMTP: re.compile(r"smtp|发信|发件|outgoing|send"),
                  Protocol.IMAP: re.compile(r"imap"),
                  Protocol.POP3: re.compile(r"pop|收信|incoming")}
