"""File names people can read (walkthrough 20 and 21): the name a document was sent with, made
safe to store and to put in a zip, and short readable names for files that came without one
(`reflection-anna-2026-12-10-1.ogg`)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePath, PurePosixPath

#: The column's length (storage/schema.py media.file_name).
MAX_NAME = 120
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


def safe_file_name(sent: object) -> str | None:
    """The last part of a sent name, without control or path characters, at most MAX_NAME
    characters with its extension kept; None when nothing readable is left."""
    if not isinstance(sent, str):
        return None
    base = re.split(r"[/\\]", sent)[-1]
    base = unicodedata.normalize("NFC", _UNSAFE.sub(" ", base))
    base = " ".join(base.split()).strip(" .")
    if not base:
        return None
    if len(base) > MAX_NAME:
        suffix = PurePath(base).suffix
        suffix = suffix if 1 < len(suffix) <= 10 else ""
        base = base[: MAX_NAME - len(suffix)].rstrip(" .") + suffix
    return base


def slug(text: str | None, fallback: str = "someone") -> str:
    """A first name as plain lower-case letters and digits for a file name ("Anaïs" → anais);
    a name in another script keeps its letters."""
    first = (text or "").split()[0] if (text or "").split() else ""
    plain = unicodedata.normalize("NFKD", first)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    plain = re.sub(r"[^\w]+", "-", plain).strip("-_")
    return plain[:30] or fallback


def unique(name: str, taken: set[str]) -> str:
    """`name`, or `name-2`, `name-3` … (before the extension) when already taken; remembered."""
    path = PurePosixPath(name)
    candidate, number = name, 1
    while candidate in taken:
        number += 1
        candidate = str(path.with_name(f"{path.stem}-{number}{path.suffix}"))
    taken.add(candidate)
    return candidate
