"""What the Telegram bot itself says (commands, start, help), in English and Chinese."""

from __future__ import annotations

from bot.models import Text

COMMANDS = {
    "en": [("start", "What I do, with examples"), ("help", "How to ask"),
           ("probe", "Check a mail server: /probe smtp.qq.com:465"),
           ("lang", "Reply language: /lang en or /lang zh"),
           ("autoanswer", "Groups: answer unaddressed questions (admins)"),
           ("quiet", "Groups: answer only commands and replies to me (admins)"),
           ("faq", "Groups: the group's own answers: /faq add, list, remove (admins)"),
           ("stats", "Groups: what I answered, last 7 and 30 days (admins)"),
           ("unanswered", "Groups: recent questions I could not answer (admins)"),
           ("forget", "Delete what I keep about you")],
    "zh": [("start", "功能介绍和示例"), ("help", "怎么提问"),
           ("probe", "检测邮件服务器：/probe smtp.qq.com:465"),
           ("lang", "回复语言：/lang en 或 /lang zh"),
           ("autoanswer", "群组：自动回答未@我的问题（管理员）"),
           ("quiet", "群组：只回答命令和回复我的消息（管理员）"),
           ("faq", "群组：本群自己的问答 /faq add、list、remove（管理员）"),
           ("stats", "群组：近 7 天和 30 天的回答统计（管理员）"),
           ("unanswered", "群组：最近没能回答的问题（管理员）"),
           ("forget", "删除我保存的关于你的记录")],
}
DESCRIPTION = Text(
    "I answer e-mail setup questions: IMAP/POP3/SMTP servers, ports, encryption, app "
    "passwords and 授权码, and the errors mail clients print. I can also check a mail server "
    "for you. Send me an address like zhang@163.com, a question like “QQ SMTP port?”, or a "
    "pasted error.",
    "我回答邮箱设置问题：IMAP/POP3/SMTP 服务器、端口、加密方式、应用专用密码和授权码，以及邮件"
    "客户端的报错。我也可以帮你检测邮件服务器。发送邮箱地址（如 zhang@163.com）、问题（如“QQ邮箱"
    " SMTP 端口”）或粘贴报错即可。",
)
SHORT_DESCRIPTION = Text("E-mail setup answers: servers, ports, app passwords, errors.",
                         "邮箱设置助手：服务器、端口、授权码、报错解释。")
START = Text(
    "Hi! I answer e-mail setup questions in English and Chinese, from a knowledge base that "
    "names its sources. Try:\n• <code>QQ SMTP port?</code>\n• <code>zhang@163.com</code>\n"
    "• <code>535-5.7.8 Username and Password not accepted</code>\n\nUnder an answer, "
    "🔎 checks the server from here. In groups, mention me or reply to me.",
    "你好！我用中英文回答邮箱设置问题，资料都注明了来源。试试：\n• <code>QQ邮箱 SMTP 端口</code>\n"
    "• <code>zhang@163.com</code>\n• <code>535 Login Fail. Please enter your authorization "
    "code to login</code>\n\n回答下方的 🔎 按钮可以从这里检测服务器。在群里请 @我 或回复我的消息。",
)
HELP = Text(
    "<b>How to ask</b>\n• an address: <code>li@qq.com</code>\n• a provider and what you need: "
    "<code>gmail imap</code>, <code>outlook smtp port</code>\n• a pasted error message\n\n"
    "<b>Commands</b>\n/probe <code>host:port</code> or an address — check a server (no "
    "password is ever sent)\n/lang en|zh — reply language\n/autoanswer on|off — groups, "
    "admins only: answer questions that do not mention me when I am sure\n\n"
    "Never send me a password or authorization code: I never need one.",
    "<b>怎么提问</b>\n• 发送邮箱地址：<code>li@qq.com</code>\n• 服务商加需求：<code>gmail imap"
    "</code>、<code>163邮箱 smtp 端口</code>\n• 直接粘贴报错信息\n\n<b>命令</b>\n/probe "
    "<code>主机:端口</code> 或邮箱地址 — 检测服务器（不会发送任何密码）\n/lang en|zh — 回复语言\n"
    "/autoanswer on|off — 群组管理员：有把握时自动回答未 @我 的问题\n\n请不要把密码或授权码发给我："
    "我从来不需要它们。",
)
LANG_SET = Text("I will reply in English here.", "我会在这里用中文回复。")
LANG_USAGE = Text("Usage: /lang en or /lang zh", "用法：/lang en 或 /lang zh")
PROBE_USAGE = Text("Usage: /probe smtp.qq.com:465 (or an address, or a provider name)",
                   "用法：/probe smtp.qq.com:465（也可以是邮箱地址或服务商名称）")
PROBING = Text("🔎 Probing {target}…", "🔎 正在检测 {target}…")
AUTOANSWER_ON = Text("Auto-answer is on: I answer questions here when I am sure.",
                     "已开启自动回答：有把握时我会回答本群的问题。")
AUTOANSWER_OFF = Text("Auto-answer is off: mention me or reply to me.",
                      "已关闭自动回答：请 @我 或回复我的消息。")
AUTOANSWER_USAGE = Text("Usage: /autoanswer on or /autoanswer off (in a group)",
                        "用法：在群组中使用 /autoanswer on 或 /autoanswer off")
ADMINS_ONLY = Text("Only group admins can change this.", "只有群管理员可以修改此设置。")
GROUP_SKIPPED = Text(
    "Many questions came at once, so I skipped {count} of them. Ask again if yours was one, "
    "or ask me in private: there I answer everything.",
    "刚才问题太多，我跳过了其中 {count} 个。如果有你的问题，请再问一次，"
    "或私聊我：私聊中我会回答每个问题。")
APOLOGY = Text("Sorry, something went wrong on my side. Please try again.",
               "抱歉，我这边出了点问题，请再试一次。")
BUTTON_OUT_OF_DATE = Text("This button is out of date. Please ask me again.",
                          "这个按钮已过期，请重新提问。")
LINK_OUT_OF_DATE = Text("That link is out of date. Please ask me again.",
                        "这个链接已过期，请重新提问。")
BUTTON_PROBE = Text("🔎 Check {server}", "🔎 检测 {server}")
BUTTON_DID_YOU_MEAN = Text("Use {domain}", "改用 {domain}")
BUTTON_PRIVATE = Text("More in private", "私聊查看详情")
BUTTON_LANG = {"en": "English", "zh": "中文"}
INLINE_EXAMPLES = Text("Ask me, e.g. “qq smtp” or “zhang@163.com”",
                       "试试“qq smtp”或“zhang@163.com”")
BUTTON_DETAILS = Text("Details", "详细说明")
BUTTON_EXPORT = {
    "mobileconfig": Text("📱 iPhone/Mac profile", "📱 iPhone/Mac 描述文件"),
    "autoconfig": Text("Thunderbird file", "Thunderbird 配置文件"),
}
EXPORT_HOWTO = {
    "mobileconfig": Text(
        "Open this file on your iPhone, iPad or Mac and install it (Settings → Profile "
        "Downloaded). Your device asks for the password; it is not in the file.",
        "在 iPhone、iPad 或 Mac 上打开此文件并安装（设置 → 已下载描述文件）。设备会询问密码，"
        "文件中不含密码。"),
    "autoconfig": Text(
        "Thunderbird's autoconfig file (clientConfig 1.1): a mail admin can serve it at "
        "autoconfig.&lt;your domain&gt;/mail/config-v1.1.xml (or run mailbot "
        "serve-autoconfig), and Thunderbird and K-9 then fill everything in.",
        "Thunderbird 自动配置文件（clientConfig 1.1）：邮件管理员可将其放在 "
        "autoconfig.&lt;您的域名&gt;/mail/config-v1.1.xml（或运行 mailbot serve-autoconfig），"
        "Thunderbird 和 K-9 即可自动填好所有设置。"),
}
QUIET_ON = Text("Quiet mode is on: I answer only commands and replies to me.",
                "安静模式已开启：我只回答命令和回复我的消息。")
QUIET_OFF = Text("Quiet mode is off.", "安静模式已关闭。")
QUIET_USAGE = Text("Usage: /quiet on or /quiet off (in a group)",
                   "用法：/quiet on 或 /quiet off（在群组中）")
NOT_SAVED = Text("(I could not save this setting just now: it may be lost when I restart.)",
                 "（暂时无法保存此设置：重启后可能失效。）")
GROUPS_ONLY = Text("This command works in groups.", "此命令只能在群组中使用。")
NO_STORE = Text("I keep no records here right now; please try again later.",
                "目前无法读取记录，请稍后再试。")
FAQ_USAGE = Text(
    "Usage:\n/faq add TRIGGER = ANSWER\n/faq list\n/faq remove N",
    "用法：\n/faq add 触发词 = 回答\n/faq list\n/faq remove 编号")
FAQ_ADDED = Text("Added as entry {number}.", "已添加为第 {number} 条。")
FAQ_REFUSED = Text(
    "Not added: the trigger must be 1–200 characters and the answer 1–2000, and a group "
    "keeps at most 100 entries.",
    "未添加：触发词需 1–200 字，回答需 1–2000 字，每个群最多 100 条。")
FAQ_EMPTY = Text("This group has no answers of its own yet. Add one: /faq add TRIGGER = ANSWER",
                 "本群还没有自己的问答。添加：/faq add 触发词 = 回答")
FAQ_REMOVED = Text("Entry {number} removed.", "已删除第 {number} 条。")
FAQ_NO_SUCH = Text("There is no entry {number}. See /faq list.",
                   "没有第 {number} 条，请看 /faq list。")
STATS = Text(
    "Last {days} days: {answered} answered, {unanswered} not answered.",
    "近 {days} 天：已回答 {answered} 个，未回答 {unanswered} 个。")
STATS_PROVIDERS = Text("Providers: {items}", "邮箱服务商：{items}")
STATS_CODES = Text("Problems: {items}", "问题：{items}")
UNANSWERED_NONE = Text("No unanswered questions in the last 30 days.",
                       "近 30 天没有未回答的问题。")
UNANSWERED_HEAD = Text("Recent questions I could not answer (secrets hidden):",
                       "最近没能回答的问题（已隐藏密码等）：")
FORGOTTEN = Text("Done: I deleted {count} records about you.",
                 "已删除关于你的 {count} 条记录。")
PROBE_TOO_MANY = Text("Too many probes from you or this chat; please try again in a minute.",
                      "你或本群的检测次数太多，请一分钟后再试。")
