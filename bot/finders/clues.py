"""What a finder reports: a provider, the kind of clue and the text that was the clue."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.models import Provider


class ClueKind(StrEnum):
    HOST = "host"  # one of its server hosts: smtp.qq.com
    MX = "mx"  # an MX host of its platform: mxbiz1.qq.com
    DOMAIN = "domain"  # its address domain: zhang@163.com
    LINK = "link"  # its domain only as a web link's host: https://support.apple.com/…
    NAME = "name"  # its name as typed: 网易邮箱, outlook
    COMMON_WORD = "common-word"  # a name that is also an everyday word: free, orange, live
    TYPO = "typo"  # a word close to its name: gmial


@dataclass(frozen=True, slots=True)
class Clue:
    provider: Provider
    kind: ClueKind
    evidence: str  # the host, domain or word as typed
    closeness: float = 1.0  # for typos: the similarity, 0..1
