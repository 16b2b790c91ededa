"""Compare the person's own setup with the knowledge base and say what is wrong with it.

Input: the Situation read from the message, the provider of the mailbox (from the address or
the name they use, not from the host they typed: the host may be the mistake), and the
troubleshooting entries their pasted errors matched. Output: Diagnoses, most likely first.

Order: contradictions in their own settings (the app never read them, TLS mode against the
port, a blocked port, a host that is not the mailbox's), then what the errors say, made
specific by the provider's login rules, skipping what the person says they already did.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot import diagnosis_phrases as P
from bot.knowledge_base import KnowledgeBase
from bot.mail_ports import (
    SMTP_ALTERNATIVE_PORT,
    SMTP_RELAY_PORT,
    SUBMISSION_PORTS,
    WELL_KNOWN_PORTS,
)
from bot.models import (
    Diagnosis,
    DiagnosisCode,
    LoginMethod,
    PasswordKind,
    Protocol,
    Provider,
    ProviderKind,
    ProviderStatus,
    SaidDone,
    Security,
    Server,
    Situation,
    Steps,
    Text,
    TroubleshootingEntry,
)
from bot.understanding import is_loopback

C = DiagnosisCode
# Codes an auth error may be made more specific as, by the provider's login rules.
_AUTH_CODES = frozenset({C.AUTH_FAILED, C.AUTHORIZATION_CODE_REQUIRED, C.APP_PASSWORD_REQUIRED})
_CREDENTIAL_CODE = {
    LoginMethod.AUTHORIZATION_CODE: (C.AUTHORIZATION_CODE_REQUIRED, SaidDone.AUTHORIZATION_CODE,
                                     PasswordKind.AUTHORIZATION_CODE),
    LoginMethod.APP_PASSWORD: (C.APP_PASSWORD_REQUIRED, SaidDone.APP_PASSWORD,
                               PasswordKind.APP_PASSWORD),
}
_SMTP_PORTS = (SMTP_RELAY_PORT, *SUBMISSION_PORTS)
# Ports never offered as "the other port": the relay port and the unofficial one.
_NEVER_SUGGESTED = (SMTP_RELAY_PORT, SMTP_ALTERNATIVE_PORT)


@dataclass(frozen=True, slots=True)
class SetupFacts:
    """What the engine knows around the situation."""

    mailbox: Provider | None  # whose mailbox it is (address domain or name)
    mentions_bridge: bool = False  # a local bridge (Proton Bridge) is named: loopback is right
    host_typo_of: tuple[str, Provider] | None = None  # their host looks like a typo of this
    asks_about_sending: bool = False  # the message is about SMTP first ("用126邮箱发送")


def diagnose(situation: Situation, facts: SetupFacts,
             entries: Iterable[TroubleshootingEntry], kb: KnowledgeBase) -> tuple[Diagnosis, ...]:
    found: list[Diagnosis] = []
    checks = (_not_loaded, _tls_conflict, _tls_against_port, _port_25, _host)
    for check in checks:
        diagnosis = check(situation, facts, kb)
        if diagnosis is not None:
            found.append(diagnosis)
    for entry in entries:
        diagnosis = _from_entry(entry, situation, facts)
        if diagnosis is not None:
            found.append(diagnosis)
    if not any(d.code in _AUTH_CODES for d in found):
        credential = _credential_kind(situation, facts, complaint=False)
        if credential is not None:
            found.append(credential)
    seen: set[DiagnosisCode] = set()
    unique = []
    for diagnosis in found:
        if diagnosis.code not in seen:
            seen.add(diagnosis.code)
            unique.append(diagnosis)
    return tuple(unique)


def _diagnosis(code: DiagnosisCode, quote: str | None, fixes: tuple[Text, ...] | None = None,
               **values: Text | str | int) -> Diagnosis:
    """Fill the phrases of ``code`` with the person's values, in both languages."""
    en = {k: v.en if isinstance(v, Text) else str(v) for k, v in values.items()}
    zh = {k: v.zh if isinstance(v, Text) else str(v) for k, v in values.items()}
    text = P.TEXTS[code]
    steps = fixes if fixes is not None else P.FIXES.get(code, ())
    return Diagnosis(
        code=code,
        text=Text(text.en.format(**en), text.zh.format(**zh)),
        fix=Steps(tuple(s.en.format(**en) for s in steps), tuple(s.zh.format(**zh) for s in steps)),
        quote=quote,
    )


def _not_loaded(situation: Situation, facts: SetupFacts, kb: KnowledgeBase) -> Diagnosis | None:
    connected = situation.connected_to
    if connected is None or facts.mentions_bridge:
        return None
    configured = situation.host
    if configured is not None and configured.value and is_loopback(configured.value):
        return None  # they did configure a local server (a relay, a bridge)
    where: Text | str = connected.value
    if connected.value.startswith(":"):  # Go's "dial tcp :587": the host setting is empty
        where = Text(f"{connected.value} (no host at all)", f"{connected.value}（没有主机名）")
    return _diagnosis(C.SETTINGS_NOT_LOADED, connected.quote, where=where)


def _tls_conflict(situation: Situation, facts: SetupFacts,
                  kb: KnowledgeBase) -> Diagnosis | None:
    if situation.tls_conflict is None:
        return None
    return _diagnosis(C.TLS_OPTIONS_CONFLICT, situation.tls_conflict,
                      ssl_setting=_setting(situation, Security.SSL),
                      starttls_setting=_setting(situation, Security.STARTTLS))


def _expected_security(port: int, situation: Situation, facts: SetupFacts,
                       kb: KnowledgeBase) -> Security | None:
    """How the server on ``port`` speaks: the provider's own server if known, else the RFCs."""
    for provider in (facts.mailbox, _host_owner(situation, kb)):
        if provider is None:
            continue
        for server in provider.servers:
            if server.port == port and (situation.host is None
                                        or server.host == situation.host.value):
                return server.security
    known = WELL_KNOWN_PORTS.get(port)
    return known[1] if known else None


def _tls_against_port(situation: Situation, facts: SetupFacts,
                      kb: KnowledgeBase) -> Diagnosis | None:
    port = situation.port_number
    used = situation.security
    if port is None:
        return None
    expected = _expected_security(port, situation, facts, kb)
    client = situation.client
    if expected is Security.SSL and client is not None and Security.SSL in client.cannot:
        quote = situation.port.quote if situation.port else None
        return _diagnosis(C.CLIENT_CANNOT_IMPLICIT_TLS, quote, client=client.name, port=port,
                          right=_setting(situation, Security.STARTTLS))
    if used is None:
        return None
    if client is not None and WELL_KNOWN_PORTS.get(port, (Protocol.SMTP,))[0] is not Protocol.SMTP:
        return None  # a sending tool on a POP/IMAP port: the host check says what is wrong
    if expected is None or expected == used or (expected is Security.STARTTLS
                                               and used is Security.NONE):
        return None
    quote = situation.security_quote or (situation.port.quote if situation.port else None)
    code = C.EXPECTS_IMPLICIT_TLS if expected is Security.SSL else C.EXPECTS_STARTTLS
    other_port = _other_port(port, used)
    return _diagnosis(code, quote, port=port, mode=P.MODE_NAMES[used],
                      right=_setting(situation, expected), other_port=other_port)


def _other_port(port: int, used: Security) -> int:
    """The standard port of the same protocol that speaks the way their tool does."""
    protocol = WELL_KNOWN_PORTS[port][0] if port in WELL_KNOWN_PORTS else Protocol.SMTP
    wanted = Security.STARTTLS if used is Security.NONE else used
    for candidate, (proto, security) in WELL_KNOWN_PORTS.items():
        if proto is protocol and security is wanted and candidate not in _NEVER_SUGGESTED:
            return candidate
    return port


def _setting(situation: Situation, mode: Security) -> Text | str:
    """How the person's own tool spells ``mode``, or the generic name."""
    client = situation.client
    if client is not None and mode in client.tls:
        return f"`{client.tls[mode]}`"
    return P.GENERIC_MODE_SETTING[mode]


def _port_25(situation: Situation, facts: SetupFacts, kb: KnowledgeBase) -> Diagnosis | None:
    environment = situation.environment
    port = situation.port_number
    if (environment is not None and port in environment.blocked_ports
            and set(_SMTP_PORTS) <= set(environment.blocked_ports)):
        return _diagnosis(C.SMTP_PORTS_BLOCKED, situation.port.quote if situation.port else None,
                          place=environment.name,
                          unblock=environment.unblock or P.UNBLOCK_GENERIC)
    said_blocked = SaidDone.PORT_25_BLOCKED in situation.said_done
    if port != 25 and not said_blocked:
        return None  # asking how to use 465 because 25 is blocked is about port 25 too
    blocked = environment is not None and 25 in environment.blocked_ports
    unreachable = SaidDone.PORT_UNREACHABLE in situation.said_done
    if not (blocked or unreachable or said_blocked):
        return None
    place: Text = environment.name if environment is not None else P.PLACE_UNKNOWN
    unblock: Text | str = (environment.unblock if environment is not None
                           and environment.unblock is not None else P.UNBLOCK_GENERIC)
    return _diagnosis(C.PORT_25_BLOCKED, situation.port.quote if situation.port else None,
                      place=place, unblock=unblock,
                      servers=_servers_text(facts.mailbox, Protocol.SMTP, SUBMISSION_PORTS))


def _servers_text(provider: Provider | None, protocol: Protocol,
                  ports: tuple[int, ...] = ()) -> Text | str:
    if provider is None:
        return P.SUBMISSION_GENERIC
    servers = [s for s in provider.servers if s.protocol is protocol
               and (not ports or s.port in ports)]
    if not servers:
        return P.SUBMISSION_GENERIC
    return Text(", ".join(map(_server_text, servers[:2])),
                "、".join(map(_server_text, servers[:2])))


def _server_text(server: Server) -> str:
    return f"{server.host}:{server.port} {P.SHORT_MODE[server.security]}"


def _host_owner(situation: Situation, kb: KnowledgeBase) -> Provider | None:
    return kb.owner_of_host(situation.host.value) if situation.host else None


def _host(situation: Situation, facts: SetupFacts, kb: KnowledgeBase) -> Diagnosis | None:
    if situation.host is None or not situation.host.value or is_loopback(situation.host.value):
        return None
    host, quote = situation.host.value, situation.host.quote
    mailbox = facts.mailbox
    owner = _host_owner(situation, kb)
    smtp_port = WELL_KNOWN_PORTS.get(situation.port_number or 0, (None,))[0] is Protocol.SMTP
    sending = situation.port_number is None or smtp_port or situation.client is not None
    if owner is None and facts.host_typo_of is not None:
        known, provider = facts.host_typo_of
        return _diagnosis(C.WRONG_HOST, quote, host=host, provider=(mailbox or provider).name,
                          servers=Text(known, known))
    if owner is None and kb.provider_for_mx(host) is not None and sending:
        return _diagnosis(C.MX_HOST_FOR_SUBMISSION, quote, host=host,
                          servers=_servers_text(mailbox or kb.provider_for_mx(host),
                                                Protocol.SMTP))
    if owner is not None and sending:
        roles = {s.protocol for s in owner.servers if s.host == host}
        if Protocol.SMTP not in roles and (situation.port_number is not None
                                           or facts.asks_about_sending):
            return _diagnosis(C.INCOMING_HOST_FOR_SENDING, quote, host=host,
                              owner=owner.name,
                              servers=_servers_text(mailbox or owner, Protocol.SMTP))
    if mailbox is None or owner is None or owner.id == mailbox.id:
        return None
    if any(s.host == host for s in mailbox.servers):
        return None
    protocol = Protocol.SMTP if sending else Protocol.IMAP
    if mailbox.kind is ProviderKind.BUSINESS and owner.kind is ProviderKind.PERSONAL:
        code = C.CONSUMER_HOST_FOR_BUSINESS
    elif mailbox.kind is ProviderKind.PERSONAL and owner.kind is ProviderKind.BUSINESS:
        code = C.BUSINESS_HOST_FOR_CONSUMER
    else:
        code = C.WRONG_HOST
    return _diagnosis(code, quote, host=host, owner=owner.name, provider=mailbox.name,
                      servers=_servers_text(mailbox, protocol))


def _from_entry(entry: TroubleshootingEntry, situation: Situation,
                facts: SetupFacts) -> Diagnosis | None:
    if entry.diagnosis is None:
        return None
    if entry.diagnosis in _AUTH_CODES:
        specific = _credential_kind(situation, facts, complaint=True)
        if specific is not None:
            return specific
        next_cause = _next_credential_cause(situation, facts)
        if next_cause is not None:
            return next_cause
    return Diagnosis(code=entry.diagnosis, text=entry.cause, fix=entry.fix,
                     quote=None)


def _credential_kind(situation: Situation, facts: SetupFacts, *,
                     complaint: bool) -> Diagnosis | None:
    """The password kind the provider needs, when the person uses (or may use) another.

    ``complaint``: an authentication error was pasted, so a wrong kind is the likely cause
    even when the message does not say which password was used.
    """
    provider = facts.mailbox
    if provider is None:
        return None
    used = situation.password_kind
    methods = provider.login.methods
    if provider.status is ProviderStatus.OAUTH_ONLY and used in (
            PasswordKind.APP_PASSWORD, PasswordKind.PASSWORD):
        return _diagnosis(C.OAUTH_REQUIRED, None, provider=provider.name)
    if LoginMethod.PASSWORD in methods:
        return None
    for method, (code, said, kind) in _CREDENTIAL_CODE.items():
        if method not in methods:
            continue
        if said in situation.said_done or used is kind:
            return None  # they already use it: the cause is elsewhere
        if used is PasswordKind.PASSWORD or (complaint and used is None):
            return _diagnosis(code, None, provider=provider.name)
    return None


def _next_credential_cause(situation: Situation, facts: SetupFacts) -> Diagnosis | None:
    """They already use the password kind the provider needs: say what comes next."""
    provider = facts.mailbox
    if provider is None:
        return None
    for method, (_, said, kind) in _CREDENTIAL_CODE.items():
        if method in provider.login.methods and (said in situation.said_done
                                                 or situation.password_kind is kind):
            code = (C.AUTH_FAILED if SaidDone.SERVICE_ENABLED in situation.said_done
                    else C.SERVICE_NOT_ENABLED)
            return _diagnosis(code, None, provider=provider.name,
                              kind=P.KIND_NAMES[method.value])
    return None
