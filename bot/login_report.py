"""What a login check's outcome means, in the diagnosis codes answers use.

The server's words go through the same troubleshooting corpus as a pasted error (the
engine), so "534 5.7.9 Application-specific password required" from a live server and from
a pasted log give the same code and the same explanation; only what the corpus does not
know gets a generic meaning here.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine import Engine
from bot.models import DiagnosisCode, Provider, Text
from bot.probing.login_check import LoginOutcome, LoginStep

ACCEPTED = Text("The server accepted the username and password.", "服务器接受了用户名和密码。")
REFUSED = Text("The server refused this username and password. Check both (the username form "
               "too: full address or only the part before @).",
               "服务器拒绝了这个用户名和密码。请检查两者"
               "（包括用户名格式：完整地址还是 @ 前的部分）。")
NO_AUTH_BEFORE_TLS = Text(
    "The server offers login only after encryption: use STARTTLS (or SSL/TLS on its port), "
    "never a plain connection.",
    "服务器只在加密之后才提供登录：请使用 STARTTLS（或对应端口的 SSL/TLS），不要用明文连接。")
NO_AUTH = Text("The server offers no login on this port: it may be for receiving mail from "
               "other servers only.",
               "服务器在这个端口不提供登录：它可能只用于接收其他服务器投递的邮件。")
NO_STARTTLS = Text("The server does not offer STARTTLS here: the password was not sent.",
                   "服务器在这里不提供 STARTTLS：密码没有发送。")
NOT_REACHED = Text("The server could not be reached, so no login was tried. `mailbot probe` "
                   "says more about the connection.",
                   "无法连接服务器，所以没有尝试登录。`mailbot probe` 可以给出连接的详细情况。")


@dataclass(frozen=True, slots=True)
class LoginVerdict:
    outcome: LoginOutcome
    code: DiagnosisCode | None
    meaning: Text
    fix: tuple[Text, ...] = ()  # first steps, from the troubleshooting entry


def explain_login(engine: Engine, outcome: LoginOutcome,
                  provider: Provider | None = None) -> LoginVerdict:
    step = outcome.step
    if step is LoginStep.ACCEPTED:
        return LoginVerdict(outcome, None, ACCEPTED)
    if step is LoginStep.NO_STARTTLS:
        return LoginVerdict(outcome, DiagnosisCode.NO_STARTTLS, NO_STARTTLS)
    if step is LoginStep.NO_AUTH:
        meaning = NO_AUTH_BEFORE_TLS if outcome.starttls_offered else NO_AUTH
        return LoginVerdict(outcome, DiagnosisCode.AUTH_NOT_OFFERED, meaning)
    if step is LoginStep.CONNECT:
        return LoginVerdict(outcome, None, NOT_REACHED)
    answer = engine.ask(f"{outcome.spec.protocol} {outcome.said}")
    entry = next((e for e in answer.troubleshooting if e.diagnosis is not None), None)
    if entry is not None and entry.diagnosis is not None:
        fix = tuple(Text(en, zh) for en, zh in zip(entry.fix.en, entry.fix.zh, strict=False))
        return LoginVerdict(outcome, entry.diagnosis, entry.cause, fix[:2])
    meaning = REFUSED
    if provider is not None and provider.login.note is not None:
        note = provider.login.note
        meaning = Text(f"{REFUSED.en} {note.en}", f"{REFUSED.zh}{note.zh}")
    return LoginVerdict(outcome, DiagnosisCode.AUTH_FAILED, meaning)
