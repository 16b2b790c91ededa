"""How people say that what the bot suggested did not help ("still failing", "还是不行"):
words only, in both languages and both Chinese scripts (``bot.conversation`` reads them)."""

from __future__ import annotations

import re

STILL_FAILING = re.compile(
    r"\bstill\s+(?:fail(?:s|ing|ed)?|not\s+work(?:ing)?|(?:does\s*n[o']t|doesn't)\s+work"
    r"|broken|the\s+same|(?:the\s+)?same\s+error|no\s+luck|getting\s+(?:it|an?\s+error))"
    r"|\b(?:did\s*n[o']t|does\s*n[o']t|didn't|doesn't)\s+(?:help|work)\b|\bno\s+luck\b"
    r"|\bnot\s+working\b"
    r"|(?:还是|還是|仍然|依然|依旧|依舊|还|還)\s*(?:不行|不能|不可以|失败|失敗|报错|報錯|一样|一樣"
    r"|登不上|登录不了|登錄不了|发不出|發不出|收不到|连不上|連不上)"
    r"|没用|沒用|不管用|没效果|沒效果")


def says_still_failing(text: str) -> bool:
    """Whether ``text`` (normalised) says the last suggestion did not help."""
    return STILL_FAILING.search(text) is not None
