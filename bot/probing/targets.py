"""From what a user typed to the servers to probe.

``smtp.qq.com:465``, ``[2001:db8::1]:993``, ``zhang@163.com``, ``163.com``, ``gmail`` or
``QQ邮箱``: host:port is taken as given (the port decides protocol and security unless the
caller says otherwise); an address, a domain or a provider name stands for all the servers
the knowledge base holds for it.
"""

from __future__ import annotations

import re

from bot.engine import Engine
from bot.mail_ports import CLIENT_GUESS_PORTS, WELL_KNOWN_PORTS
from bot.models import Intent, Protocol, Security
from bot.probing.codes import RefusalCode
from bot.probing.guard import check_port, parse_host, refuse
from bot.probing.results import ServerSpec

MAX_TARGET_CHARS = 300
_HOST_PORT = re.compile(r"^(\[[^\]]+\]|[^\s:\[\]]+):(\d{1,5})$")


def expand(target: str, engine: Engine, *, protocol: Protocol | None = None,
           security: Security | None = None, unrestricted: bool = False
           ) -> list[ServerSpec]:
    """The servers ``target`` stands for; raises TargetRefused when it stands for none.

    Restricted (the default), a port that is no mail port is refused here, before anything
    else is said about it.
    """
    allow_single_label = unrestricted
    text = target.strip()
    if not text or len(text) > MAX_TARGET_CHARS:
        raise refuse(RefusalCode.BAD_TARGET,
                     "Tell me what to probe: host:port, an address, a domain or a provider name.",
                     "请告诉我要探测什么：主机:端口、邮箱地址、域名或服务商名称。")
    found = _HOST_PORT.match(text)
    if found:
        host = str(parse_host(found.group(1), allow_single_label=allow_single_label))
        port = int(found.group(2))
        if not unrestricted:
            check_port(port)
        return [_spec_for_port(host, port, protocol, security)]
    answer = engine.ask(text)
    provider = answer.provider
    if provider is not None and answer.intent is Intent.SETTINGS:
        host_only = text.lower().rstrip(".")
        servers = [s for s in provider.servers if s.host == host_only] or list(provider.servers)
        specs = [ServerSpec(s.host, s.port, s.protocol, s.security) for s in servers]
        specs = [s for s in specs if _wanted(s, protocol, security)]
        if not specs:
            raise refuse(RefusalCode.NO_SERVERS, f"I know no {protocol or ''} server of "
                         f"{provider.name.en} to probe.".replace("  ", " "),
                         f"我没有 {provider.name.zh} 的相应服务器可以探测。")
        return specs
    if answer.intent is Intent.AMBIGUOUS:
        names = " / ".join(p.name.en for p in answer.providers)
        raise refuse(RefusalCode.AMBIGUOUS,
                     f"Which one do you mean: {names}? Give a host:port or an address.",
                     f"你指的是哪一个：{names}？请给出主机:端口或邮箱地址。")
    host = str(parse_host(text.split("@")[-1], allow_single_label=allow_single_label))
    return [_spec_for_port(host, port, protocol, security)
            for port in CLIENT_GUESS_PORTS
            if _wanted(_spec_for_port(host, port, None, None), protocol, security)]


def _spec_for_port(host: str, port: int, protocol: Protocol | None,
                   security: Security | None) -> ServerSpec:
    known = WELL_KNOWN_PORTS.get(port)
    if known is None and protocol is None:
        raise refuse(RefusalCode.UNKNOWN_PORT,
                     f"Port {port} is not a standard mail port: say which "
                     "protocol to speak (--protocol smtp|imap|pop3).",
                     f"{port} 不是标准邮件端口：请指定协议（--protocol smtp|imap|pop3）。")
    chosen_protocol = protocol or (known[0] if known else Protocol.SMTP)
    default_security = known[1] if known and known[0] is chosen_protocol else Security.STARTTLS
    return ServerSpec(host, port, chosen_protocol, security or default_security)


def _wanted(spec: ServerSpec, protocol: Protocol | None, security: Security | None) -> bool:
    return (protocol is None or spec.protocol is protocol) and (
        security is None or spec.security is security)
