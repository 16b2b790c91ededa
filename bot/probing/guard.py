"""What a stranger may make mailbot connect to: public mail servers on mail ports, only.

The probe is offered in public chats, so it must never become a way to reach the bot's own
network (SSRF). Host names must be real names or canonical IP literals (``127.1``,
``2130706433`` and ``0x7f.0.0.1`` are refused before any lookup); every resolved address must
be public, with the translation forms (IPv4-mapped, 6to4, NAT64, Teredo) refused outright
because they can wrap a private IPv4 address. Python 3.11's ``is_global`` lets some of these
through, hence the explicit lists.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from bot.mail_ports import MAIL_PORTS
from bot.models import Text
from bot.probing.codes import RefusalCode

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_V4_DENIED = tuple(ipaddress.IPv4Network(n) for n in (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
    "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16",
    "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
    "255.255.255.255/32",
))
_V6_DENIED = tuple(ipaddress.IPv6Network(n) for n in (
    "::/128", "::1/128", "::/96",  # unspecified, loopback, IPv4-compatible (::127.0.0.1)
    "::ffff:0:0/96",  # IPv4-mapped
    "::ffff:0:0:0/96",  # IPv4-translated (SIIT, RFC 2765): ::ffff:0:7f00:1 is 127.0.0.1
    "5f00::/16",  # SRv6 segment identifiers (RFC 9602), not hosts
    "64:ff9b::/96", "64:ff9b:1::/48",  # NAT64
    "100::/64",  # discard
    "2001::/32",  # Teredo
    "2001:2::/48", "2001:10::/28", "2001:20::/28", "2001:db8::/32",  # benchmarking, ORCHID,
    "2002::/16",  # 6to4                                                # documentation
    "3fff::/20",  # documentation (RFC 9637)
    "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
))
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_OCTET = r"(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_IPV4_CANONICAL = re.compile(_OCTET + r"(\." + _OCTET + "){3}")


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a target was refused, for people (``text``) and scripts (``code``)."""

    code: RefusalCode
    text: Text


class TargetRefused(Exception):
    def __init__(self, refusal: Refusal) -> None:
        self.refusal = refusal
        super().__init__(refusal.text.en)


def refuse(code: RefusalCode, en: str, zh: str) -> TargetRefused:
    return TargetRefused(Refusal(code, Text(en, zh)))


def parse_host(text: str, *, allow_single_label: bool = False) -> str | IPAddress:
    """A host name in IDNA ASCII form, or an IP address; raises TargetRefused otherwise.

    ``allow_single_label`` admits names such as ``localhost`` (unrestricted mode only).
    """
    candidate = text.strip().rstrip(".").lower()
    if candidate.startswith("[") and candidate.endswith("]"):
        candidate = candidate[1:-1]
        try:
            return ipaddress.IPv6Address(candidate)
        except ValueError:
            raise refuse(RefusalCode.BAD_HOST, f"{text!r} is not an IPv6 address.",
                         f"“{text}”不是有效的 IPv6 地址。") from None
    if ":" in candidate:
        try:
            return ipaddress.IPv6Address(candidate)
        except ValueError:
            raise refuse(RefusalCode.BAD_HOST, f"{text!r} is not a host name or IP address.",
                         f"“{text}”不是有效的主机名或 IP 地址。") from None
    if _IPV4_CANONICAL.fullmatch(candidate):
        return ipaddress.IPv4Address(candidate)
    try:
        ascii_name = candidate.encode("idna").decode("ascii")
    except UnicodeError:
        raise refuse(RefusalCode.BAD_HOST, f"{text!r} is not a valid host name.",
                     f"“{text}”不是有效的主机名。") from None
    labels = ascii_name.split(".")
    if (len(ascii_name) > 253 or len(labels) < (1 if allow_single_label else 2)
            or not all(_LABEL.fullmatch(label) for label in labels)
            or labels[-1].isdigit() or labels[-1].startswith("0x")):
        # A last label of digits is an IP address in a form getaddrinfo accepts but no
        # person writes (127.1, 2130706433, 0177.0.0.1): refuse rather than guess.
        raise refuse(RefusalCode.BAD_HOST,
                     f"{text!r} is not a host name or a canonical IP address.",
                     f"“{text}”不是主机名，也不是规范的 IP 地址。")
    return ascii_name


def why_not_public(address: IPAddress) -> str | None:
    """None for a public unicast address, else a short reason."""
    denied: ipaddress.IPv4Network | ipaddress.IPv6Network | None
    if isinstance(address, ipaddress.IPv4Address):
        denied = next((n for n in _V4_DENIED if address in n), None)
    else:
        denied = next((n for n in _V6_DENIED if address in n), None)
    if denied is not None:
        return f"{address} is in {denied}, not a public address"
    if not address.is_global or address.is_multicast:
        return f"{address} is not a public address"
    return None


def check_address(address: IPAddress) -> None:
    reason = why_not_public(address)
    if reason is not None:
        raise refuse(RefusalCode.NOT_PUBLIC,
                     f"Refused: {reason}. I only probe public mail servers.",
                     f"已拒绝：{address} 不是公网地址。我只探测公网上的邮件服务器。")


def check_port(port: int) -> None:
    if port not in MAIL_PORTS:
        ports = ", ".join(str(p) for p in sorted(MAIL_PORTS))
        raise refuse(RefusalCode.NOT_MAIL_PORT,
                     f"Refused: port {port} is not a mail port ({ports}).",
                     f"已拒绝：{port} 不是邮件端口（{ports}）。")
