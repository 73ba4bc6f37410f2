"""Reading an answer from an event, per question type: a value, or why it cannot be used."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from conversations.common import too_long
from conversations.context import Ctx
from conversations.events import Event, MediaIn, TextIn
from conversations.forms.schema import MediaAccept, Question
from conversations.text import Msg, _

#: Which neutral media kinds each `accept` entry admits.
ACCEPTS: dict[MediaAccept, tuple[str, ...]] = {
    "voice": ("voice", "audio"),
    "audio": ("audio", "voice"),
    "photo": ("photo",),
    "video": ("video",),
    "file": ("document",),
}
_DATE = re.compile(r"^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")

Value = Any
Parsed = tuple[Value, None] | tuple[None, Msg]


def media_value(event: MediaIn) -> dict[str, Any]:
    return {"media": event.media_kind, **event.media.model_dump(exclude_none=True)}


def check_media(question: Question, event: MediaIn) -> Parsed:
    allowed = {kind for accept in question.accept for kind in ACCEPTS[accept]}
    if event.media_kind not in allowed:
        return None, _(
            "That kind of file does not fit this question. Please send what it asks for."
        )
    size = event.media.size or 0
    if size > question.max_mb * 1024 * 1024:
        return None, _("That file is too big: at most {max} MB, please.", max=question.max_mb)
    return media_value(event), None


def parse_text(question: Question, event: Event) -> Parsed:
    """Free text (or a voice note, where the question welcomes one)."""
    if isinstance(event, MediaIn) and question.voice and event.media_kind in ("voice", "audio"):
        if (event.media.size or 0) > question.max_mb * 1024 * 1024:
            return None, _("That file is too big: at most {max} MB, please.", max=question.max_mb)
        return media_value(event), None
    if not isinstance(event, TextIn):
        return None, _("Please answer in a text message.")
    text = event.text.strip()
    if not text:
        return None, _("Please answer in a text message.")
    if len(text) > question.max_length:
        return None, too_long(
            question.max_length,
            len(text),
        )
    return text, None


def parse_number(question: Question, event: Event) -> Parsed:
    if not isinstance(event, TextIn):
        return None, _("Please send a number.")
    raw = event.text.strip().replace(" ", "").replace(",", ".")
    try:
        number = float(raw)
    except ValueError:
        return None, _("Please send a number, for example 12.")
    value: int | float = int(number) if number.is_integer() else number
    low, high = question.min, question.max
    if (low is not None and value < low) or (high is not None and value > high):
        if low is not None and high is not None:
            return None, _("Please send a number from {min} to {max}.", min=low, max=high)
        if low is not None:
            return None, _("Please send a number of at least {min}.", min=low)
        return None, _("Please send a number of at most {max}.", max=high or 0)
    return value, None


def parse_date(question: Question, event: Event, ctx: Ctx) -> Parsed:
    if not isinstance(event, TextIn):
        return None, _("Please send a date, for example 25/03/2027.")
    text = event.text
    match, iso = _DATE.match(text), _ISO.match(text)
    try:
        if match:
            day = date(int(match[3]), int(match[2]), int(match[1]))
        elif iso:
            day = date(int(iso[1]), int(iso[2]), int(iso[3]))
        else:
            return None, _("Please send a date, for example 25/03/2027.")
    except ValueError:
        return None, _("That date does not exist. Please check the day and the month.")
    if question.date_from_today and day < ctx.today():
        return None, _("That date is in the past. Please send today's date or a later one.")
    return day.isoformat(), None
