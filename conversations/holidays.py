"""Days an exchange would rarely be planned on: weekends and Belgian public holidays (the ten
legal ones, Easter-based ones computed), so setting one up asks "are you sure?" (walkthrough 14)."""

from __future__ import annotations

from datetime import date, timedelta

from conversations.text import N_, Msg, _


def easter(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def belgian_holidays(year: int) -> dict[date, str]:
    """The legal public holidays of Belgium in a year, with their (English) names as msgids."""
    sunday = easter(year)
    return {
        date(year, 1, 1): N_("New Year's Day"),
        sunday + timedelta(days=1): N_("Easter Monday"),
        date(year, 5, 1): N_("Labour Day"),
        sunday + timedelta(days=39): N_("Ascension Day"),
        sunday + timedelta(days=50): N_("Whit Monday"),
        date(year, 7, 21): N_("Belgian National Day"),
        date(year, 8, 15): N_("Assumption Day"),
        date(year, 11, 1): N_("All Saints' Day"),
        date(year, 11, 11): N_("Armistice Day"),
        date(year, 12, 25): N_("Christmas Day"),
    }


def unusual_day(day: date) -> Msg | None:
    """Why this day is unusual for an exchange, or None for an ordinary working day."""
    holiday = belgian_holidays(day.year).get(day)
    if holiday is not None:
        return _("{day} is a public holiday in Belgium ({holiday}).", day=day, holiday=_(holiday))
    if day.weekday() == 5:
        return _("{day} is a Saturday.", day=day)
    if day.weekday() == 6:
        return _("{day} is a Sunday.", day=day)
    return None
