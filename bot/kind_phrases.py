"""How people ask the kinds of question that are not lookups (issue 12): when something
changed, yes or no, which MX records. Lower-case regexes over the normalised text (NFKC,
case-folded, Simplified), in English and Chinese; the facts they lead to are in knowledge/."""

from __future__ import annotations

import re

# "when did Gmail stop…", "since when", "Gmail什么时候不能用密码了"; not "when I send mail…"
WHEN = re.compile(
    r"^since when\b|\bwhen (?:did|was|were|will|does|do|is|are|has|had)\b"
    r"|\bwhat (?:date|year|day)\b|\bwhich (?:date|year|day)\b"
    r"|什么时候|啥时候|何时|几时|哪天|哪一天|哪年|哪一年|什么时间|从哪天")

# "which MX records does Tencent Exmail need?", "腾讯企业邮箱MX记录怎么填"
MX = re.compile(r"(?<![a-z0-9.@-])mx(?:s|es)?(?![a-z0-9.-])")

# "is port 465 OK for iCloud?", "does Yahoo support POP?", "雅虎邮箱支持POP吗"; not "does
# anyone know…", "有人知道…吗" (a lookup asked politely)
YES_NO = re.compile(
    r"^(?:is|are|does|do|can|could|will|should|has|have)\b(?!.*\b(?:anyone|anybody|someone"
    r"|somebody|you know|tell me)\b)"
    r"|(?:支持|可以|能用|能不能|行|对|是|开通|提供|可用)[^。？?!！]{0,40}吗"
    r"|支不支持|是不是|对不对|可不可以|能不能用|是否|有没有(?!人)")
NOT_YES_NO = re.compile(r"知道|告诉|请问.*(?:多少|什么|哪)|多少|什么|哪个|哪些|怎么|如何"
                        r"|\bwhat\b|\bwhich\b|\bhow\b")

MAX_QUESTION_CHARS = 200  # a question of one of these kinds is short; a paste is not

# "能用465吗" is answered "可以/不可以", "是…吗" "是的/不是"
CAN = re.compile(r"能|可以|行|支持|\bcan\b|\bok\b|okay|\bsupport")

# "EMAIL_SERVER_HOST = 'pop.163.com' 这样填对吗": a pasted setting is their setup, diagnosed
ASSIGNMENT = re.compile(r"\w\s*(?:=|:=|=>)\s*\S")
