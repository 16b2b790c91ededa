"""From ``host:port`` to the server to probe, with no knowledge base at all.

``smtp.qq.com:465`` and ``[2001:db8::1]:993`` are taken as given: the port decides protocol
and security unless the caller says otherwise. Text that names no host:port (an address, a
domain, a provider) needs someone who knows providers: a ``NamedTargets``, which the engine's
side provides (``bot.probe_targets``).
"""

from __future__ import annotations

import re
from typing import Protocol as Interface

from bot.mail_ports import WELL_KNOWN_PORTS
from bot.models import Protocol, Security
from bot.probing.codes import RefusalCode
from bot.probing.guard import check_port, parse_host, refuse
from bot.probing.results import ServerSpec

MAX_TARGET_CHARS = 300
_HOST_PORT = re.compile(r"^(\[[^\]]+\]|[^\s:\[\]]+):(\d{1,5})$")


class NamedTargets(Interface):
    """The servers that text naming no host:port stands for; raises TargetRefused for none."""

    def __call__(self, text: str, *, protocol: Protocol | None, security: Security | None,
                 unrestricted: bool) -> list[ServerSpec]: ...


def target_text(target: str) -> str:
    """``target`` without surrounding space; refused when empty or too long to be a target."""
    text = target.strip()
    if not text or len(text) > MAX_TARGET_CHARS:
        raise refuse(RefusalCode.BAD_TARGET,
                     "Tell me what to probe: host:port, an address, a domain or a provider name.",
                     "请告诉我要探测什么：主机:端口、邮箱地址、域名或服务商名称。")
    return text


def parse_host_port(text: str, *, protocol: Protocol | None = None,
                    security: Security | None = None,
                    unrestricted: bool = False) -> ServerSpec | None:
    """The server ``text`` names as ``host:port``, or None when it is not of that form.

    Restricted (the default), a port that is no mail port is refused here, before anything
    else is said about it.
    """
    found = _HOST_PORT.match(text)
    if found is None:
        return None
    host = str(parse_host(found.group(1), allow_single_label=unrestricted))
    port = int(found.group(2))
    if not unrestricted:
        check_port(port)
    return spec_for_port(host, port, protocol, security)


def spec_for_port(host: str, port: int, protocol: Protocol | None,
                  security: Security | None) -> ServerSpec:
    """How to speak to ``host`` on ``port``: as asked, else as the standard says."""
    known = WELL_KNOWN_PORTS.get(port)
    if known is None and protocol is None:
        raise refuse(RefusalCode.UNKNOWN_PORT,
                     f"Port {port} is not a standard mail port: say which "
                     "protocol to speak (--protocol smtp|imap|pop3).",
                     f"{port} 不是标准邮件端口：请指定协议（--protocol smtp|imap|pop3）。")
    chosen_protocol = protocol or (known[0] if known else Protocol.SMTP)
    default_security = known[1] if known and known[0] is chosen_protocol else Security.STARTTLS
    return ServerSpec(host, port, chosen_protocol, security or default_security)


def wanted(spec: ServerSpec, protocol: Protocol | None, security: Security | None) -> bool:
    """Whether ``spec`` speaks the protocol and security asked for (None: any)."""
    return (protocol is None or spec.protocol is protocol) and (
        security is None or spec.security is security)
