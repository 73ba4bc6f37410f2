"""Small helpers shared by flows: language choices, the usual "please use the buttons" answers."""

from __future__ import annotations

from babel import Locale

from conversations.events import ChoiceIn, CommandIn, Event, MediaIn, OtherIn, TextIn
from conversations.replies import Choice
from conversations.text import Msg, _

LANG_PREFIX = "lang:"
#: A button the person may not use: forged, stale, or their role changed.
NOT_YOURS = _("This button is not for you, or it is no longer valid.")


def language_name(code: str) -> str:
    """A language named in itself ("Nederlands", "العربية"), as people look for their own."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def language_choices(locales: tuple[str, ...]) -> tuple[Choice, ...]:
    return tuple(
        Choice(id=LANG_PREFIX + code, label=Msg.plain(language_name(code))) for code in locales
    )


def picked_language(event: Event, locales: tuple[str, ...]) -> str | None:
    if isinstance(event, ChoiceIn) and event.choice_id.startswith(LANG_PREFIX):
        code = event.choice_id.removeprefix(LANG_PREFIX)
        if code in locales:
            return code
    return None


def not_a_choice(event: Event) -> Msg:
    """Why this input does not answer a multiple-choice question."""
    if isinstance(event, MediaIn | OtherIn):
        return unusable_input(event)
    if isinstance(event, TextIn):
        return _("Please choose one of the options: tap a button or send its number.")
    if isinstance(event, CommandIn):
        return _("Please choose one of the options first, or send /help.")
    return _("Please choose one of the options.")


def unusable_input(event: MediaIn | OtherIn) -> Msg:
    if isinstance(event, OtherIn) and event.what == "sticker":
        return _("Nice sticker! I can't use stickers here, though.")
    if isinstance(event, MediaIn):
        return _("I can't use a file here. Please answer the question below.")
    return _("I can't use that kind of message here. Please answer the question below.")


def too_long(limit: int, length: int) -> Msg:
    """The same words wherever text has a length limit."""
    return _(
        "That is too long: at most {max} characters, please. Yours had {length}.",
        max=limit,
        length=length,
    )
