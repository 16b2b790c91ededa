"""The questions the answer shape is measured and tested on (issue 12): what a person asks in
a chat, in both languages, with what the first line of the reply must hold.

Each case: the message, the kind of answer (settings, error, other), the reply language
("en", "zh" or "zh-hant" for Traditional script) and the strings the first line must contain
(copyable host names and ports, checked against the knowledge base, not written from memory:
``tests/test_answer_shape.py`` asserts each one is a server of the answered provider).
"""

from __future__ import annotations

from typing import NamedTuple


class ShapeCase(NamedTuple):
    message: str
    kind: str  # settings | error | other
    lang: str  # en | zh | zh-hant
    first_line: tuple[str, ...] = ()

# "other" also holds what the engine does not (yet) read as an error: a known error text
# it asks back about ("Which provider?") is measured with the other answers.


CASES: tuple[ShapeCase, ...] = (
    # settings, English
    ShapeCase("QQ SMTP port?", "settings", "en", ("smtp.qq.com", "465")),
    ShapeCase("qq imap", "settings", "en", ("imap.qq.com", "993")),
    ShapeCase("gmail imap", "settings", "en", ("imap.gmail.com", "993")),
    ShapeCase("gmail smtp settings", "settings", "en", ("smtp.gmail.com",)),
    ShapeCase("What is the SMTP server for 163.com?", "settings", "en", ("smtp.163.com",)),
    ShapeCase("126 mail imap server", "settings", "en", ("imap.126.com",)),
    ShapeCase("icloud smtp port", "settings", "en", ("smtp.mail.me.com",)),
    ShapeCase("yahoo mail pop3", "settings", "en", ("pop.mail.yahoo.com",)),
    ShapeCase("fastmail imap settings", "settings", "en", ("imap.fastmail.com",)),
    ShapeCase("zhang@163.com", "settings", "en", ("163.com",)),
    ShapeCase("me@gmail.com smtp", "settings", "en", ("smtp.gmail.com",)),
    ShapeCase("outlook.com imap", "settings", "en", ("outlook.office365.com",)),
    ShapeCase("hotmail smtp server", "settings", "en", ("smtp-mail.outlook.com",)),
    ShapeCase("aol imap port", "settings", "en", ("imap.aol.com",)),
    ShapeCase("gmx.de smtp", "settings", "en", ("mail.gmx.net",)),
    ShapeCase("mail.ru imap", "settings", "en", ("imap.mail.ru",)),
    ShapeCase("yandex smtp", "settings", "en", ("smtp.yandex",)),
    ShapeCase("zoho mail smtp", "settings", "en", ("smtp.zoho",)),
    ShapeCase("Tencent exmail smtp", "settings", "en", ("smtp.exmail.qq.com",)),
    ShapeCase("sina mail imap", "settings", "en", ("imap.sina",)),
    ShapeCase("proton mail imap", "settings", "en", ()),
    ShapeCase("what port does gmail use for starttls smtp", "settings", "en",
              ("smtp.gmail.com", "587")),
    ShapeCase("qq mail settings", "settings", "en", ("qq.com",)),
    ShapeCase("icloud mail settings for thunderbird", "settings", "en", ("mail.me.com",)),
    # settings, Chinese
    ShapeCase("qq邮箱smtp端口多少", "settings", "zh", ("smtp.qq.com", "465")),
    ShapeCase("QQ邮箱IMAP服务器", "settings", "zh", ("imap.qq.com",)),
    ShapeCase("163邮箱smtp服务器地址", "settings", "zh", ("smtp.163.com",)),
    ShapeCase("126邮箱怎么设置imap", "settings", "zh", ("imap.126.com",)),
    ShapeCase("网易邮箱pop3端口", "settings", "zh", ("pop.163.com",)),
    ShapeCase("gmail的smtp端口是多少", "settings", "zh", ("smtp.gmail.com",)),
    ShapeCase("腾讯企业邮箱smtp", "settings", "zh", ("smtp.exmail.qq.com",)),
    ShapeCase("新浪邮箱imap设置", "settings", "zh", ("imap.sina",)),
    ShapeCase("阿里云邮箱smtp服务器", "other", "zh", ()),  # personal or enterprise: asks
    ShapeCase("139邮箱收信服务器", "settings", "zh", ("139.com",)),
    ShapeCase("189邮箱smtp", "settings", "zh", ("189.cn",)),
    ShapeCase("foxmail 配置 qq邮箱 imap", "settings", "zh", ("imap.qq.com",)),
    ShapeCase("outlook邮箱imap", "settings", "zh", ("outlook.office365.com",)),
    ShapeCase("iCloud邮箱发信服务器", "settings", "zh", ("smtp.mail.me.com",)),
    ShapeCase("qq邮箱的配置文件怎么写smtp", "settings", "zh", ("smtp.qq.com",)),
    ShapeCase("163邮箱停用了pop吗 pop3服务器", "settings", "zh", ("pop.163.com",)),
    # settings, Traditional
    ShapeCase("網易郵箱smtp伺服器", "settings", "zh-hant", ("smtp.163.com",)),
    ShapeCase("QQ郵箱IMAP伺服器設定", "settings", "zh-hant", ("imap.qq.com",)),
    ShapeCase("Gmail的SMTP連接埠", "settings", "zh-hant", ("smtp.gmail.com",)),
    # errors, English
    ShapeCase("535-5.7.8 Username and Password not accepted gmail", "error", "en"),
    ShapeCase("535 Login Fail. Please enter your authorization code to login", "error", "en"),
    ShapeCase("535 Error: authentication failed qq", "error", "en"),
    ShapeCase("550 User has no permission 163", "error", "en"),
    ShapeCase("SSL: CERTIFICATE_VERIFY_FAILED when sending mail", "other", "en"),
    ShapeCase("Connection refused port 25 smtp", "error", "en"),
    ShapeCase("530 5.7.0 Must issue a STARTTLS command first", "error", "en"),
    ShapeCase("5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled "
              "for the Tenant", "error", "en"),
    ShapeCase("554 DT:SPM 163 smtp", "error", "en"),
    ShapeCase("553 Relaying disallowed", "other", "en"),
    # errors, Chinese
    ShapeCase("qq邮箱发信报错 535 Login Fail. Please enter your authorization code to login",
              "error", "zh"),
    ShapeCase("用163发邮件提示 550 User has no permission", "error", "zh"),
    ShapeCase("gmail 提示 535-5.7.8 Username and Password not accepted 怎么办", "error", "zh"),
    ShapeCase("发邮件报错 Connection timed out 端口25", "other", "zh"),
    ShapeCase("outlook 发信报 5.7.139 Authentication unsuccessful 怎么解决", "other", "zh"),
    ShapeCase("网易邮箱 554 DT:SPM 被退信", "error", "zh"),
    # other
    ShapeCase("hello", "other", "en"),
    ShapeCase("which port is STARTTLS?", "other", "en"),
    ShapeCase("smtp port", "other", "en"),
    ShapeCase("你好", "other", "zh"),
    ShapeCase("邮箱端口", "other", "zh"),
    ShapeCase("outlook smtp", "other", "en"),
    ShapeCase("企业邮箱", "other", "zh"),
)
