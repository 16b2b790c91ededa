"""One-tap setup in Telegram (issue 14): a settings answer offers its setup files; pressing
one sends the file; in a group the button opens the private chat, which sends it there."""

from __future__ import annotations

import plistlib
from typing import Any

from bot.discovery.client_config import parse_client_config
from tests.fake_bot_api import BOT_USERNAME, Sent
from tests.test_telegram_bot import (
    GROUP,
    Running,
    buttons,
    mention,
    press,
    replies_to,
    until,
)


def documents_to(running: Running, chat_id: int) -> list[Sent]:
    return running.api.sent("sendDocument", lambda s: int(s.params["chat_id"]) == chat_id)


def file_of(sent: Sent) -> dict[str, Any]:
    document = sent.params["document"]
    assert isinstance(document, dict)
    return document


async def test_a_profile_and_an_autoconfig_file_one_tap_away(running: Running) -> None:
    api = running.api
    api.push_message("gmx.com smtp", user_id=301)
    await until(lambda: bool(replies_to(api, 301)))
    reply = replies_to(api, 301)[-1]
    labels = [b["text"] for b in buttons(reply)]
    assert "📱 iPhone/Mac profile" in labels and "Thunderbird file" in labels
    press(api, reply, "📱 iPhone/Mac profile", user_id=301)
    await until(lambda: bool(documents_to(running, 301)))
    profile = file_of(documents_to(running, 301)[0])
    assert profile["filename"].endswith(".mobileconfig")
    payload = plistlib.loads(profile["content"])["PayloadContent"][0]
    assert payload["PayloadType"] == "com.apple.mail.managed"
    assert payload["OutgoingMailServerHostName"] == "mail.gmx.com"
    assert not any("Password" in key and key.endswith(("Password", "Secret"))
                   and key != "OutgoingPasswordSameAsIncomingPassword" for key in payload)
    assert "password" in documents_to(running, 301)[0].params["caption"].lower()
    press(api, reply, "Thunderbird file", user_id=301)
    await until(lambda: len(documents_to(running, 301)) == 2)
    xml = file_of(documents_to(running, 301)[1])
    assert xml["filename"].endswith("config-v1.1.xml")
    servers = parse_client_config(xml["content"]).servers_for("gmx.com")
    assert ("mail.gmx.com", 587) in {(s.host, s.port) for s in servers}


async def test_no_profile_for_an_oauth_only_provider(running: Running) -> None:
    api = running.api
    api.push_message("outlook.com imap", user_id=302)
    await until(lambda: bool(replies_to(api, 302)))
    labels = [b["text"] for b in buttons(replies_to(api, 302)[-1])]
    assert "📱 iPhone/Mac profile" not in labels  # a profile cannot carry OAuth2 sign-in


async def test_a_group_answer_opens_the_private_chat_for_the_file(running: Running) -> None:
    api = running.api
    text = f"@{BOT_USERNAME} gmx.com smtp"
    api.push_message(text, user_id=303, chat_id=GROUP - 3, chat_type="supergroup",
                     entities=mention(text))
    await until(lambda: bool(replies_to(api, GROUP - 3)))
    links = [b["url"] for b in buttons(replies_to(api, GROUP - 3)[-1]) if "url" in b]
    profile_link = next(url for url in links if url.endswith("_m"))
    assert profile_link.startswith(f"https://t.me/{BOT_USERNAME}?start=x_")
    assert documents_to(running, GROUP - 3) == []  # never a file in the group
    payload = profile_link.split("start=")[1]
    api.push_message(f"/start {payload}", user_id=303)
    await until(lambda: bool(documents_to(running, 303)))
    assert file_of(documents_to(running, 303)[0])["filename"].endswith(".mobileconfig")


async def test_a_forged_file_link_is_out_of_date(running: Running) -> None:
    api = running.api
    api.push_message("/start x_gmx-com_z", user_id=304)
    await until(lambda: bool(replies_to(api, 304)))
    assert "out of date" in replies_to(api, 304)[-1].params["text"]
    assert documents_to(running, 304) == []
