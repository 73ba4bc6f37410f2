"""Reading dates and times people type, in their own time zone (walkthrough 14, issue 17.4).

A day with its hours is read the way people write it in Dutch, French or English:
``13 december 9u-17u``, ``13/12 9:00-17:00``, ``13 décembre 9h-17h``, ``December 13 9am-5pm``,
``do 13/12/2026, 9u30 tot 16u``, and ISO ``2026-12-13 09:00-17:00``. A date without a year is
the next such date from today. A single moment is the same without the end time.

Everywhere a date is typed, the example is the same style: day/month/year (``13/12/2026``),
as Belgian people write it (`example_day`, `example_moment`; the forms use ``25/03/2027``).
Ambiguous or impossible input is not guessed: the flow shows the example again; an end before
the start is told as such.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

MONTHS: dict[str, int] = {
    **dict.fromkeys(("januari", "janvier", "january", "jan", "janv"), 1),
    **dict.fromkeys(
        ("februari", "février", "fevrier", "february", "feb", "febr", "fév", "fev", "févr"), 2
    ),
    **dict.fromkeys(("maart", "mars", "march", "mar", "mrt"), 3),
    **dict.fromkeys(("april", "avril", "apr", "avr"), 4),
    **dict.fromkeys(("mei", "mai", "may"), 5),
    **dict.fromkeys(("juni", "juin", "june", "jun"), 6),
    **dict.fromkeys(("juli", "juillet", "july", "jul", "juil"), 7),
    **dict.fromkeys(("augustus", "août", "aout", "august", "aug"), 8),
    **dict.fromkeys(("september", "septembre", "sep", "sept"), 9),
    **dict.fromkeys(("oktober", "octobre", "october", "okt", "oct"), 10),
    **dict.fromkeys(("november", "novembre", "nov"), 11),
    **dict.fromkeys(("december", "décembre", "decembre", "dec", "déc"), 12),
}
#: Weekday names and their short forms (nl, fr, en): allowed before a date, not needed.
_WEEKDAYS = (
    "maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|ma|di|wo|do|vr|za|zo|"
    "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lun|mar|mer|jeu|ven|sam|dim|"
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun"
)
_MONTH = "(?P<{n}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DATE = (
    rf"(?:(?:{_WEEKDAYS})\.?,?\s+)?"
    r"(?:(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"|(?P<d2>\d{1,2})[./-](?P<m2>\d{1,2})(?:[./-](?P<y2>\d{4}|\d{2}))?"
    rf"|(?P<d3>\d{{1,2}})(?:e|er|ste|de|st|nd|rd|th)?\.?\s*{_MONTH.format(n='mn3')}"
    r"(?:\s+(?P<y3>\d{4}))?"
    rf"|{_MONTH.format(n='mn4')}\s*(?P<d4>\d{{1,2}})(?:st|nd|rd|th)?,?(?:\s+(?P<y4>\d{{4}}))?)"
)
_TIME = (
    r"(?P<{h}>\d{{1,2}})(?:\s*(?:[:.]|u|h|uur)\s*(?P<{mi}>\d{{2}})?)?"
    r"\s*(?P<{ap}>a\.?m\.?|p\.?m\.?)?"
)
#: Words between the date and the time ("at", "om", "à", "from", "van", "de").
_LEAD = r"(?:\s*,\s*|\s+)(?:(?:om|van|vanaf|from|at|à|a|de|dès)\s+)?"
_UNTIL = r"\s*(?:-|tot|to|until|till|à|a|au|jusqu['’]à|до|إلى)\s*"
_DAY = re.compile(
    rf"^\s*{_DATE}{_LEAD}{_TIME.format(h='h', mi='mi', ap='ap')}{_UNTIL}"
    rf"{_TIME.format(h='h2', mi='mi2', ap='ap2')}\s*\.?\s*$",
    re.I,
)
_MOMENT = re.compile(rf"^\s*{_DATE}{_LEAD}{_TIME.format(h='h', mi='mi', ap='ap')}\s*\.?\s*$", re.I)


class DayProblem(StrEnum):
    UNREADABLE = "unreadable"
    END_BEFORE_START = "end_before_start"


def _year(raw: str | None) -> int | None:
    if not raw:
        return None
    return int(raw) + (2000 if len(raw) == 2 else 0)


def _date(match: re.Match[str], today: date | None) -> date | None:
    month_name = match["mn3"] or match["mn4"]
    if match["y"]:
        y, m, d = int(match["y"]), int(match["m"]), int(match["d"])
    else:
        d = int(match["d2"] or match["d3"] or match["d4"])
        m = int(match["m2"]) if match["m2"] else MONTHS[(month_name or "").lower()]
        given = _year(match["y2"] or match["y3"] or match["y4"])
        if given is None and today is None:
            return None
        y = given if given is not None else (today.year if today else 0)
        if given is None and today is not None and (m, d) < (today.month, today.day):
            y += 1  # no year: the next such date
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _hour(raw_h: str, raw_mi: str | None, ampm: str | None) -> time | None:
    h, mi = int(raw_h), int(raw_mi or 0)
    if ampm:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if ampm.lower().startswith("p") else 0)
    return time(h, mi) if h < 24 and mi < 60 else None


def _at(day: date, clock: time, tz: str) -> datetime:
    """A local wall-clock time as an aware moment (DST handled by zoneinfo)."""
    return datetime.combine(day, clock).replace(tzinfo=ZoneInfo(tz))


def read_day(
    text: str, tz: str, today: date | None = None
) -> tuple[datetime, datetime] | DayProblem:
    """A day with its start and end time, or what is wrong with it."""
    match = _DAY.match(text.replace("–", "-").replace("—", "-"))
    day = _date(match, today) if match else None
    if match is None or day is None:
        return DayProblem.UNREADABLE
    first_ap, second_ap = match["ap"], match["ap2"]
    if second_ap and not first_ap:  # "9-5pm": the start is in the morning unless that fits
        same = _hour(match["h"], match["mi"], second_ap)
        end = _hour(match["h2"], match["mi2"], second_ap)
        first_ap = second_ap if same and end and same < end else "am"
    start = _hour(match["h"], match["mi"], first_ap)
    end = _hour(match["h2"], match["mi2"], second_ap)
    if start is None or end is None:
        return DayProblem.UNREADABLE
    if end <= start:
        return DayProblem.END_BEFORE_START
    return _at(day, start, tz), _at(day, end, tz)


def parse_day(text: str, tz: str, today: date | None = None) -> tuple[datetime, datetime] | None:
    found = read_day(text, tz, today)
    return None if isinstance(found, DayProblem) else found


def parse_moment(text: str, tz: str, today: date | None = None) -> datetime | None:
    match = _MOMENT.match(text)
    day = _date(match, today) if match else None
    if match is None or day is None:
        return None
    clock = _hour(match["h"], match["mi"], match["ap"])
    return _at(day, clock, tz) if clock is not None else None


def _next_week(now: datetime, tz: str) -> date:
    return (now.astimezone(ZoneInfo(tz)) + timedelta(days=7)).date()


def example_day(now: datetime, tz: str) -> str:
    """The one typing example for a day with hours, a week from now: ``13/12/2026 09:00-17:00``."""
    return f"{_next_week(now, tz).strftime('%d/%m/%Y')} 09:00-17:00"


def example_moment(now: datetime, tz: str) -> str:
    """The same example for a single moment: ``13/12/2026 14:00``."""
    return f"{_next_week(now, tz).strftime('%d/%m/%Y')} 14:00"
