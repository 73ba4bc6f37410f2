"""Hints that say "tap", reworded for the terminal, where there is nothing to tap.

Flows speak of buttons (most people are on Telegram or Matrix); the terminal prints numbered
options instead, so it swaps these sentences for their "type the number" wording, in the
person's language (walkthrough 28).
"""

from __future__ import annotations

from bot.i18n import Translator
from conversations.text import N_

#: The flows' wording -> the terminal's.
TYPED = {
    N_("Please choose one of the options: tap a button or send its number."): N_(
        "Please choose one of the options: type its number."
    ),
    N_("Choose one or more, then tap “Done”."): N_(
        "Choose one or more by typing their numbers, then the number of “Done”."
    ),
    N_("Please choose at least one option, then tap “Done”."): N_(
        "Please choose at least one option, then type the number of “Done”."
    ),
    N_("Tick at least one, then tap Done."): N_("Tick at least one, then type the number of Done."),
    N_("Send more, or tap Done."): N_("Send more, or type the number of Done."),
    N_("Please send a photo, a voice message or a file, or tap “Type my answer instead”."): N_(
        "Please send a photo, a voice message or a file with /attach, or type the number of "
        "“Type my answer instead”."
    ),
    N_("A short note about the meeting, for yourself and your coordinator? Or tap Skip."): N_(
        "A short note about the meeting, for yourself and your coordinator? Or type the number "
        "of Skip."
    ),
    N_(
        "Anything to add? A sentence about what happened helps you and your coordinator. Or "
        "tap Skip."
    ): N_(
        "Anything to add? A sentence about what happened helps you and your coordinator. Or "
        "type the number of Skip."
    ),
    N_("Anything you want to add? Only your coordinator reads it. Or tap Skip."): N_(
        "Anything you want to add? Only your coordinator reads it. Or type the number of Skip."
    ),
    N_(
        "Do you want to tell your coordinator why, or which other date would suit you? Type it "
        "here, or tap Skip."
    ): N_(
        "Do you want to tell your coordinator why, or which other date would suit you? Type it "
        "here, or type the number of Skip."
    ),
    N_("Send another action, or tap “That's all”."): N_(
        "Send another action, or type the number of “That's all”."
    ),
}


class Wording:
    """The swaps in one language, made once per language."""

    def __init__(self, translator: Translator) -> None:
        self.translator = translator
        self._made: dict[str, list[tuple[str, str]]] = {}

    def typed(self, text: str, locale: str) -> str:
        pairs = self._made.get(locale)
        if pairs is None:
            pairs = [
                (self.translator.gettext(locale, tap), self.translator.gettext(locale, typed))
                for tap, typed in TYPED.items()
            ]
            self._made[locale] = pairs
        for tap, typed in pairs:
            text = text.replace(tap, typed)
        return text
