"""The engine against a table of real-looking messages, in Chinese and English.

Each row: message | intent | provider id (or "-" for none, "a,b" for an ambiguous pair) |
reply language | protocol of the first recommended server (or "-") | troubleshooting id
of the first entry (or "-"). Written by hand, never generated from the engine's output.
"""

from __future__ import annotations

import pytest

from bot.engine import Engine

TABLE = """
QQ SMTP port? | settings | qq-mail | en | smtp | -
qq smtp | settings | qq-mail | en | smtp | -
QQ imap server | settings | qq-mail | en | imap | -
qq pop3 | settings | qq-mail | en | pop3 | -
gmail imap | settings | gmail | en | imap | -
gmail smtp port | settings | gmail | en | smtp | -
Gmail SMTP server and port? | settings | gmail | en | smtp | -
google mail pop | settings | gmail | en | pop3 | -
hotmail smtp | settings | outlook | en | smtp | -
hotmail imap settings | settings | outlook | en | imap | -
outlook smtp | settings | outlook | en | smtp | -
outlook | settings | outlook | en | imap | -
office 365 smtp | settings | microsoft-365 | en | smtp | -
microsoft 365 imap | settings | microsoft-365 | en | imap | -
o365 smtp server | settings | microsoft-365 | en | smtp | -
yahoo smtp | settings | yahoo | en | smtp | -
yahoo mail imap port | settings | yahoo | en | imap | -
ymail pop | settings | yahoo | en | pop3 | -
aol smtp port | settings | aol | en | smtp | -
aol imap | settings | aol | en | imap | -
icloud imap server | settings | icloud | en | imap | -
icloud smtp | settings | icloud | en | smtp | -
163 smtp | settings | netease-163 | en | smtp | -
163 imap port | settings | netease-163 | en | imap | -
126 smtp server | settings | netease-126 | en | smtp | -
yeah.net smtp | settings | netease-yeah | en | smtp | -
vip.163.com imap | settings | netease-vip163 | en | imap | -
188.com smtp | settings | netease-188 | en | smtp | -
sina smtp | settings | sina | en | smtp | -
sohu imap | settings | sohu | en | imap | -
139 mail smtp | settings | china-mobile-139 | en | smtp | -
189 mail imap | settings | china-telecom-189 | en | imap | -
21cn smtp | settings | 21cn | en | smtp | -
exmail smtp | settings | tencent-exmail | en | smtp | -
tencent exmail imap | settings | tencent-exmail | en | imap | -
yandex imap | settings | yandex | en | imap | -
yandex smtp port | settings | yandex | en | smtp | -
mail.ru smtp | settings | mail-ru | en | smtp | -
rambler imap | settings | rambler | en | imap | -
web.de imap | settings | web-de | en | imap | -
t-online smtp | settings | t-online | en | smtp | -
zoho smtp | settings | zoho | en | smtp | -
fastmail imap | settings | fastmail | en | imap | -
proton bridge imap | settings | proton | en | imap | -
protonmail smtp | settings | proton | en | smtp | -
posteo imap | settings | posteo | en | imap | -
mailbox.org smtp | settings | mailbox-org | en | smtp | -
seznam imap | settings | seznam | en | imap | -
naver smtp | settings | naver | en | smtp | -
daum imap | settings | daum-kakao | en | imap | -
hanmail smtp | settings | daum-kakao | en | smtp | -
yahoo japan imap | settings | yahoo-japan | en | imap | -
orange.fr smtp | settings | orange-fr | en | smtp | -
free.fr imap | settings | free-fr | en | imap | -
libero smtp | settings | libero | en | smtp | -
comcast smtp | settings | comcast-xfinity | en | smtp | -
xfinity email imap | settings | comcast-xfinity | en | imap | -
att.net smtp | settings | att | en | smtp | -
sbcglobal imap | settings | att | en | imap | -
rediffmail pop | settings | rediffmail | en | pop3 | -
tutanota imap | settings | tuta | en | - | -
hey.com imap | settings | hey | en | - | -
gmial smtp | settings | gmail | en | smtp | -
gmali imap | settings | gmail | en | imap | -
gmaill smtp port | settings | gmail | en | smtp | -
outlok imap | ambiguous | microsoft-365,outlook | en | - | -
hotmial smtp | settings | outlook | en | smtp | -
hotmal imap | settings | outlook | en | imap | -
yahooo smtp | settings | yahoo | en | smtp | -
yaho mail imap | settings | yahoo | en | imap | -
icoud imap | settings | icloud | en | imap | -
yandx smtp | settings | yandex | en | smtp | -
fastmial imap | settings | fastmail | en | imap | -
protonmial imap | settings | proton | en | imap | -
tutanot imap | settings | tuta | en | - | -
rediffmial smtp | settings | rediffmail | en | smtp | -
SMTP for QQ | settings | qq-mail | en | smtp | -
ＱＱ　ＳＭＴＰ　端口 | settings | qq-mail | zh | smtp | -
ｇｍａｉｌ　ｉｍａｐ | settings | gmail | zh | imap | -
QQ邮箱SMTP端口是多少 | settings | qq-mail | zh | smtp | -
qq邮箱的发信服务器是什么 | settings | qq-mail | zh | smtp | -
qq邮相的发信服务器是多少 | settings | qq-mail | zh | smtp | -
QQ邮箱收信服务器 | settings | qq-mail | zh | imap | -
qq邮箱pop3服务器地址 | settings | qq-mail | zh | pop3 | -
foxmail邮箱smtp | settings | qq-mail | zh | smtp | -
网易邮箱 imap 端口 | settings | netease-163 | zh | imap | -
网易邮箱发送服务器 | settings | netease-163 | zh | smtp | -
163邮箱的smtp服务器是多少 | settings | netease-163 | zh | smtp | -
163邮箱怎么设置授权码 | settings | netease-163 | zh | imap | -
126邮箱收件服务器 | settings | netease-126 | zh | imap | -
126邮箱smtp端口号 | settings | netease-126 | zh | smtp | -
yeah邮箱imap | settings | netease-yeah | zh | imap | -
网易vip邮箱smtp | settings | netease-vip163 | zh | smtp | -
188邮箱发信服务器 | settings | netease-188 | zh | smtp | -
网易企业邮箱的imap服务器 | settings | netease-enterprise | zh | imap | -
腾讯企业邮箱smtp | settings | tencent-exmail | zh | smtp | -
企业微信邮箱怎么设置imap | settings | tencent-exmail | zh | imap | -
腾讯企业邮发信服务器 | settings | tencent-exmail | zh | smtp | -
阿里企业邮箱smtp | settings | alibaba-enterprise-mail | zh | smtp | -
新浪邮箱smtp服务器 | settings | sina | zh | smtp | -
搜狐邮箱imap | settings | sohu | zh | imap | -
139邮箱收信 | settings | china-mobile-139 | zh | imap | -
中国移动邮箱smtp | settings | china-mobile-139 | zh | smtp | -
天翼邮箱imap | settings | china-telecom-189 | zh | imap | -
谷歌邮箱smtp端口 | settings | gmail | zh | smtp | -
谷歌邮箱怎么用imap | settings | gmail | zh | imap | -
雅虎邮箱发信服务器 | settings | yahoo | zh | smtp | -
苹果邮箱imap服务器 | settings | icloud | zh | imap | -
hotmail邮箱发送服务器是什么 | settings | outlook | zh | smtp | -
微软365邮箱smtp | settings | microsoft-365 | zh | smtp | -
质子邮箱 imap | settings | proton | zh | imap | -
yandex邮箱smtp端口 | settings | yandex | zh | smtp | -
wangyi youxiang smtp duankou | settings | netease-163 | zh | smtp | -
qq youxiang fasong fuwuqi | settings | qq-mail | zh | smtp | -
guge youxiang imap | settings | gmail | zh | imap | -
请问QQ邮箱用Outlook客户端怎么设置SMTP？ | settings | qq-mail | zh | smtp | -
我想在iPhone上添加163邮箱，收件服务器填什么 | settings | netease-163 | zh | imap | -
怎么用foxmail收163邮件 | settings | netease-163 | zh | imap | -
我的exmail收不到邮件，imap怎么设置 | settings | tencent-exmail | zh | imap | -
Foxmail里设置QQ邮箱的IMAP，SSL端口是多少 | settings | qq-mail | zh | imap | -
What are the IMAP settings for Gmail in Thunderbird? | settings | gmail | en | imap | -
How do I set up my Yahoo account in Outlook? which smtp server? | settings | yahoo | en | smtp | -
I need the outgoing server for my iCloud email | settings | icloud | en | smtp | -
Can you tell me the incoming mail server for Zoho Mail? | settings | zoho | en | imap | -
what username do I use for web.de imap | settings | web-de | en | imap | -
Does QQ mail need an authorization code for SMTP? | settings | qq-mail | en | smtp | -
gmail app password smtp | settings | gmail | en | smtp | -
zhang@163.com | settings | netease-163 | en | imap | -
li@qq.com | settings | qq-mail | en | imap | -
lei.wang@foxmail.com | settings | qq-mail | en | imap | -
someone@vip.qq.com | settings | qq-mail | en | imap | -
xiaoming@126.com | settings | netease-126 | en | imap | -
test@yeah.net | settings | netease-yeah | en | imap | -
abc@vip.163.com | settings | netease-vip163 | en | imap | -
john@hotmail.com | settings | outlook | en | imap | -
jane.doe@outlook.com | settings | outlook | en | imap | -
alice@live.com | settings | outlook | en | imap | -
bob@gmail.com | settings | gmail | en | imap | -
carol@googlemail.com | settings | gmail | en | imap | -
dave@yahoo.com | settings | yahoo | en | imap | -
eve@icloud.com | settings | icloud | en | imap | -
frank@me.com | settings | icloud | en | imap | -
grace@aol.com | settings | aol | en | imap | -
heidi@yandex.ru | settings | yandex | en | imap | -
ivan@mail.ru | settings | mail-ru | en | imap | -
max@web.de | settings | web-de | en | imap | -
anna@gmx.de | settings | gmx-de | en | imap | -
tom@t-online.de | settings | t-online | en | imap | -
kim@naver.com | settings | naver | en | imap | -
lee@hanmail.net | settings | daum-kakao | en | imap | -
taro@yahoo.co.jp | settings | yahoo-japan | en | imap | -
pierre@orange.fr | settings | orange-fr | en | imap | -
marco@libero.it | settings | libero | en | imap | -
jan@seznam.cz | settings | seznam | en | imap | -
user@comcast.net | settings | comcast-xfinity | en | imap | -
user@sbcglobal.net | settings | att | en | imap | -
raj@rediffmail.com | settings | rediffmail | en | pop3 | -
wang@139.com | settings | china-mobile-139 | en | imap | -
chen@189.cn | settings | china-telecom-189 | en | imap | -
liu@sina.com | settings | sina | en | imap | -
zhao@sohu.com | settings | sohu | en | imap | -
a@proton.me | settings | proton | en | imap | -
b@tutanota.com | settings | tuta | en | - | -
c@hey.com | settings | hey | en | - | -
d@fastmail.com | settings | fastmail | en | imap | -
user@contoso.onmicrosoft.com | settings | microsoft-365 | en | imap | -
ZHANG@163.COM | settings | netease-163 | en | imap | -
zhang＠１６３．ｃｏｍ | settings | netease-163 | zh | imap | -
zhang@163。com | settings | netease-163 | zh | imap | -
zhang@163.com smtp | settings | netease-163 | en | smtp | -
zhang@163.com 的发信服务器 | settings | netease-163 | zh | smtp | -
li@qq.com 收信端口 | settings | qq-mail | zh | imap | -
my address is bob@gmail.com, what is the smtp port? | settings | gmail | en | smtp | -
john@hotmail.com imap settings | settings | outlook | en | imap | -
eve@icloud.com smtp port | settings | icloud | en | smtp | -
我的邮箱是wang@139.com，smtp怎么填 | settings | china-mobile-139 | zh | smtp | -
max@web.de pop3 | settings | web-de | en | pop3 | -
smtp.qq.com | settings | qq-mail | en | smtp | -
imap.163.com:993 | settings | netease-163 | en | imap | -
smtp.gmail.com:587 | settings | gmail | en | smtp | -
smtp.exmail.qq.com 465 | settings | tencent-exmail | en | smtp | -
535 Login Fail. Please enter your authorization code to login | error | qq-mail | en | smtp | qq-authorization-code-required
Error: 535 Login Fail. Please enter your authorization code to login. More information in http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=28&&no=1001256 | error | qq-mail | en | smtp | qq-authorization-code-required
QQ邮箱报错 535 Login Fail. Please enter your authorization code to login | error | qq-mail | zh | smtp | qq-authorization-code-required
534-5.7.9 Application-specific password required. Learn more at https://support.google.com/mail/?p=InvalidSecondFactor | error | - | en | - | gmail-app-password-required
535-5.7.8 Username and Password not accepted. Learn more at https://support.google.com/mail/?p=BadCredentials | error | - | en | - | gmail-bad-credentials
smtplib.SMTPAuthenticationError: (535, b'5.7.8 Username and Password not accepted. For more information, go to 5.7.8 https://support.google.com/mail/?p=BadCredentials') | error | - | en | - | gmail-bad-credentials
gmail 报错 534-5.7.14 Please log in via your web browser | error | gmail | zh | smtp | gmail-web-login-required
550-5.7.26 This mail is unauthenticated, which poses a security risk to the sender and Gmail users | error | - | en | - | gmail-dmarc-unauthenticated
535 5.7.139 Authentication unsuccessful, basic authentication is disabled. | error | - | en | - | outlook-basic-auth-disabled
535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. | error | microsoft-365 | en | smtp | microsoft-smtp-auth-disabled-tenant
530 5.7.57 Client not authenticated to send mail. | error | - | en | - | microsoft-client-not-authenticated
535 5.7.3 Authentication unsuccessful | error | - | en | - | microsoft-authentication-unsuccessful
554 5.2.252 SendAsDenied; user@contoso.com not allowed to send as other@contoso.com | error | - | en | - | microsoft-send-as-denied
A1 NO SELECT Unsafe Login. Please contact kefu@188.com for help | error | - | en | - | netease-unsafe-login
163邮箱提示 Unsafe Login. Please contact kefu@188.com for help | error | - | zh | - | netease-unsafe-login
554 DT:SPM 163 smtp11,D8CowACHzeNkL0Ff1cz2Bg--.31017S2 1698770790 | error | - | en | - | netease-spam-dt-spm
550 User has no permission | error | - | en | - | netease-no-permission
554 5.7.1 <friend@example.org>: Relay access denied | error | - | en | - | relay-access-denied
ssl.SSLError: [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1000) | error | - | en | - | tls-wrong-version-number
连接 smtp.qq.com 587 报错 [SSL: WRONG_VERSION_NUMBER] wrong version number | error | qq-mail | zh | smtp | tls-wrong-version-number
[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006) | error | - | en | - | certificate-verify-failed
ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Hostname mismatch, certificate is not valid for 'mail.example.com'. (_ssl.c:1006) | error | - | en | - | certificate-hostname-mismatch
[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:1006) | error | - | en | - | certificate-expired
A001 NO [AUTHENTICATIONFAILED] Authentication failed. | error | - | en | - | imap-authenticationfailed
* OK [CAPABILITY IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE IDLE STARTTLS LOGINDISABLED] Dovecot ready. | error | - | en | - | imap-logindisabled
530 5.7.0 Must issue a STARTTLS command first | error | - | en | - | must-issue-starttls-first
smtplib.SMTPNotSupportedError: SMTP AUTH extension not supported by server. | error | - | en | - | smtp-auth-not-supported
smtplib.SMTPServerDisconnected: Connection unexpectedly closed | error | - | en | - | smtp-server-disconnected
ConnectionRefusedError: [Errno 111] Connection refused | error | - | en | - | connection-refused
socket.gaierror: [Errno -2] Name or service not known | error | - | en | - | dns-name-not-resolved
550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in virtual mailbox table | error | - | en | - | recipient-unknown
552 5.3.4 Message size exceeds fixed limit | error | - | en | - | message-too-large
450 4.7.1 Client host rejected: cannot find your hostname, [203.0.113.7] | error | - | en | - | reverse-dns-missing
553 5.7.1 <boss@example.com>: Sender address rejected: not owned by user me@example.com | error | - | en | - | sender-address-rejected
-ERR [AUTH] Authentication failed. | error | - | en | - | pop3-authentication-failed
Application password is REQUIRED | error | mail-ru | en | smtp | mail-ru-app-password-required
which port is STARTTLS? | which_port | - | en | - | -
465 or 587? | which_port | - | en | - | -
ssl or tls, which one? | which_port | - | en | - | -
465和587端口有什么区别 | which_port | - | zh | - | -
imap vs pop3 | comparison | - | en | - | -
imap和pop3有什么区别 | comparison | - | zh | - | -
what is an app password? | general | - | en | - | -
授权码是什么 | general | - | zh | - | -
why is port 25 blocked? | general | - | en | - | -
25端口不通怎么办 | general | - | zh | - | -
smtp port? | need_provider | - | en | - | -
what is the imap server address | need_provider | - | en | - | -
发信服务器地址是多少 | need_provider | - | zh | - | -
收件服务器端口 | need_provider | - | zh | - | -
me@example-company.cn | unknown_provider | - | en | - | -
info@mycorp.io imap | unknown_provider | - | en | - | -
what are the settings for staff@some-university.edu | unknown_provider | - | en | - | -
我的邮箱是 zhang@abc-trading.com.cn，收件服务器填什么 | unknown_provider | - | zh | - | -
china.com 邮箱设置 | unknown_provider | - | zh | - | -
網易郵箱 imap | settings | netease-163 | zh | imap | -
QQ郵箱SMTP伺服器 | settings | qq-mail | zh | smtp | -
請問 Gmail 的 IMAP 伺服器位址 | settings | gmail | zh | imap | -
騰訊企業郵箱 連接埠 | settings | tencent-exmail | zh | imap | -
gmial.com smtp | unknown_provider | - | en | - | -
x@hotmial.com | unknown_provider | - | en | - | -
privateemail.com imap | settings | namecheap-private-email | en | imap | -
taro@miomio.jp | settings | ispdb-iijmio-mail-jp | en | pop3 | -
hello | off_topic | - | en | - | -
hi there, how are you? | off_topic | - | en | - | -
what's the weather like today | off_topic | - | en | - | -
tell me a joke | off_topic | - | en | - | -
你好 | off_topic | - | zh | - | -
今天天气怎么样 | off_topic | - | zh | - | -
帮我写一首诗 | off_topic | - | zh | - | -
🙂🙂🙂 | off_topic | - | en | - | -
<b>hi</b> <script>alert(1)</script> | off_topic | - | en | - | -
1234 | off_topic | - | en | - | -
I live in Beijing | off_topic | - | en | - | -
hey, are you a bot? | off_topic | - | en | - | -
asdfghjkl qwertyuiop | off_topic | - | en | - | -
"""


def parse(table: str) -> list[tuple[str, ...]]:
    rows = []
    for line in table.strip().splitlines():
        *question, intent, provider, lang, protocol, entry = (part.strip() for part in
                                                              line.split(" | "))
        rows.append((" | ".join(question), intent, provider, lang, protocol, entry))
    return rows


ROWS = parse(TABLE)


def test_table_is_large_and_bilingual() -> None:
    assert len(ROWS) >= 200
    assert sum(1 for r in ROWS if r[3] == "zh") >= 50
    assert len({r[0] for r in ROWS}) == len(ROWS), "duplicate questions in the table"


@pytest.mark.parametrize(("question", "intent", "provider", "lang", "protocol", "entry"), ROWS,
                         ids=[r[0][:40] for r in ROWS])
def test_answer(engine: Engine, question: str, intent: str, provider: str, lang: str,
                protocol: str, entry: str) -> None:
    answer = engine.ask(question)
    assert answer.intent.value == intent
    assert answer.lang.value == lang
    ids = ",".join(sorted(p.id for p in answer.providers)) or "-"
    assert ids == provider
    first = answer.servers[0].protocol.value if answer.servers else "-"
    assert first == protocol
    first_entry = answer.troubleshooting[0].id if answer.troubleshooting else "-"
    assert first_entry == entry
