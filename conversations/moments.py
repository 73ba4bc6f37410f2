"""Reading dates and times people type, in their own time zone.

Accepted: ``2026-12-03 09:00``, ``3/12/2026 9:00``, ``3-12-2026 9u30``, ``03.12.2026 09.00``, and
for a day with hours ``2026-12-03 09:00-17:00``. Ambiguous or impossible input gives None; the
flow then shows an example rather than guessing.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

_DATE = (
    r"(?:(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"|(?P<d2>\d{1,2})[./-](?P<m2>\d{1,2})[./-](?P<y2>\d{4}))"
)
_TIME = r"(?P<{h}>\d{{1,2}})(?:[:.uh](?P<{mi}>\d{{2}})?)?"
_MOMENT = re.compile(rf"^\s*{_DATE}\s*(?:,|\s)\s*{_TIME.format(h='h', mi='mi')}\s*$", re.I)
_DAY = re.compile(
    rf"^\s*{_DATE}\s*(?:,|\s)\s*{_TIME.format(h='h', mi='mi')}\s*(?:-|–|tot|to|à|до|إلى)\s*"
    rf"{_TIME.format(h='h2', mi='mi2')}\s*$",
    re.I,
)


def _date(match: re.Match[str]) -> date | None:
    y, m, d = match["y"] or match["y2"], match["m"] or match["m2"], match["d"] or match["d2"]
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def _time(hour: str, minute: str | None) -> time | None:
    h, mi = int(hour), int(minute or 0)
    return time(h, mi) if h < 24 and mi < 60 else None


def _at(day: date, clock: time, tz: str) -> datetime:
    """A local wall-clock time as an aware moment (DST handled by zoneinfo)."""
    return datetime.combine(day, clock).replace(tzinfo=ZoneInfo(tz))


def parse_moment(text: str, tz: str) -> datetime | None:
    match = _MOMENT.match(text)
    if not match:
        return None
    day, clock = _date(match), _time(match["h"], match["mi"])
    if day is None or clock is None:
        return None
    return _at(day, clock, tz)


def parse_day(text: str, tz: str) -> tuple[datetime, datetime] | None:
    """A day with its start and end time; the end must come after the start."""
    match = _DAY.match(text)
    if not match:
        return None
    day = _date(match)
    start, end = _time(match["h"], match["mi"]), _time(match["h2"], match["mi2"])
    if day is None or start is None or end is None or end <= start:
        return None
    return _at(day, start, tz), _at(day, end, tz)


def example_day(now: datetime, tz: str) -> str:
    """A typing example a week from now, in the format the parser reads first."""
    day = (now.astimezone(ZoneInfo(tz)) + timedelta(days=7)).date()
    return f"{day.isoformat()} 09:00-17:00"
