"""The bot's own words in English and Chinese (facts live in knowledge/, not here)."""

from __future__ import annotations

from bot.models import Lang, LoginMethod, Protocol, Security, Text, UsernameForm

PROTOCOL = {
    Protocol.IMAP: Text("IMAP (incoming)", "IMAP（收信）"),
    Protocol.POP3: Text("POP3 (incoming)", "POP3（收信）"),
    Protocol.SMTP: Text("SMTP (outgoing)", "SMTP（发信）"),
}
SECURITY = {
    Security.SSL: Text("SSL/TLS", "SSL/TLS"),
    Security.STARTTLS: Text("STARTTLS", "STARTTLS"),
    Security.NONE: Text("no encryption", "不加密"),
}
USERNAME = {
    UsernameForm.ADDRESS: Text("your full address", "完整邮箱地址"),
    UsernameForm.LOCAL_PART: Text("the part before @", "@ 前面的部分"),
    UsernameForm.LOCAL_PART_DOT_DOMAIN: Text("your address with the @ replaced by a dot",
                                             "把邮箱地址中的 @ 换成点（.）"),
    UsernameForm.ACCOUNT_ID: Text("the account ID your provider gave you (not your address)",
                                  "服务商分配的账户 ID（不是邮箱地址）"),
}
LOGIN_METHOD = {
    LoginMethod.PASSWORD: Text("your normal password", "邮箱登录密码"),
    LoginMethod.APP_PASSWORD: Text("an app password", "应用专用密码"),
    LoginMethod.AUTHORIZATION_CODE: Text("an authorization code (授权码), not your login password",
                                         "授权码（不是登录密码）"),
    LoginMethod.OAUTH2: Text("OAuth2 sign-in (the client opens the provider's login page)",
                             "OAuth2 登录（客户端弹出服务商的登录页面）"),
    LoginMethod.BRIDGE: Text("the provider's bridge app running on your computer",
                             "在电脑上运行服务商的 Bridge 程序"),
    LoginMethod.NONE: Text("no IMAP/POP/SMTP login at all", "完全不支持 IMAP/POP/SMTP 登录"),
}

PORT = Text("port", "端口")
USERNAME_LABEL = Text("Username", "用户名")
PASSWORD_LABEL = Text("Password", "密码")
OR = Text(" or ", " 或 ")
UNVERIFIED = Text("(unverified: no official source confirms this)",
                  "（未经核实：没有官方资料确认）")
BEFORE_YOU_START = Text("Before you start", "使用前需要先开启")
NOTES = Text("Good to know", "注意事项")
SOURCES_DIFFER = Text("Sources differ", "资料来源不一致")
MORE = Text("Provider's help", "官方帮助")
NO_CLIENT_ACCESS = Text(
    "{name} offers no IMAP, POP3 or SMTP access: no mail client can be set up for it. "
    "Use its own apps or website.",
    "{name} 不支持 IMAP、POP3 或 SMTP，任何第三方邮件客户端都无法设置。"
    "请使用它自己的应用或网页版。",
)
DISCONTINUED = Text(
    "{name} has shut down: its addresses can no longer be set up in a mail client.",
    "{name} 已停止服务：这些邮箱地址已无法在邮件客户端中设置。",
)
PROTOCOL_NOT_OFFERED = Text(
    "{name}: I have no {protocol} settings for this provider (it may not offer it).",
    "{name}：我没有这个服务商的 {protocol} 设置（它可能不提供）。",
)

FOUND_HOW = Text("How I found this", "查找依据")
DISCOVERED_TITLE = Text("Mail settings for {domain}", "{domain} 的邮箱设置")
DISCOVERED_LOGIN = Text(
    "Log in with your full address and your mail password (or the app password your "
    "provider gives you).",
    "用户名填完整邮箱地址，密码填邮箱密码（或服务商提供的应用专用密码）。")

ERROR_CAUSE = Text("Cause", "原因")
ERROR_FIX = Text("Fix", "解决方法")
ALSO_POSSIBLE = Text("It may also be", "也可能是")
YOUR_SETTING = Text("In your message", "你的消息里")
DIAGNOSIS_FIX = Text("What to change", "怎么改")
FOR_PROVIDER = Text("For {name}", "{name} 的情况")

AMBIGUOUS = Text('"{name}" can mean more than one service. Which one is yours?',
                 "“{name}”可能指不同的服务，你用的是哪一个？")
LOOKUP_FAILED = Text(
    "I could not finish looking up {domain}: the DNS did not answer in time. Try again in a "
    "minute; meanwhile, your mail provider's help pages give its server settings.",
    "查询 {domain} 没有完成：DNS 没有及时响应。请一分钟后再试；也可以先查看邮件服务商帮助页面里的"
    "服务器设置。")
UNKNOWN_DOMAIN = Text(
    "I don't know the mail provider of {domain} yet, and I won't guess its servers.",
    "我还不认识 {domain} 的邮件服务商，不会凭空猜测服务器地址。",
)
DID_YOU_MEAN = Text(
    "Did you mean {known} ({name})? If so, ask again with that address.",
    "你是不是想输入 {known}（{name}）？如果是，请用这个地址再问一次。",
)
UNKNOWN_HOW_TO = (
    Text("Look up its MX records (nslookup -type=mx {domain}): they usually name the real "
         "provider, e.g. Google, Microsoft 365 or Tencent Exmail. Then ask me about that provider.",
         "查询该域名的 MX 记录（nslookup -type=mx {domain}）：通常能看出真正的服务商，"
         "例如 Google、Microsoft 365 或腾讯企业邮，然后再问我这个服务商。"),
    Text("Ask whoever runs the mailbox (your IT admin or host) for the IMAP/SMTP settings.",
         "向邮箱管理员或主机服务商索取 IMAP/SMTP 设置。"),
    Text("Thunderbird's account setup tries the domain's own autoconfig and is worth a try.",
         "也可以试试 Thunderbird 的账户向导，它会读取域名自带的自动配置。"),
)
NEED_PROVIDER = Text(
    "Which mail provider is it? Send your address or the provider's name, for example:",
    "是哪个邮箱服务商？请发送邮箱地址或服务商名称，例如：",
)
OFF_TOPIC = Text(
    "I answer e-mail setup questions: servers, ports, encryption, app passwords and error "
    "messages. Try for example:",
    "我专门回答邮箱设置问题：服务器、端口、加密方式、授权码和报错信息。可以这样问：",
)
EMPTY = Text("Send me an e-mail question, for example:", "请发送邮箱设置问题，例如：")
EXAMPLES = {
    Lang.EN: ("QQ SMTP port?", "zhang@163.com", "535-5.7.8 Username and Password not accepted"),
    Lang.ZH: ("QQ邮箱 SMTP 端口", "zhang@163.com", "535 Login Fail. Please enter your "
              "authorization code to login"),
}
SECRET_WARNING = Text(
    "⚠ Your message seems to contain a password or authorization code. Delete the message "
    "and change that secret: I never need it.",
    "⚠ 你的消息里似乎有密码或授权码。请删除这条消息并尽快修改该密码/授权码：我从不需要它。",
)

# The short first reply (bot/rendering/short_card.py)
LOGIN_SHORT = {
    LoginMethod.PASSWORD: Text("your normal password", "邮箱登录密码"),
    LoginMethod.APP_PASSWORD: Text("an app password", "应用专用密码"),
    LoginMethod.AUTHORIZATION_CODE: Text("an authorization code (授权码)",
                                         "授权码（不是登录密码）"),
    LoginMethod.OAUTH2: Text("OAuth2 sign-in", "OAuth2 登录"),
    LoginMethod.BRIDGE: Text("the provider's bridge app", "服务商的 Bridge 程序"),
    LoginMethod.NONE: Text("no client login", "不支持客户端登录"),
}
PROTOCOL_NAME = {
    Protocol.IMAP: Text("IMAP", "IMAP 收信"),
    Protocol.POP3: Text("POP3", "POP3 收信"),
    Protocol.SMTP: Text("SMTP", "SMTP 发信"),
}
PASSWORD_IS = Text("password: {kind}", "密码填{kind}")
UNVERIFIED_SHORT = Text("(unverified)", "（未经核实）")
ALSO_PORT = Text("Also", "也可用")
SWITCH_ON_FIRST = Text("The service must be switched on first in the web settings.",
                       "需先在网页版设置中开启该服务。")
MORE_IN_FULL = Text("More (all servers, steps, notes): mailbot ask --full",
                    "更多（全部服务器、步骤、说明）：mailbot ask --full")
LOOKING_UP = Text("Looking up {domain}…", "正在查询 {domain}…")
