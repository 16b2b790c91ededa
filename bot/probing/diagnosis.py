"""Turn what a probe saw into plain words, the way an expert would read swaks or testssl.sh."""

from __future__ import annotations

from bot.mail_ports import SMTP_RELAY_PORT, standard_security
from bot.models import Protocol, Security, Text
from bot.probing.codes import ErrorKind, FindingCode, Severity, Stage
from bot.probing.results import Finding, ProbeResult

EXPIRY_WARNING_DAYS = 14
# A server that expects TLS from the first byte waits, silent, for a plaintext client.
_SILENT_WITHOUT_TLS = {ErrorKind.BANNER_TIMEOUT, ErrorKind.TLS_TIMEOUT,
                       ErrorKind.CAPABILITIES_TIMEOUT}
WEAK_TLS = {"TLSv1", "TLSv1.1", "SSLv3"}


def diagnose(result: ProbeResult) -> list[Finding]:
    findings: list[Finding] = []
    kind = result.error_kind
    add = findings.append
    if kind is not None:
        findings += _failure(result, kind)
    if result.ok:
        add(_works(result))
    if result.tls is not None and result.tls.version in WEAK_TLS:
        add(Finding(FindingCode.WEAK_TLS, Text(
            f"The server still uses {result.tls.version}; modern clients may refuse it.",
            f"服务器仍在使用 {result.tls.version}，新版客户端可能拒绝连接。"), Severity.WARNING))
    tls = result.tls
    if tls is not None and tls.days_left is not None and 0 <= tls.days_left < EXPIRY_WARNING_DAYS:
        add(Finding(FindingCode.CERT_EXPIRES_SOON, Text(
            f"The certificate expires in {tls.days_left} days.",
            f"证书将在 {tls.days_left} 天后过期。"), Severity.WARNING))
    if result.security is Security.STARTTLS and result.starttls and result.auth_methods:
        if not result.auth_before_tls:
            add(Finding(FindingCode.AUTH_AFTER_TLS, Text(
                "Login is offered only after STARTTLS: passwords never travel in clear text.",
                "只有在 STARTTLS 之后才允许登录：密码不会明文传输。"), Severity.OK))
        elif result.protocol is not Protocol.SMTP:
            add(Finding(FindingCode.AUTH_BEFORE_TLS, Text(
                "The server offers login before STARTTLS; make sure your client uses STARTTLS.",
                "服务器在 STARTTLS 之前就允许登录；请确认客户端启用了 STARTTLS。"),
                Severity.WARNING))
    if result.login_disabled and result.protocol is Protocol.IMAP:
        add(Finding(FindingCode.LOGIN_DISABLED, Text(
            "IMAP LOGINDISABLED: plain login is refused on this connection.",
            "IMAP LOGINDISABLED：此连接上不允许明文登录。"), Severity.INFO))
    if result.ok and result.protocol is Protocol.SMTP and not result.auth_methods:
        if result.port == SMTP_RELAY_PORT:
            add(Finding(FindingCode.PORT_25_RELAY, Text(
                "No login offered: port 25 takes mail from other servers. Mail clients send "
                "on 587 (STARTTLS) or 465 (SSL/TLS).",
                "没有提供登录：25 端口用于接收其他服务器的邮件。邮件客户端请用 587（STARTTLS）"
                "或 465（SSL/TLS）发信。"), Severity.INFO))
        else:
            add(Finding(FindingCode.NO_AUTH, Text(
                "The server offers no login (AUTH) here, so a mail client cannot send through it.",
                "服务器在这里不提供登录（AUTH），邮件客户端无法通过它发信。"), Severity.WARNING))
    return findings


def _works(result: ProbeResult) -> Finding:
    tls = result.tls
    methods = ", ".join(result.auth_methods) or "-"
    if tls is not None and tls.cert_valid:
        days = f", expires in {tls.days_left} days" if tls.days_left is not None else ""
        days_zh = f"，{tls.days_left} 天后到期" if tls.days_left is not None else ""
        return Finding(FindingCode.WORKS, Text(
            f"Works: {tls.version}, valid certificate{days}. Login methods: {methods}.",
            f"正常：{tls.version}，证书有效{days_zh}。登录方式：{methods}。"), Severity.OK)
    return Finding(FindingCode.WORKS_PLAINTEXT, Text(
        f"Reachable without encryption. Login methods: {methods}. Prefer an encrypted port.",
        f"可以连接，但未加密。登录方式：{methods}。请尽量使用加密端口。"), Severity.WARNING)


def _failure(result: ProbeResult, kind: ErrorKind) -> list[Finding]:
    port = result.port
    if kind is ErrorKind.CONNECT_TIMEOUT and port == SMTP_RELAY_PORT:
        return [Finding(FindingCode.PORT_25_BLOCKED, Text(
            "No answer on port 25: most ISPs and cloud providers block it. Use 465 (SSL/TLS) "
            "or 587 (STARTTLS) to send.",
            "25 端口没有响应：多数运营商和云服务商都封锁了它。请改用 465（SSL/TLS）或 587"
            "（STARTTLS）发信。"), Severity.ERROR)]
    if kind in {ErrorKind.CONNECT_TIMEOUT, ErrorKind.TIMEOUT} and result.stage is Stage.CONNECT:
        return [Finding(FindingCode.NO_ANSWER, Text(
            f"No answer on port {port}: a firewall drops the connection, or the host does not "
            "serve mail on this port.",
            f"{port} 端口没有响应：可能被防火墙拦截，或该主机不在此端口提供邮件服务。"),
            Severity.ERROR)]
    if kind is ErrorKind.REFUSED:
        return [Finding(FindingCode.REFUSED, Text(
            f"Connection refused: nothing listens on port {port} of this host.",
            f"连接被拒绝：这台主机的 {port} 端口没有服务在监听。"), Severity.ERROR)]
    if kind is ErrorKind.TLS and "WRONG_VERSION_NUMBER" in (result.error or "").upper():
        return [Finding(FindingCode.EXPECTS_STARTTLS, Text(
            f"Port {port} does not speak TLS from the start: choose STARTTLS (or the "
            "implicit-TLS port 465/993/995) in your client.",
            f"{port} 端口不是一开始就加密：请在客户端选择 STARTTLS（或改用直接 TLS 的 "
            "465/993/995 端口）。"), Severity.ERROR)]
    if kind in _SILENT_WITHOUT_TLS and result.security is not Security.SSL \
            and standard_security(port) is Security.SSL:
        return [Finding(FindingCode.EXPECTS_IMPLICIT_TLS, Text(
            f"Port {port} stays silent without TLS: it expects SSL/TLS from the start, not "
            "STARTTLS or plain text.",
            f"{port} 端口在未加密时不响应：它要求一开始就使用 SSL/TLS，而不是 STARTTLS 或明文。"),
            Severity.ERROR)]
    if kind is ErrorKind.BANNER_TIMEOUT and result.security is not Security.SSL:
        return [Finding(FindingCode.NO_GREETING, Text(
            f"The server on port {port} sent no greeting. If this port expects SSL/TLS from the "
            "start (as 465, 993 and 995 do), choose SSL/TLS instead of STARTTLS.",
            f"{port} 端口的服务器没有发送欢迎语。如果该端口要求一开始就用 SSL/TLS"
            "（如 465、993、995），请选择 SSL/TLS 而不是 STARTTLS。"), Severity.ERROR)]
    if kind is ErrorKind.NO_STARTTLS:
        return [Finding(FindingCode.NO_STARTTLS, Text(
            "The server does not offer STARTTLS here: a password would travel unencrypted. "
            "Use the SSL/TLS port instead.",
            "服务器不支持 STARTTLS：密码会以明文传输。请改用 SSL/TLS 端口。"), Severity.ERROR)]
    if kind is ErrorKind.PLAINTEXT_INJECTION:
        return [Finding(FindingCode.PLAINTEXT_INJECTION, Text(
            "The server sent extra plaintext right after agreeing to STARTTLS. That is a "
            "security bug (or an attacker on the path); do not trust this connection.",
            "服务器在同意 STARTTLS 后又发送了明文数据。这是安全漏洞（或链路上有攻击者），"
            "不要信任此连接。"), Severity.ERROR)]
    if kind is ErrorKind.CERT:
        return [_certificate_problem(result)]
    stage = kind.timed_out_stage
    if stage is not None:
        return [Finding(FindingCode.STALLED, Text(
            f"The server stopped answering (during {stage}).",
            f"服务器中途不再响应（在 {stage} 阶段）。"), Severity.ERROR)]
    message = result.error or kind
    return [Finding(kind, Text(f"Failed: {message}", f"失败：{message}"), Severity.ERROR)]


def _certificate_problem(result: ProbeResult) -> Finding:
    reason = (result.error or "").lower()
    tls = result.tls
    if "expired" in reason:
        when = f" on {tls.not_after[:10]}" if tls and tls.not_after else ""
        when_zh = f"（{tls.not_after[:10]}）" if tls and tls.not_after else ""
        return Finding(FindingCode.CERT_EXPIRED, Text(
            f"The certificate expired{when}: clients will warn or refuse to connect.",
            f"证书已过期{when_zh}：客户端会报警或拒绝连接。"), Severity.ERROR)
    if "hostname mismatch" in reason or (tls is not None and tls.hostname_match is False):
        subject = ", ".join(tls.names[:3]) if tls and tls.names else (
            tls.subject if tls and tls.subject else "?")
        return Finding(FindingCode.CERT_WRONG_NAME, Text(
            f"The certificate is for another name ({subject}), not {result.host}: use the "
            "host name the certificate names, or the provider's official server name.",
            f"证书属于其他名称（{subject}），不是 {result.host}：请使用证书上的主机名或服务商"
            "官方的服务器地址。"), Severity.ERROR)
    if "self-signed" in reason or "self signed" in reason or (tls and tls.self_signed):
        return Finding(FindingCode.CERT_SELF_SIGNED, Text(
            "The certificate is self-signed: no public authority vouches for it.",
            "证书是自签名的：没有公共证书机构为它担保。"), Severity.ERROR)
    return Finding(FindingCode.CERT_INVALID, Text(
        f"The certificate is not trusted: {result.error}.",
        f"证书不受信任：{result.error}。"), Severity.ERROR)
