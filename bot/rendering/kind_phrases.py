"""The bot's own words for the kinds of question that are not lookups (issue 12); the
facts they carry come from knowledge/."""

from __future__ import annotations

from bot.models import Text

YES = Text("Yes.", "是的。")
NO = Text("No.", "不是。")
CAN = Text("Yes.", "可以。")
CANNOT = Text("No.", "不可以。")
UNSURE = Text("I can't confirm it:", "无法确认：")
WRONG_HOST = Text("{claim} is not {name}'s {protocol} server.",
                  "{claim} 不是 {name} 的 {protocol} 服务器。")
WRONG_PORT = Text("Port {claim} is not among {name}'s {protocol} settings.",
                  "{claim} 端口不在 {name} 的 {protocol} 设置里。")
PORT_BELONGS = Text("{port} is the {protocol} port.", "{port} 是 {protocol} 的端口。")
DATE_EN = "{day} {month} {year}"
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")
DATE_ZH = "{year} 年 {month} 月 {day} 日"
CHANGE = Text("{name}, {date}: {text}", "{name}，{date}：{text}")
NO_CHANGE = Text(
    "Unknown: I have no dated change for {name} that answers this, and I won't guess a date.",
    "未知：我没有 {name} 与此相关的变更日期，不会凭空猜测。")
MX = Text("{name} MX records: ", "{name} 的 MX 记录：")
MX_PRIORITY = Text("priority {priority}", "优先级 {priority}")
NO_MX = Text(
    "I have no MX records for {name} in my knowledge base, and I won't guess them: its admin "
    "help or console gives the values for your domain.",
    "我的资料里没有 {name} 的 MX 记录，不会凭空猜测：请查看它的管理员帮助或管理后台给出的值。")
ALSO_MEANT = Text("Or did you mean {names}? Ask about it by that name.",
                  "如果你用的是 {names}，请直接按这个名字再问。")
HELP = Text("Help", "帮助")
