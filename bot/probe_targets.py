"""Text that names servers without a host:port, turned into servers with the engine.

``zhang@163.com``, ``163.com``, ``gmail``, ``QQ邮箱`` or ``qq smtp`` stand for the servers
the knowledge base holds for that provider; a domain nobody knows stands for the ports a
mail client would try there. It lives beside the engine, not in ``bot.probing``: probing a
``host:port`` needs no knowledge base at all.
"""

from __future__ import annotations

from bot.engine import Engine
from bot.mail_ports import CLIENT_GUESS_PORTS
from bot.models import Intent, Protocol, Security
from bot.probing.codes import RefusalCode
from bot.probing.guard import parse_host, refuse
from bot.probing.results import ServerSpec
from bot.probing.server_specs import spec_for_port, wanted


class ProbeTargets:
    """A ``NamedTargets`` (see ``bot.probing.server_specs``) that asks the engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def __call__(self, text: str, *, protocol: Protocol | None, security: Security | None,
                 unrestricted: bool) -> list[ServerSpec]:
        answer = self.engine.ask(text)
        provider = answer.provider
        if provider is not None and answer.intent is Intent.SETTINGS:
            host_only = text.lower().rstrip(".")
            servers = ([s for s in provider.servers if s.host == host_only]
                       or list(provider.servers))
            specs = [ServerSpec(s.host, s.port, s.protocol, s.security) for s in servers]
            specs = [s for s in specs if wanted(s, protocol, security)]
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
        host = str(parse_host(text.split("@")[-1], allow_single_label=unrestricted))
        return [spec_for_port(host, port, protocol, security) for port in CLIENT_GUESS_PORTS
                if wanted(spec_for_port(host, port, None, None), protocol, security)]
