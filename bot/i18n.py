"""Catalogs and rendering: a `Msg` becomes text in one locale and one time zone.

Rendering happens after the flow ran, per recipient, so each person reads their own language.
Traps handled here: a missing `.mo` silently falls back to English in plain gettext, so a stale
or missing `.mo` is compiled from the `.po` in memory (with a warning); a translation with broken
placeholders falls back to the source text instead of crashing the conversation.
"""

from __future__ import annotations

import gettext
import io
import logging
import string
import unicodedata
from datetime import date, datetime, tzinfo
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_skeleton, format_time
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from conversations.text import (
    LEFT_WEGWIJZER,
    Lines,
    Msg,
    ParamValue,
    Period,
    PersonName,
)
from locales import DOMAIN, LOCALES, LOCALES_DIR, RTL_LOCALES

log = logging.getLogger(__name__)


#: Platform language codes that name a shipped language differently (Dari is written in the
#: Persian script and reads the Persian catalog).
ALIASES = {"prs": "fa", "fa-af": "fa", "vls": "nl"}


def resolve_locale(stored: str | None, platform: str | None, default: str) -> str:
    """Stored preference, then the platform's language ("nl-BE" → "nl"), then the default."""
    if stored in LOCALES:
        return stored
    if platform:
        code = platform.replace("_", "-").lower()
        primary = ALIASES.get(code) or ALIASES.get(code.split("-")[0]) or code.split("-")[0]
        if primary in LOCALES:
            return primary
    return default


def _load_catalog(directory: Path, locale: str) -> gettext.NullTranslations:
    lc = directory / locale / "LC_MESSAGES"
    po, mo = lc / f"{DOMAIN}.po", lc / f"{DOMAIN}.mo"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    if po.exists():
        log.warning(
            "catalog %s has no up-to-date .mo; compiling it in memory (run pybabel compile)", locale
        )
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=locale)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        return gettext.GNUTranslations(buffer)
    log.error("no catalog for locale %s; texts will be in English", locale)
    return gettext.NullTranslations()


class Translator:
    """All shipped catalogs, loaded once."""

    def __init__(self, directory: Path = LOCALES_DIR, locales: tuple[str, ...] = LOCALES) -> None:
        self.catalogs = {code: _load_catalog(directory, code) for code in locales}

    def gettext(self, locale: str, msgid: str) -> str:
        catalog = self.catalogs.get(locale)
        return catalog.gettext(msgid) if catalog else msgid

    def render(self, msg: Msg, locale: str, tz: tzinfo) -> str:
        if msg.literal:
            return msg.msgid
        catalog = self.catalogs.get(locale) or gettext.NullTranslations()
        if msg.plural is not None:
            template = catalog.ngettext(msg.msgid, msg.plural, msg.count or 0)
        else:
            template = catalog.gettext(msg.msgid)
        if not msg.params and "{" not in template:
            return template
        values = {key: self._param(value, locale, tz) for key, value in msg.params.items()}
        for key, value in msg.params.items():  # a translated word opens the line: capital
            # ("Someone who has left …", "switcher: Anna" → "Switcher: Anna", walkthrough 30)
            opens = template.startswith("{" + key + "}")
            if opens and isinstance(value, Msg) and not value.literal:
                values[key] = values[key][:1].upper() + values[key][1:]
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):
            log.error("translation of %r in %s has broken placeholders", msg.msgid[:40], locale)
            source = msg.plural if msg.plural and msg.count != 1 else msg.msgid
            return source.format(**values)

    def _param(self, value: ParamValue, locale: str, tz: tzinfo) -> str:
        if isinstance(value, Msg) and value.literal:
            return isolate(value.msgid, locale)
        if isinstance(value, Msg):
            return self.render(value, locale, tz)
        if isinstance(value, PersonName):  # named only when a notice is sent (bot/notices.py)
            log.error("a person reference reached rendering unresolved; shown as a stand-in")
            return self.render(LEFT_WEGWIJZER, locale, tz)
        if isinstance(value, Lines):
            return "\n".join(self.render(m, locale, tz) for m in value.lines)
        if isinstance(value, tuple):
            return format_list([self.render(m, locale, tz) for m in value], locale=locale)
        if isinstance(value, Period):
            return period(value, locale, tz)
        if isinstance(value, datetime):
            return when(value, locale, tz)
        if isinstance(value, date):
            return format_date(value, "long", locale=locale)
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, int | float):
            return format_decimal(value, locale=locale)
        return isolate(str(value), locale)


def isolate(text: str, locale: str) -> str:
    """A name or address of the other direction inside a sentence, wrapped in FSI…PDI so a
    Latin address in Arabic (or an Arabic name in Dutch) does not turn the whole paragraph
    around (walkthrough 30). Text of the sentence's own direction is left as it is."""
    other = ("L",) if locale in RTL_LOCALES else ("R", "AL")
    if any(unicodedata.bidirectional(c) in other for c in text):
        return f"\u2068{text}\u2069"
    return text


def unmarked(text: str) -> str:
    """Without the FSI/PDI marks of `isolate`: PDFs and charts lay out directions themselves,
    and their fonts have no glyph for the marks."""
    return text.replace("\u2068", "").replace("\u2069", "")


def when(moment: datetime, locale: str, tz: tzinfo) -> str:
    """Weekday, date and time without seconds ("do 3 dec 2026, 09:00"), joined by the locale's
    own date-time pattern from CLDR."""
    day = format_skeleton("yMMMEd", moment, tzinfo=tz, locale=locale, fuzzy=True)
    clock = format_time(moment, "short", tzinfo=tz, locale=locale)
    pattern = str(Locale.parse(locale).datetime_formats["medium"]).replace("'", "")
    return pattern.format(clock, day)


def period(span: Period, locale: str, tz: tzinfo) -> str:
    """Start and end, the date once when both fall on the same day ("do 21 jan 2027,
    13:30–16:00"); otherwise both moments in full (walkthrough 30: the end was missing)."""
    start, end = span.start.astimezone(tz), span.end.astimezone(tz)
    if start.date() != end.date():
        return f"{when(start, locale, tz)} – {when(end, locale, tz)}"
    day = format_skeleton("yMMMEd", start, tzinfo=tz, locale=locale, fuzzy=True)
    clocks = "–".join(format_time(m, "short", tzinfo=tz, locale=locale) for m in (start, end))
    pattern = str(Locale.parse(locale).datetime_formats["medium"]).replace("'", "")
    return pattern.format(clocks, day)


def placeholders(text: str) -> set[str]:
    """Named placeholders in a message, for catalog checks."""
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}
