"""A generic name ("企业邮箱": enterprise mail) fits several providers: the bot asks which one,
with a button per candidate (issue 12); a typed host or a specific name still decides."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.models import Intent
from tests.test_telegram_bot import Running, buttons, press, replies_to, until

ENTERPRISE = ("alibaba-enterprise-mail", "netease-enterprise", "tencent-exmail")


@pytest.mark.parametrize("question", ["企业邮箱", "企业邮箱smtp", "企业邮箱的imap服务器是什么",
                                      "企业邮箱 smtp.qq.com"])
def test_a_generic_name_asks_which_provider(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.intent is Intent.AMBIGUOUS and answer.ambiguous_name == "企业邮箱"
    assert tuple(sorted(p.id for p in answer.providers)) == ENTERPRISE


@pytest.mark.parametrize(("question", "provider"), [
    ("腾讯企业邮箱 smtp", "tencent-exmail"),
    ("网易企业邮箱 imap", "netease-enterprise"),
    ("企业邮箱 smtp.exmail.qq.com 登录失败", "tencent-exmail"),  # the host decides
    ("企业邮箱 smtp.qiye.163.com 端口", "netease-enterprise"),
])
def test_a_specific_name_or_host_still_decides(engine: Engine, question: str,
                                               provider: str) -> None:
    answer = engine.ask(question)
    assert answer.provider is not None and answer.provider.id == provider


async def test_enterprise_mail_is_answered_by_pressing_a_candidate(running: Running) -> None:
    api = running.api
    api.push_message("企业邮箱smtp", user_id=321)
    await until(lambda: bool(replies_to(api, 321)))
    question = replies_to(api, 321)[0]
    labels = [b["text"] for b in buttons(question)]
    assert {"腾讯企业邮箱", "网易企业邮箱"} <= set(labels)
    assert any(label.startswith("阿里邮箱企业版") for label in labels)
    press(api, question, "腾讯企业邮箱", user_id=321)
    await until(lambda: bool(api.sent("editMessageText")))
    edited = api.sent("editMessageText")[-1].params["text"]
    assert "smtp.exmail.qq.com" in edited and "smtp.qiye.163.com" not in edited
