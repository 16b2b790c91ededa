"""What people say about their password and what they already did, in both languages.

Read from prose by ``situation.py``; kept apart so the phrase tables read as data.
"""

from __future__ import annotations

import re

from bot.models import PasswordKind, SaidDone
from bot.regex_gate import ascii_words, with_start_filter

# What people say about their password and what they did, in both languages.
PASSWORD_PHRASES: tuple[tuple[PasswordKind, re.Pattern[str]], ...] = (
    (PasswordKind.AUTHORIZATION_CODE, re.compile(
        r"(?:用|使用|填|填写|输入|换成|改成|改用|是|为|用了|用的)(?:的|了)?(?:是|为)?\s*(?:smtp\s*)?授权码"
        r"|授权码(?:也|都)?(?:试|用|填|输入)过|密码(?:使用|用|填|是|为)的?(?:是|为)?授权码"
        r"|(?:using|used|use|with|tried) (?:the |an? |my )?(?:qq |163 "
        r"|smtp )?authori[sz]ation code")),
    (PasswordKind.APP_PASSWORD, re.compile(
        r"(?:using|used|use|with|generated|created|tried|set up|made) (?:an? |the |my |new )?"
        r"(?:google |gmail |yahoo |icloud "
        r"|microsoft )?app(?:lication)?[ -](?:specific )?passwords?"
        r"|app passwords? (?:is|are|was|were) (?:used|enabled|set|generated|created)"
        r"|(?:用|使用|生成)了?(?:的)?\s*(?:应用专用密码|应用密码|app ?password)")),
    (PasswordKind.OAUTH2, re.compile(r"\bxoauth2\b|\boauth ?2?\b.{0,20}\btoken|access[_ ]token")),
    (PasswordKind.PASSWORD, re.compile(
        r"(?:用|使用|填|填写|输入)(?:的|了)?(?:是)?\s*(?:邮箱|qq|登录|登陆|网页)?(?:登录|登陆)?密码"
        r"|(?:my|the|normal|regular|account|email|gmail|outlook|login) password\b"
        r"(?! is (?:correct|right))")),
)
SAID_DONE: tuple[tuple[SaidDone, re.Pattern[str]], ...] = (
    (SaidDone.SERVICE_ENABLED, re.compile(
        r"(?:已|已经|也|都)(?:经)?(?:开启|开通|打开|启用|开了)|(?:开启|开通|打开|启用)了"
        r"|\b(?:imap|pop3?|smtp)(?: access)? (?:is|was|are) (?:already )?(?:enabled|on|turned on)"
        r"|\b(?:enabled|turned on|activated) (?:the )?(?:imap|pop3?|smtp)")),
    (SaidDone.AUTHORIZATION_CODE, PASSWORD_PHRASES[0][1]),
    (SaidDone.APP_PASSWORD, PASSWORD_PHRASES[1][1]),
    (SaidDone.TWO_FACTOR_ON, re.compile(
        r"(?:2fa|two[- ]factor|2-step|two-step|mfa|两步验证|双重验证)"
        r"(?: authentication| verification)? (?:is |was )?(?:on|enabled|activated)"
        r"|(?:enabled|turned on|activated) (?:2fa|two[- ]factor|2-step|two-step|mfa)"
        r"|(?:开启|开通|打开)了?(?:两步验证|双重验证)")),
    (SaidDone.TWO_FACTOR_OFF, re.compile(
        r"(?:2fa|two[- ]factor|2-step|two-step|mfa)(?: authentication| verification)?"
        r" (?:is |was )?(?:off|disabled|not enabled)"
        r"|(?:don't|do not|didn't) (?:have|use) (?:2fa|two[- ]factor|mfa)")),
    (SaidDone.LESS_SECURE_APPS_ON, re.compile(
        r"less secure app(?:s| access)? (?:is |was )?(?:on|enabled|allowed|turned on)"
        r"|(?:enabled|allowed|turned on) (?:the )?less secure app")),
    (SaidDone.PORT_UNREACHABLE, re.compile(
        r"(?:telnet|nc|ping)\s+\S*\s*(?:25|465|587)\s*(?:端口)?\s*"
        r"(?:不通|超时|失败|fails?|timed? ?out)"
        r"|(?:465|587)\s*端口\s*(?:不通|被\S{0,4}?(?:封|禁|屏蔽|限制))|端口不通")),
    (SaidDone.PORT_25_BLOCKED, re.compile(
        r"25\s*端口\s*(?:不通|被\S{0,4}?(?:封|禁|屏蔽|限制)|(?:默认)?(?:不开放|关闭|封掉))"
        r"|(?:封|禁|屏蔽|限制|不开放|关闭)了?\s*25\s*端口|25\s*端口.{0,6}(?:不通|超时)"
        r"|port 25 (?:is |was |being )?(?:blocked|closed|filtered)"
        r"|block(?:s|ed|ing)?\b.{0,24}\bport 25\b")),
    (SaidDone.WORKS_ELSEWHERE, re.compile(
        r"works? (?:fine |well |perfectly )?(?:on|from|in) (?:my |the )?(?:local|mac|laptop|pc|"
        r"computer|machine|dev|development|windows)|(?:本地|本机|电脑上|开发环境)(?:测试)?"
        r"(?:是)?(?:可以|正常|没问题|能)|locally (?:it )?works")),
    (SaidDone.PASSWORD_CHECKED, re.compile(
        r"password (?:is|was) (?:correct|right|definitely correct)|(?:credentials"
        r"|password) (?:are|is) "
        r"(?:correct|valid)|can log ?in (?:to|on) (?:the )?(?:web|webmail|browser)"
        r"|密码(?:是|都)?(?:正确|对)的|网页(?:版)?(?:可以|能)(?:正常)?登录")),
)
# Every statement about passwords and what was done has one of these words: most logs have
# none, and one search skips a dozen.
PROSE_HINT = re.compile(with_start_filter(
    r"授权码|密码|开启|开通|打开|启用|开了|验证|不通|被封|被禁|被屏蔽|本地|本机|电脑|开发环境|网页"
    r"|封|屏蔽|限制|不开放|关闭|端口|blocked|block|closed|filtered"
    r"|passw|auth|token|enabled|turned on|activated|2fa|factor|step|mfa|less secure|telnet|\bnc\b"
    r"|ping|works?\b|locally|credential|log ?in"))


# Chinese characters are word characters to Python: \b must see only Latin letters.
PASSWORD_PHRASES = tuple((kind, ascii_words(p)) for kind, p in PASSWORD_PHRASES)
SAID_DONE = tuple((done, ascii_words(p)) for done, p in SAID_DONE)
PROSE_HINT = ascii_words(PROSE_HINT)
