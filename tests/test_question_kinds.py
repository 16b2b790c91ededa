"""Questions that are not lookups (issue 12): when, yes/no, myths, MX records, which port,
comparisons; and a name with a usual reading ("outlook smtp"). Written by hand from the
knowledge files' facts, never generated from the engine's output.

Each row: message | intent | provider (or -) | verdict (yes/no/-) | what the first line of
the reply must contain.
"""

from __future__ import annotations

import pytest

from bot.answer_json import answer_to_json
from bot.engine import Engine
from bot.knowledge_base import load_knowledge
from bot.models import Intent
from bot.rendering.card_builder import build_card
from bot.rendering.plain_text import render_plain

TABLE = """
when did Gmail stop accepting passwords? | when | gmail | - | 30 May 2022
Gmail什么时候不能用密码登录了 | when | gmail | - | 2022 年 5 月 30 日
since when does outlook.com refuse my password? | when | outlook | - | 16 September 2024
Outlook邮箱从哪天开始不能用密码了 | when | outlook | - | 2024 年 9 月 16 日
when did google workspace stop less secure apps? | when | google-workspace | - | 2024
when did QQ mail change its smtp port? | when | qq-mail | - | Unknown
QQ邮箱什么时候改的端口 | when | qq-mail | - | 未知
is port 465 OK for iCloud? | yes_no | icloud | no | No. iCloud
iCloud能用465端口吗 | yes_no | icloud | no | 不可以。
does Yahoo support POP? | yes_no | yahoo | yes | Yes. Yahoo
雅虎邮箱支持POP吗 | yes_no | yahoo | yes | 可以。
is gmail smtp port 587? | yes_no | gmail | yes | Yes. Gmail
gmail的smtp是587端口吗 | yes_no | gmail | yes | 是的。
does gmail support starttls on port 465? | yes_no | gmail | no | No. Gmail
is Outlook's SMTP server exchange.microsoft.com on port 993? | myth | outlook | no | No. Outlook.com
Outlook的SMTP服务器是exchange.microsoft.com吗 | myth | outlook | no | 不是。Outlook.com
is smtp.qq.com the imap server of qq mail? | myth | qq-mail | no | No. QQ Mail
which MX records does Tencent Exmail need? | mx_records | tencent-exmail | - | mxbiz1.qq.com
腾讯企业邮箱MX记录怎么填 | mx_records | tencent-exmail | - | mxbiz1.qq.com
阿里企业邮箱mx记录 | mx_records | alibaba-enterprise-mail | - | mx1.qiye.aliyun.com
microsoft 365 mx records | mx_records | microsoft-365 | - | I have no MX records
微软365的MX记录是什么 | mx_records | microsoft-365 | - | 没有
which port for STARTTLS | which_port | - | - | STARTTLS: port 587
STARTTLS用哪个端口 | which_port | - | - | STARTTLS：587
IMAP vs POP | comparison | - | - | IMAP keeps your mail on the server
IMAP和POP有什么区别 | comparison | - | - | IMAP
outlook smtp | settings | outlook | - | smtp-mail.outlook.com
outlook邮箱smtp | settings | outlook | - | smtp-mail.outlook.com
"""
ROWS = [tuple(cell.strip() for cell in line.split("|"))
        for line in TABLE.strip().splitlines()]


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load()


@pytest.mark.parametrize(("message", "intent", "provider", "verdict", "first"), ROWS)
def test_kinds(engine: Engine, message: str, intent: str, provider: str, verdict: str,
               first: str) -> None:
    answer = engine.ask(message)
    data = answer_to_json(answer)
    assert data["intent"] == intent
    assert (data["provider"] or {}).get("id", "-") == provider
    assert {True: "yes", False: "no", None: "-"}[data["verdict"]] == verdict
    first_line = data["text"].splitlines()[0]
    assert first in first_line, data["text"]
    assert len(data["text"]) <= 600


@pytest.mark.parametrize("message", [
    "when I send mail with gmail I get an error", "有人知道163的smtp吗",
    "does anyone know the gmail imap server?", "hotmail.com.mx smtp", "qq smtp port",
])
def test_lookups_stay_lookups(engine: Engine, message: str) -> None:
    assert engine.ask(message).intent is Intent.SETTINGS


def test_a_myth_names_the_wrong_claim_and_the_right_server(engine: Engine) -> None:
    answer = engine.ask("is Outlook's SMTP server exchange.microsoft.com on port 993?")
    text = render_plain(build_card(answer))
    assert answer.claim == "exchange.microsoft.com"
    assert answer.servers[0].host == "smtp-mail.outlook.com"
    assert "993 is the IMAP port" in text
    assert not answer.diagnoses  # a question, not a pasted setup


def test_unverified_mx_records_say_so(engine: Engine) -> None:
    data = answer_to_json(engine.ask("which MX records does Tencent Exmail need?"))
    assert [(r["host"], r["priority"], r["unverified"]) for r in data["mx_records"]] == [
        ("mxbiz1.qq.com", 5, True), ("mxbiz2.qq.com", 10, True)]
    assert "(unverified)" in data["text"].splitlines()[0]


def test_the_usual_reading_offers_the_other_in_one_line(engine: Engine) -> None:
    data = answer_to_json(engine.ask("outlook smtp"))
    assert [a["id"] for a in data["also"]] == ["microsoft-365"]
    lines = data["text"].splitlines()
    assert sum("Microsoft 365" in line for line in lines) == 1
    assert len(data["text"]) <= 350


def test_a_shared_name_without_a_usual_reading_still_asks(engine: Engine) -> None:
    kb = engine.kb
    outlook = kb.providers["outlook"]
    assert "outlook" in outlook.usual_reading_of  # the data that decides, not code
    assert engine.ask("outlok imap").intent is Intent.AMBIGUOUS  # a typo is no usual reading


def test_full_card_keeps_the_answer_first(engine: Engine) -> None:
    answer = engine.ask("is port 465 OK for iCloud?")
    full = render_plain(build_card(answer, full=True))
    assert full.splitlines()[0].startswith("No. iCloud Mail")


def test_every_dated_change_is_sourced_officially_or_marked_unverified() -> None:
    kb = load_knowledge(strict=True)
    for provider in kb.providers.values():
        urls = {s.url for s in provider.sources}
        for change in provider.changes:
            assert set(change.sources) <= urls
            assert any(s.kind.value == "official" for s in provider.sources
                       if s.url in change.sources) or change.unverified
