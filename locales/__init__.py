"""Gettext catalogs (``<locale>/LC_MESSAGES/messages.po``), shipped inside the wheel.

The source language of msgids is English; `en` still has its own catalog so wording can be
polished without touching code.
"""

from pathlib import Path

LOCALES_DIR = Path(__file__).parent
DOMAIN = "messages"
#: Shipped locales, in the order people see them in the language menu.
LOCALES: tuple[str, ...] = ("nl", "fr", "en", "ar", "fa", "ti", "so", "uk", "ru", "tr")
SOURCE_LOCALE = "en"
RTL_LOCALES = frozenset({"ar", "fa"})
