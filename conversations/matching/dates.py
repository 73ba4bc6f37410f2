"""Reading the dates a switcher gave in their agenda ("13/12, 14/12", "maandag of dinsdag",
"in maart", "2027-03-10") well enough to compare them with a place's possible dates.

The agenda asks the question in free text, so anything not understood is simply not compared:
the coordinator is then shown the switcher's own words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

#: Weekday names (nl, fr, en, with common short forms) → Monday = 0.
WEEKDAYS: dict[str, int] = {
    **dict.fromkeys(("maandag", "ma", "lundi", "monday"), 0),
    **dict.fromkeys(("dinsdag", "di", "mardi", "tuesday"), 1),
    **dict.fromkeys(("woensdag", "wo", "mercredi", "wednesday"), 2),
    **dict.fromkeys(("donderdag", "jeudi", "thursday"), 3),
    **dict.fromkeys(("vrijdag", "vr", "vendredi", "friday"), 4),
    **dict.fromkeys(("zaterdag", "za", "samedi", "saturday"), 5),
    **dict.fromkeys(("zondag", "dimanche", "sunday"), 6),
}
MONTHS: dict[str, int] = {
    **dict.fromkeys(("januari", "janvier", "january", "jan"), 1),
    **dict.fromkeys(("februari", "février", "fevrier", "february", "feb"), 2),
    **dict.fromkeys(("maart", "mars", "march", "mar"), 3),
    **dict.fromkeys(("april", "avril", "apr"), 4),
    **dict.fromkeys(("mei", "mai", "may"), 5),
    **dict.fromkeys(("juni", "juin", "june", "jun"), 6),
    **dict.fromkeys(("juli", "juillet", "july", "jul"), 7),
    **dict.fromkeys(("augustus", "août", "aout", "august", "aug"), 8),
    **dict.fromkeys(("september", "septembre", "sep", "sept"), 9),
    **dict.fromkeys(("oktober", "octobre", "october", "okt", "oct"), 10),
    **dict.fromkeys(("november", "novembre", "nov"), 11),
    **dict.fromkeys(("december", "décembre", "decembre", "dec"), 12),
}
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_DMY = re.compile(r"\b(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2,4}))?\b")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Availability:
    """What could be read: explicit days, whole months (year, month), weekdays."""

    days: frozenset[date] = frozenset()
    months: frozenset[tuple[int, int]] = frozenset()
    weekdays: frozenset[int] = frozenset()

    @property
    def empty(self) -> bool:
        return not (self.days or self.months or self.weekdays)


def _next(today: date, month: int, day: int | None = None) -> tuple[int, int]:
    """The year of the next such month (or day) from today on."""
    year = today.year
    if (month, day or 31) < (today.month, today.day if day else 1):
        year += 1
    return year, month


def _singular(word: str) -> tuple[str, ...]:
    """ "maandagen", "mardis", "Mondays" name weekdays too."""
    return (word, word.removesuffix("s"), word.removesuffix("en"))


def read(text: str | None, today: date) -> Availability:
    if not text:
        return Availability()
    lowered = text.lower()
    days: set[date] = set()
    for y, m, d in _ISO.findall(lowered):
        try:
            days.add(date(int(y), int(m), int(d)))
        except ValueError:
            pass
    rest = _ISO.sub(" ", lowered)
    for d, m, y in _DMY.findall(rest):
        try:
            year = (int(y) + (2000 if len(y) == 2 else 0)) if y else _next(today, int(m), int(d))[0]
            days.add(date(year, int(m), int(d)))
        except ValueError:
            pass
    words = _WORD.findall(_DMY.sub(" ", rest))
    weekdays = {WEEKDAYS[s] for w in words for s in _singular(w) if s in WEEKDAYS}
    months = {
        _next(today, MONTHS[w])
        for w in words
        if w in MONTHS and (len(w) > 3 or w in ("mei", "mai"))
    }
    return Availability(frozenset(days), frozenset(months), frozenset(weekdays))


def overlap(
    free: Availability, ranges: tuple[tuple[date, date], ...], today: date
) -> tuple[date, ...]:
    """The first few days the place is possible and the switcher is free (at most 3)."""
    found: list[date] = []
    for first, last in sorted(ranges):
        day = max(first, today)
        while day <= last and len(found) < 3:
            in_month = not free.months or (day.year, day.month) in free.months
            on_weekday = not free.weekdays or day.weekday() in free.weekdays
            named = day in free.days
            if named or (not free.days and in_month and on_weekday):
                found.append(day)
            day += timedelta(days=1)
            if day - max(first, today) > timedelta(days=400):
                break
    return tuple(found)
