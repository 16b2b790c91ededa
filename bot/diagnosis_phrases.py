"""The words of the setup diagnosis, in both languages, with {placeholders} for the person's
own values. Kept apart from the checks (``setup_check.py``) so that the checks read as logic.

Placeholders: {port}, {host}, {mode} (what their tool does), {right} (the right TLS setting in
their tool's own spelling), {other_port}, {provider}, {place}, {unblock}, {owner},
{servers} (the provider's right servers), {where} (where the error says it connected).
"""

from __future__ import annotations

from bot.models import DiagnosisCode as C
from bot.models import Security, Text

MODE_NAMES: dict[Security, Text] = {
    Security.SSL: Text("SSL/TLS from the first byte", "一连接就 SSL/TLS 加密"),
    Security.STARTTLS: Text("plain text, then STARTTLS", "先明文再 STARTTLS"),
    Security.NONE: Text("no encryption", "不加密"),
}
SHORT_MODE: dict[Security, str] = {
    Security.SSL: "SSL/TLS", Security.STARTTLS: "STARTTLS", Security.NONE: "plain",
}
GENERIC_MODE_SETTING: dict[Security, Text] = {
    Security.SSL: Text("SSL/TLS (implicit TLS)", "SSL/TLS（直接加密）"),
    Security.STARTTLS: Text("STARTTLS", "STARTTLS"),
    Security.NONE: Text("no encryption", "不加密"),
}

TEXTS: dict[C, Text] = {
    C.EXPECTS_IMPLICIT_TLS: Text(
        "Port {port} expects TLS from the first byte, but your settings make the tool start "
        "with {mode}: it waits for a greeting that never comes (timeouts, \"Greeting never "
        "received\", connection closed).",
        "{port} 端口要求一连接就加密（SSL/TLS），而你的设置让程序{mode}：它会一直等不到服务器"
        "的问候（超时、Greeting never received、连接被关闭）。"),
    C.EXPECTS_STARTTLS: Text(
        "Port {port} starts in plain text (STARTTLS), but your settings make the tool speak "
        "TLS from the first byte: that gives WRONG_VERSION_NUMBER / \"wrong version number\".",
        "{port} 端口先明文再用 STARTTLS 加密，而你的设置让程序一连接就用 SSL/TLS：这正是 "
        "WRONG_VERSION_NUMBER（wrong version number）错误的原因。"),
    C.TLS_OPTIONS_CONFLICT: Text(
        "SSL and STARTTLS are both switched on; they are two different ways to encrypt and only "
        "one can be used.",
        "SSL 和 STARTTLS 同时打开了；这是两种不同的加密方式，只能选一种。"),
    C.CLIENT_CANNOT_IMPLICIT_TLS: Text(
        "{client} cannot do TLS from the first byte, which port {port} requires.",
        "{client} 不支持一连接就加密（SSL/TLS），而 {port} 端口正需要这种方式。"),
    C.PORT_25_BLOCKED: Text(
        "Port 25 is blocked for outgoing connections on {place}: the app cannot reach the mail "
        "server on it.",
        "{place}默认封禁出站 25 端口：程序连不上邮件服务器的 25 端口。"),
    C.SMTP_PORTS_BLOCKED: Text(
        "{place} blocks outgoing mail ports 25, 465 and 587 by default: no SMTP server can be "
        "reached from there until the block is lifted.",
        "{place}默认封禁出站 25、465 和 587 端口：在解封之前，从这里连不上任何 SMTP 服务器。"),
    C.SETTINGS_NOT_LOADED: Text(
        "The app connects to {where}, not to the server in your settings: it did not pick up "
        "its mail settings.",
        "程序连接的是 {where}，而不是你设置的服务器：它没有读到你的邮件设置。"),
    C.WRONG_HOST: Text(
        "{host} is not {provider}'s mail server for this.",
        "{host} 不是{provider}用于此用途的邮件服务器。"),
    C.INCOMING_HOST_FOR_SENDING: Text(
        "{host} is {owner}'s server for receiving mail (IMAP/POP3), not for sending.",
        "{host} 是{owner}的收信（IMAP/POP3）服务器，不能用来发信。"),
    C.CONSUMER_HOST_FOR_BUSINESS: Text(
        "{host} is the server of {owner} (personal mailboxes); a {provider} mailbox logs in on "
        "{provider}'s own servers.",
        "{host} 是{owner}（个人邮箱）的服务器；{provider}的邮箱要用{provider}自己的服务器。"),
    C.BUSINESS_HOST_FOR_CONSUMER: Text(
        "{host} is the server of {owner} (business mailboxes); a {provider} mailbox logs in on "
        "{provider}'s own servers.",
        "{host} 是{owner}（企业邮箱）的服务器；{provider}的邮箱要用{provider}自己的服务器。"),
    C.MX_HOST_FOR_SUBMISSION: Text(
        "{host} is an MX host: it receives mail from other servers and does not take a login "
        "for sending.",
        "{host} 是 MX（收件交换）主机：它接收其他服务器投递的邮件，不接受登录发信。"),
    C.AUTHORIZATION_CODE_REQUIRED: Text(
        "{provider} does not accept your login password in mail apps: it needs an "
        "authorization code (授权码 / client password) generated in its web settings.",
        "{provider}在客户端和程序里不接受登录密码，需要在网页设置里生成的授权码（客户端专用密码）。"),
    C.APP_PASSWORD_REQUIRED: Text(
        "{provider} does not accept your normal password in mail apps: it needs an app password.",
        "{provider}在客户端和程序里不接受普通密码，需要应用专用密码。"),
    C.SERVICE_NOT_ENABLED: Text(
        "You already use {kind}; the next usual cause is that IMAP/POP3/SMTP access is switched "
        "off in {provider}'s web settings.",
        "你已经在用{kind}；下一个常见原因是{provider}网页设置里的 IMAP/POP3/SMTP 服务没有开启。"),
    C.AUTH_FAILED: Text(
        "You already use {kind} and the service is on: the login itself is not accepted.",
        "你已经在用{kind}，服务也已开启：是登录信息本身没有被接受。"),
    C.OAUTH_REQUIRED: Text(
        "{provider} accepts only OAuth2 sign-in for this: passwords and app passwords are refused.",
        "{provider}这里只接受 OAuth2 登录：密码和应用专用密码都会被拒绝。"),
}

FIXES: dict[C, tuple[Text, ...]] = {
    C.EXPECTS_IMPLICIT_TLS: (
        Text("Set {right} for port {port}.", "端口 {port} 请设置 {right}。"),
        Text("Or keep your setting and use port {other_port} instead.",
             "或者保留现在的设置，改用 {other_port} 端口。"),
    ),
    C.EXPECTS_STARTTLS: (
        Text("Set {right} for port {port}.", "端口 {port} 请设置 {right}。"),
        Text("Or keep your setting and use port {other_port} instead.",
             "或者保留现在的设置，改用 {other_port} 端口。"),
    ),
    C.TLS_OPTIONS_CONFLICT: (
        Text("Port 465: keep only {ssl_setting}. Port 587: keep only {starttls_setting}.",
             "465 端口只保留 {ssl_setting}；587 端口只保留 {starttls_setting}。"),
    ),
    C.CLIENT_CANNOT_IMPLICIT_TLS: (
        Text("Use port 587 with {right}.", "改用 587 端口并设置 {right}。"),
    ),
    C.PORT_25_BLOCKED: (
        Text("Send through the provider's submission port with login: {servers}.",
             "改用服务商的登录发信端口：{servers}。"),
        Text("{unblock}", "{unblock}"),
        Text("A mail server of your own still needs port 25 to receive mail from others; only "
             "sending from apps moves to 465/587.",
             "自建邮件服务器接收外部邮件仍然需要 25 端口；只有程序发信需要改用 465/587。"),
    ),
    C.SMTP_PORTS_BLOCKED: (
        Text("{unblock}", "{unblock}"),
        Text("Or send through the mail provider's HTTPS API, which these blocks do not cover.",
             "或者改用邮件服务商的 HTTPS API 发信，这些封禁不影响 HTTPS。"),
    ),
    C.SETTINGS_NOT_LOADED: (
        Text("Check that the app reads the file or environment variables you edited (restart it "
             "after changing them; in Docker, pass them to the container).",
             "确认程序读取的是你修改的配置文件或环境变量（修改后重启；"
             "Docker 中要把变量传给容器）。"),
    ),
    C.WRONG_HOST: (Text("Use {servers}.", "请使用 {servers}。"),),
    C.INCOMING_HOST_FOR_SENDING: (Text("Send through {servers}.", "发信请用 {servers}。"),),
    C.CONSUMER_HOST_FOR_BUSINESS: (Text("Use {servers}.", "请使用 {servers}。"),),
    C.BUSINESS_HOST_FOR_CONSUMER: (Text("Use {servers}.", "请使用 {servers}。"),),
    C.MX_HOST_FOR_SUBMISSION: (
        Text("Send with login through the submission server: {servers}.",
             "登录发信请用提交服务器：{servers}。"),
    ),
}
FIXES[C.SERVICE_NOT_ENABLED] = (
    Text("Switch the service on in the web settings, then generate a new {kind} and use that.",
         "在网页设置里开启服务，然后重新生成{kind}并使用新的。"),
)
FIXES[C.AUTH_FAILED] = (
    Text("Log in with the full address as the username.", "用户名请填写完整的邮箱地址。"),
    Text("Copy the {kind} again without spaces, or generate a new one.",
         "重新复制{kind}（不要带空格），或重新生成一个。"),
)
KIND_NAMES: dict[str, Text] = {
    "authorization-code": Text("an authorization code", "授权码"),
    "app-password": Text("an app password", "应用专用密码"),
}
PLACE_UNKNOWN = Text("many cloud hosts and home connections", "很多云主机和家庭宽带")
SUBMISSION_GENERIC = Text("port 465 (SSL/TLS) or 587 (STARTTLS)",
                          "465 端口（SSL/TLS）或 587 端口（STARTTLS）")
UNBLOCK_GENERIC = Text(
    "Or ask the host to lift the block; where every SMTP port is blocked, send through the "
    "provider's HTTPS API instead.",
    "也可以请主机商解封；如果所有 SMTP 端口都被封，改用邮件服务商的 HTTPS API 发信。")
