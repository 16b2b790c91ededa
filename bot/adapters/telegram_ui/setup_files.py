"""Setup files in Telegram: the settings of a provider as a document a mail app applies.

The files are the CLI's (``mailbot export``, bot.exports): Thunderbird's autoconfig XML and an
Apple profile. A file goes to one person, so only a private chat gets it: a group answer
links to the private chat (deep_links.ExportLink), which then sends it. No address and no
password is ever put in a file sent here: the device asks for both.
"""

from __future__ import annotations

from telegram import InputFile, Message
from telegram.constants import ParseMode

from bot.adapters.telegram_ui import texts
from bot.adapters.telegram_ui.callback_data import ExportFormat
from bot.exports.apple_profile import apple_profile
from bot.exports.autoconfig_xml import autoconfig_document
from bot.exports.mail_setup import ExportRefused, setup_for_provider
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
    await message.reply_document(InputFile(content, filename=name),
                                 caption=texts.EXPORT_HOWTO[export_format.value].in_lang(lang),
                                 parse_mode=ParseMode.HTML)
