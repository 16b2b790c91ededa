"""Setup files in Telegram: the settings of a provider as a document a mail app applies.

The files are the CLI's (``mailbot export``, bot.exports): Thunderbird's autoconfig XML and an
Apple profile. A file goes to one person, so only a private chat gets it: a group answer
links to the private chat (deep_links.ExportLink), which then sends it. No address and no
password is ever put in a file sent here: the device asks for both. What must be switched on
at the provider first goes in the caption, or in a message after the file when the caption
would pass Telegram's limit.
"""

from __future__ import annotations

from html import escape

from telegram import InputFile, Message
from telegram.constants import MessageLimit, ParseMode

from bot.adapters.telegram_ui import texts
from bot.adapters.telegram_ui.callback_data import ExportFormat
from bot.exports.apple_profile import apple_profile
from bot.exports.autoconfig_xml import autoconfig_document
from bot.exports.mail_setup import ExportRefused, setup_for_provider
from bot.exports.switch_on_first import switch_on_first
from bot.models import Lang, Provider

FILE_NAMES = {ExportFormat.AUTOCONFIG: "{id}-config-v1.1.xml",
              ExportFormat.MOBILECONFIG: "{id}.mobileconfig"}


def file_for(provider: Provider, export_format: ExportFormat) -> bytes:
    """The file's bytes; ExportRefused with the reason when none can work."""
    setup = setup_for_provider(provider)
    if export_format is ExportFormat.MOBILECONFIG:
        return apple_profile(setup)
    return autoconfig_document(setup)


def exportable(provider: Provider, export_format: ExportFormat) -> bool:
    try:
        file_for(provider, export_format)
    except ExportRefused:
        return False
    return True


async def send_setup_file(message: Message, provider: Provider | None,
                          export_format: ExportFormat, lang: Lang) -> None:
    """Reply to ``message`` with the file, or with why there is none."""
    if provider is None:
        await message.reply_text(texts.LINK_OUT_OF_DATE.in_lang(lang))
        return
    try:
        content = file_for(provider, export_format)
    except ExportRefused as refused:
        await message.reply_text(refused.reason.in_lang(lang))
        return
    name = FILE_NAMES[export_format].format(id=provider.id)
    caption, after = caption_and_after(texts.EXPORT_HOWTO[export_format.value].in_lang(lang),
                                       switch_on_first(provider, lang))
    await message.reply_document(InputFile(content, filename=name), caption=caption,
                                 parse_mode=ParseMode.HTML)
    if after is not None:
        await message.reply_text(after)


def caption_and_after(how_to: str, steps: str | None) -> tuple[str, str | None]:
    """The file's caption (HTML) and a plain message to send after it, if any: the steps in
    the caption when both fit Telegram's caption limit, else in a message of their own."""
    if steps is None:
        return how_to, None
    together = f"{how_to}\n\n{escape(steps)}"
    # the markup is never shorter than the visible text Telegram counts
    if len(together) <= MessageLimit.CAPTION_LENGTH:
        return together, None
    return how_to, steps
