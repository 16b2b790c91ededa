"""Files a mail app applies itself: Thunderbird autoconfig XML and Apple mail profiles.

    setup = setup_for_provider(provider, address="zhang@163.com")
    autoconfig_document(setup)   # clientConfig v1.1 bytes (Thunderbird, K-9, ...)
    apple_profile(setup)         # .mobileconfig bytes, or ExportRefused saying why not

Built from the same servers an answer shows (the knowledge base or discovery), never from
anything else; a password is never part of either file.
"""

from bot.exports.apple_profile import apple_profile
from bot.exports.autoconfig_xml import autoconfig_document
from bot.exports.mail_setup import (
    ExportRefused,
    MailSetup,
    clean_address,
    setup_for_answer,
    setup_for_provider,
)

__all__ = ["ExportRefused", "MailSetup", "apple_profile", "autoconfig_document",
           "clean_address", "setup_for_answer", "setup_for_provider"]
