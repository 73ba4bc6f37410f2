"""Text made safe where it enters and where it leaves.

In: free text from any transport loses control characters other than newline and tab (Word's
manual line break `\\x0b`, form feed and carriage return become a newline), and the bidi
override/embedding/isolate controls that make "exe.pdf" read as "fdp.exe" to the next reader.
NUL is refused outright (`has_nul`), with a message, rather than silently changed.

Out: spreadsheet cells lose what openpyxl cannot store (its ILLEGAL_CHARACTERS_RE and lone
surrogates) and a cell that a spreadsheet would run as a formula starts with an apostrophe.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from conversations.events import CommandIn, Event, MediaIn, Sender, TextIn

#: Line breaks other programs write (Word's vertical tab, form feed, CR and CRLF) → "\n".
_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
#: C0 and C1 controls except tab and newline, bidi embeddings/overrides/isolates, surrogates.
_UNSAFE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
#: openpyxl's ILLEGAL_CHARACTERS_RE plus lone surrogates, which no UTF-8 file can hold.
_SPREADSHEET_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
#: What a spreadsheet may read as the start of a formula (CSV/XLSX injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def has_nul(text: str) -> bool:
    return "\x00" in text


def clean_free_text(text: str) -> str:
    """Free text as the bot keeps it: line breaks normalised, invisible controls removed."""
    return _UNSAFE.sub("", _BREAKS.sub("\n", text))


def spreadsheet_text(value: str) -> str:
    """A string any spreadsheet writer can store and no spreadsheet runs as a formula."""
    text = _SPREADSHEET_ILLEGAL.sub("", value)
    return "'" + text if text.startswith(FORMULA_START) else text


def spreadsheet_cell(value: Any) -> Any:
    return spreadsheet_text(value) if isinstance(value, str) else value


def event_has_nul(event: Event) -> bool:
    """NUL anywhere a person typed: refused with a message rather than silently changed."""
    return any(has_nul(text) for text in _typed(event))


def clean_event(event: Event) -> Event:
    """The one place every transport's free text passes: text, captions, command arguments."""
    if isinstance(event, TextIn):
        return event.model_copy(update={"text": clean_free_text(event.text)})
    if isinstance(event, MediaIn) and event.caption is not None:
        return event.model_copy(update={"caption": clean_free_text(event.caption)})
    if isinstance(event, CommandIn):
        return event.model_copy(update={"args": tuple(clean_free_text(a) for a in event.args)})
    return event


def clean_sender(sender: Sender) -> Sender:
    """The platform's display name is free text too (it may become the person's name)."""
    if sender.display_name is None:
        return sender
    return sender.model_copy(update={"display_name": clean_free_text(sender.display_name)})


def _typed(event: Event) -> tuple[str, ...]:
    if isinstance(event, TextIn):
        return (event.text,)
    if isinstance(event, MediaIn):
        return (event.caption or "",)
    if isinstance(event, CommandIn):
        return event.args
    return ()


def comparable(text: str) -> str:
    """A label as a person might type it: punctuation, case and spacing do not matter
    (walkthrough 11: "Ze kennen elkaar niet" did not match the label ending in a full stop)."""
    kept = "".join(" " if unicodedata.category(ch).startswith("P") else ch for ch in text)
    return " ".join(kept.split()).casefold()
