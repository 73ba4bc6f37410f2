"""Durations as people write them: ``14d``, ``12h``, ``1d12h``, ``30m``, ``90s``; and retention
periods in calendar months (``24``)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

_PART = re.compile(r"(\d+)([dhms])")
_UNITS = {"d": "days", "h": "hours", "m": "minutes", "s": "seconds"}


def parse_duration(text: str) -> timedelta:
    compact = text.strip().lower().replace(" ", "")
    parts = _PART.findall(compact)
    if not compact or "".join(n + u for n, u in parts) != compact:
        raise ValueError(f"not a duration: {text!r} (examples: 14d, 12h, 1d12h, 30m, 90s)")
    total = timedelta()
    for number, unit in parts:
        total += timedelta(**{_UNITS[unit]: int(number)})
    if total <= timedelta(0):
        raise ValueError(f"duration must be positive: {text!r}")
    return total


@dataclass(frozen=True)
class Period:
    """A retention period: calendar months (``24``, ``24mo``) or a plain duration (``730d``).

    Months are counted on the calendar (the 31st becomes the last day of a shorter month), so
    "24 months after 3 March 2025" is 3 March 2027, as people would read it.
    """

    months: int = 0
    delta: timedelta = timedelta(0)

    def after(self, moment: datetime) -> datetime:
        return _add_months(moment, self.months) + self.delta

    def before(self, moment: datetime) -> datetime:
        return _add_months(moment, -self.months) - self.delta


_MONTHS = re.compile(r"^(\d+)\s*(mo|month|months)?$")


def parse_period(text: str) -> Period:
    """``24`` or ``24mo`` (months), else any duration `parse_duration` reads (``730d``)."""
    found = _MONTHS.match(text.strip().lower())
    if found:
        months = int(found.group(1))
        if months <= 0:
            raise ValueError(f"period must be positive: {text!r}")
        return Period(months=months)
    try:
        return Period(delta=parse_duration(text))
    except ValueError:
        raise ValueError(
            f"not a period: {text!r} (months such as 24 or 24mo, or a duration such as 730d)"
        ) from None


def _add_months(moment: datetime, months: int) -> datetime:
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)
