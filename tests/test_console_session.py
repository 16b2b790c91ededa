"""``mailbot chat``'s conversation (issue 12): follow-ups, /lang, /probe, discovery."""

from __future__ import annotations

from bot.adapters.console_session import ConsoleSession
from bot.engine import Engine
from bot.models import Answer, AnswerSource, Intent, Lang, Protocol, Security, Server, UsernameForm


def test_a_follow_up_continues_the_last_answer(engine: Engine) -> None:
    session = ConsoleSession(engine, None)
    assert "smtp.qq.com" in session.reply("qq smtp")
    follow_up = session.reply("那imap呢")
    assert follow_up.startswith("QQ邮箱 IMAP 收信") and "imap.qq.com" in follow_up


def test_lang_command_changes_the_reply_language(engine: Engine) -> None:
    session = ConsoleSession(engine, None)
    assert session.reply("/lang zh") == "我会用中文回复。"
    assert "发信" in session.reply("qq smtp")
    assert session.reply("/lang fr").startswith("用法")


def test_probe_command_uses_the_prober_it_is_given(engine: Engine) -> None:
    asked: list[tuple[str, Lang]] = []

    def probe(target: str, lang: Lang) -> str:
        asked.append((target, lang))
        return f"report for {target}"

    session = ConsoleSession(engine, None, probe=probe)
    assert session.reply("/probe smtp.qq.com:465") == "report for smtp.qq.com:465"
    assert asked == [("smtp.qq.com:465", Lang.EN)]
    assert session.reply("/probe").startswith("Usage")


def test_unknown_domains_go_to_discovery(engine: Engine) -> None:
    def discover(answer: Answer) -> Answer:
        server = Server(Protocol.IMAP, "imap.found.example", 993, Security.SSL,
                        UsernameForm.ADDRESS)
        return Answer(answer.question, Intent.SETTINGS, answer.lang, domain=answer.domain,
                      servers=(server,), source=AnswerSource.SRV, confidence=0.8)

    session = ConsoleSession(engine, None, discover=discover)
    assert "imap.found.example" in session.reply("me@unknown-company-xyz.cn imap")
