"""The probe as the engine offers it to every front end: the policy above the connector.

    prober = Prober(ProbeSettings(), named_targets=ProbeTargets(engine))
    report = await prober.probe("smtp.qq.com:465", user="tg:42", chat="tg:-100")
    report = await prober.probe_servers([ServerSpec("smtp.qq.com", 465, SMTP, SSL)])

Here: who may ask how often (per user, per chat), what one request stands for, and the
cooldown cache that lets a request share a probe another has just made. The connector
below does the network, under the guard. ``host:port`` needs no knowledge base; other text
(an address, a provider) needs ``named_targets``. One request may stand for several
servers; they are probed concurrently, so it takes as long as the slowest server.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from bot.models import Protocol, Security
from bot.probing.codes import ErrorKind, RefusalCode
from bot.probing.connector import Connector, Resolver
from bot.probing.guard import Refusal, TargetRefused, refuse
from bot.probing.limits import CoalescingCache, SlidingWindowLimiter
from bot.probing.results import (
    ProbeReport,
    ProbeResult,
    ServerSpec,
    approximate_size,
    stored_form,
)
from bot.probing.server_specs import NamedTargets, parse_host_port, target_text
from bot.probing.settings import ProbeSettings
from bot.probing.shared_results import SharedProbeResults, decode, encode, key_of

__all__ = ["ProbeSettings", "Prober"]


class Prober:
    def __init__(self, settings: ProbeSettings, resolver: Resolver | None = None, *,
                 named_targets: NamedTargets | None = None) -> None:
        self.settings = settings
        self.shared: SharedProbeResults | None = None  # results other replicas found
        self._named_targets = named_targets
        self._connector = Connector(settings, resolver)
        self._per_user = SlidingWindowLimiter(settings.per_user)
        self._per_chat = SlidingWindowLimiter(settings.per_chat)
        self._cache: CoalescingCache[ProbeResult] = CoalescingCache(
            settings.cooldown, max_bytes=settings.cache_bytes, size_of=approximate_size,
            keep=lambda result: result.error_kind is not ErrorKind.RATE_LIMITED)

    async def probe(self, target: str, *, protocol: Protocol | None = None,
                    security: Security | None = None, user: str | None = None,
                    chat: str | None = None) -> ProbeReport:
        """Probe what ``target`` (text a person typed) stands for."""
        report = ProbeReport(target=target)
        try:
            self._check_rate(user, chat)
            specs = self._servers_for(target, protocol, security)
        except TargetRefused as refused:
            return _refused(report, refused.refusal)
        return await self._probe_all(report, specs)

    async def probe_servers(self, specs: Sequence[ServerSpec], *, target: str | None = None,
                            user: str | None = None, chat: str | None = None) -> ProbeReport:
        """Probe servers already known; ``target`` names them in the report."""
        label = target if target is not None else " ".join(f"{s.host}:{s.port}" for s in specs)
        report = ProbeReport(target=label)
        try:
            self._check_rate(user, chat)
        except TargetRefused as refused:
            return _refused(report, refused.refusal)
        return await self._probe_all(report, specs)

    def allows(self, user: str | None, chat: str | None) -> bool:
        """Take one probe from ``user``'s and ``chat``'s allowance: False when either is spent.
        Work done for them elsewhere (discovery's guesses) is counted here."""
        try:
            self._check_rate(user, chat)
        except TargetRefused:
            return False
        return True

    def _check_rate(self, user: str | None, chat: str | None) -> None:
        for limiter, key in ((self._per_user, user), (self._per_chat, chat)):
            if key is not None and not limiter.allow(key):
                wait = max(1, round(limiter.retry_after(key)))
                raise refuse(RefusalCode.RATE_LIMITED, f"Too many probes; try again in {wait} s.",
                             f"探测太频繁，请 {wait} 秒后再试。")

    def _servers_for(self, target: str, protocol: Protocol | None,
                     security: Security | None) -> list[ServerSpec]:
        text = target_text(target)
        unrestricted = self.settings.unrestricted
        spec = parse_host_port(text, protocol=protocol, security=security,
                               unrestricted=unrestricted)
        if spec is not None:
            return [spec]
        if self._named_targets is None:
            raise refuse(RefusalCode.BAD_TARGET, "Tell me what to probe as host:port.",
                         "请以 主机:端口 的形式告诉我要探测什么。")
        return self._named_targets(text, protocol=protocol, security=security,
                                   unrestricted=unrestricted)

    async def _probe_all(self, report: ProbeReport,
                         specs: Sequence[ServerSpec]) -> ProbeReport:
        try:
            for spec in specs:
                self._connector.admit(spec)
        except TargetRefused as refused:
            return _refused(report, refused.refusal)
        results = await asyncio.gather(*(self._probe_shared(spec) for spec in specs))
        report.results = [result for result, _ in results]
        report.cached = bool(results) and all(cached for _, cached in results)
        kinds = {r.error_kind for r in report.results}
        if report.results and kinds <= {ErrorKind.NOT_PUBLIC}:
            # Every server is off limits: that is the answer to the whole request.
            report.refused = report.results[0].diagnosis[0].text
            report.refused_code = RefusalCode.NOT_PUBLIC
        return report

    async def _probe_shared(self, spec: ServerSpec) -> tuple[ProbeResult, bool]:
        """One real probe per server and cooldown; requests meanwhile share it."""
        key = (spec.host, spec.port, spec.protocol, spec.security)

        async def probe_and_trim() -> ProbeResult:
            shared = self.shared
            if shared is not None:
                kept = await shared.cached(key_of(spec))
                found = decode(kept) if kept is not None else None
                if found is not None:
                    return found
            result = stored_form(await self._connector.probe(spec))
            if shared is not None and result.error_kind is not ErrorKind.RATE_LIMITED:
                await shared.keep(key_of(spec), encode(result), self.settings.cooldown)
            return result

        return await self._cache.get(key, probe_and_trim)


def _refused(report: ProbeReport, refusal: Refusal) -> ProbeReport:
    report.refused = refusal.text
    report.refused_code = refusal.code
    return report
