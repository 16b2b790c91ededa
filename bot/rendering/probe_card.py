"""A probe report as a Card, for the plain-text and Telegram HTML renderers.

Server-supplied text (banners, capabilities, certificate names) is cut short here and
escaped by the renderers like any other text.
"""

from __future__ import annotations

from bot.models import Lang, Text
from bot.probing.results import ProbeReport, ProbeResult
from bot.rendering import phrases as P
from bot.rendering.card import Card, Span, bold, code

MAX_SERVER_TEXT = 160
MAX_FINDING_TEXT = 400
MAX_CAPABILITIES = 20

TITLE = Text("Probe of {target}", "探测 {target}")
WORKS = Text("works", "正常")
FAILED = Text("failed", "失败")
ADDRESS = Text("Address", "地址")
CERTIFICATE = Text("Certificate", "证书")
VALID = Text("valid", "有效")
INVALID = Text("NOT valid", "无效")
EXPIRES = Text("expires {date} ({days} days)", "{date} 到期（剩 {days} 天）")
ISSUER = Text("issuer", "颁发者")
LOGIN = Text("Login methods", "登录方式")
BANNER = Text("Greeting", "欢迎语")
TIMINGS = Text("Time", "耗时")
CACHED = Text("(result from the last minute)", "（一分钟内的探测结果）")
NOTHING = Text("Nothing to probe.", "没有可探测的服务器。")
NEVER_SENT = Text("No password was sent: the probe only asks what the server offers.",
                  "探测不会发送任何密码，只查询服务器提供的功能。")


def build_probe_card(report: ProbeReport, lang: Lang) -> Card:
    card = Card(title=TITLE.in_lang(lang).format(target=_cut(report.target, 80)))
    if report.refused is not None:
        card.section().add(report.refused.in_lang(lang))
        return card
    if not report.results:
        card.section().add(NOTHING.in_lang(lang))
    for result in report.results:
        _result_section(card, result, lang)
    footer = card.section()
    if report.cached:
        footer.add(CACHED.in_lang(lang))
    footer.add(NEVER_SENT.in_lang(lang))
    return card


def _result_section(card: Card, result: ProbeResult, lang: Lang) -> None:
    section = card.section()
    status = ("✅ " + WORKS.in_lang(lang)) if result.ok else ("❌ " + FAILED.in_lang(lang))
    section.add(bold(P.PROTOCOL[result.protocol].in_lang(lang)), " ",
                code(f"{result.host}:{result.port}"),
                f" ({P.SECURITY[result.security].in_lang(lang)}) — ", bold(status))
    for finding in result.diagnosis:  # may quote the server's own words: cut and cleaned
        section.add("• ", _cut(finding.text.in_lang(lang), MAX_FINDING_TEXT))
    if result.ip:
        section.add(f"{ADDRESS.in_lang(lang)}: ", code(result.ip))
    tls = result.tls
    if tls is not None and tls.version:
        spans: list[Span | str] = [f"TLS: {tls.version}"]
        if tls.cipher:
            spans.append(f", {tls.cipher}")
        section.add(*spans)
    if tls is not None and (tls.subject or tls.cert_valid is not None):
        state = VALID.in_lang(lang) if tls.cert_valid else INVALID.in_lang(lang)
        spans = [f"{CERTIFICATE.in_lang(lang)}: {state}"]
        if tls.subject:
            spans.append(f"; {_cut(tls.subject, MAX_SERVER_TEXT)}")
        if tls.issuer:
            spans.append(f"; {ISSUER.in_lang(lang)} {_cut(tls.issuer, MAX_SERVER_TEXT)}")
        if tls.not_after and tls.days_left is not None:
            spans.append("; " + EXPIRES.in_lang(lang).format(date=tls.not_after[:10],
                                                               days=tls.days_left))
        section.add(*spans)
    if result.auth_methods:
        section.add(f"{LOGIN.in_lang(lang)}: ", code(_cut(" ".join(result.auth_methods),
                                                          MAX_SERVER_TEXT)))
    if result.banner:
        section.add(f"{BANNER.in_lang(lang)}: ", code(_cut(result.banner, MAX_SERVER_TEXT)))
    timings = ", ".join(f"{key} {value:.0f} ms" for key, value in result.timings_ms.items())
    if timings:
        section.add(f"{TIMINGS.in_lang(lang)}: {timings}")


def _cut(text: str, limit: int) -> str:
    clean = "".join(ch if ch.isprintable() else " " for ch in text)
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"
