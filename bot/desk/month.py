"""The month calendar of the Exchanges page: weeks from Monday, each day with the exchanges
that have a day then, in the coordinator's time zone and language."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, get_day_names

from storage.exchanges import Exchange


@dataclass
class Day:
    day: date
    exchanges: list[Exchange] = field(default_factory=list)


@dataclass(frozen=True)
class Month:
    title: str
    weekdays: tuple[str, ...]
    weeks: list[list[Day | None]]
    previous: str  # "YYYY-MM"
    next: str


def parse_month(text: str | None, today: date) -> date:
    """`?month=2026-12`; anything else is this month."""
    try:
        year, month = (int(p) for p in (text or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


def month_of(first: date, exchanges: list[Exchange], timezone: str, locale: str) -> Month:
    tz = ZoneInfo(timezone)
    by_day: dict[date, list[Exchange]] = {}
    for exchange in exchanges:
        for start, _end in exchange.days:
            by_day.setdefault(start.astimezone(tz).date(), []).append(exchange)
    weeks = [
        [Day(d, by_day.get(d, [])) if d.month == first.month else None for d in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    names = get_day_names("abbreviated", locale=locale)
    before = date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
    after = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return Month(
        format_date(first, "LLLL yyyy", locale=locale),
        tuple(names[i] for i in range(7)),
        weeks,
        f"{before:%Y-%m}",
        f"{after:%Y-%m}",
    )


def local_today(now: datetime, timezone: str) -> date:
    return now.astimezone(ZoneInfo(timezone)).date()
