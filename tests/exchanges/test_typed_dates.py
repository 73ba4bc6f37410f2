"""Walkthrough 14 / issue 17 item 4: dates typed the way people write them in nl, fr and en,
an end before the start told as such, and weekends and Belgian public holidays recognised."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from conversations.holidays import belgian_holidays, easter, unusual_day
from conversations.moments import (
    DayProblem,
    example_day,
    example_moment,
    parse_moment,
    read_day,
)

TZ = "Europe/Brussels"
TODAY = date(2026, 12, 6)


def _at(y: int, m: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=ZoneInfo(TZ))


DAYS = [
    ("13 december 9u-17u", (2026, 12, 13, 9, 0, 17, 0)),
    ("13 december 9u tot 17u", (2026, 12, 13, 9, 0, 17, 0)),
    ("13 dec 9u30 - 16u30", (2026, 12, 13, 9, 30, 16, 30)),
    ("do 10 dec 2026, 9u-16u30", (2026, 12, 10, 9, 0, 16, 30)),
    ("13/12 9:00-17:00", (2026, 12, 13, 9, 0, 17, 0)),
    ("13/12/2026 09:00-17:00", (2026, 12, 13, 9, 0, 17, 0)),
    ("13-12-2026 9.00 tot 17.00", (2026, 12, 13, 9, 0, 17, 0)),
    ("13.12.26 9:00–17:00", (2026, 12, 13, 9, 0, 17, 0)),
    ("13 décembre 9h-17h", (2026, 12, 13, 9, 0, 17, 0)),
    ("jeudi 10 décembre de 9h à 16h30", (2026, 12, 10, 9, 0, 16, 30)),
    ("1er mars 9h30-17h", (2027, 3, 1, 9, 30, 17, 0)),  # no year, already past: next year
    ("December 13 9am-5pm", (2026, 12, 13, 9, 0, 17, 0)),
    ("Dec 13, 2026 9:30am to 4:30pm", (2026, 12, 13, 9, 30, 16, 30)),
    ("13 December 9-5pm", (2026, 12, 13, 9, 0, 17, 0)),
    ("Thursday 10 December 12pm - 3pm", (2026, 12, 10, 12, 0, 15, 0)),
    ("2026-12-13 09:00-17:00", (2026, 12, 13, 9, 0, 17, 0)),
    ("2026-12-13 9u-17u", (2026, 12, 13, 9, 0, 17, 0)),
    ("5 januari 8u-12u", (2027, 1, 5, 8, 0, 12, 0)),
]


@pytest.mark.parametrize(("text", "want"), DAYS)
def test_a_day_is_read_as_people_write_it(text: str, want: tuple[int, ...]) -> None:
    y, m, d, h, mi, h2, mi2 = want
    assert read_day(text, TZ, TODAY) == (_at(y, m, d, h, mi), _at(y, m, d, h2, mi2))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("2026-12-13 17:00-09:00", DayProblem.END_BEFORE_START),
        ("13 december 17u-9u", DayProblem.END_BEFORE_START),
        ("13/12 9:00-9:00", DayProblem.END_BEFORE_START),
        ("December 13 5pm-9am", DayProblem.END_BEFORE_START),
        ("morgen om negen", DayProblem.UNREADABLE),
        ("31/02/2027 9:00-17:00", DayProblem.UNREADABLE),
        ("13 smarch 9u-17u", DayProblem.UNREADABLE),
        ("13/12 25:00-26:00", DayProblem.UNREADABLE),
        ("13/12", DayProblem.UNREADABLE),
        ("13/12 13pm-15pm", DayProblem.UNREADABLE),
    ],
)
def test_what_cannot_be_a_day_says_why(text: str, problem: DayProblem) -> None:
    assert read_day(text, TZ, TODAY) == problem


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("13/12/2026 14:00", _at(2026, 12, 13, 14)),
        ("2026-12-13 14:00", _at(2026, 12, 13, 14)),
        ("13 december om 14u", _at(2026, 12, 13, 14)),
        ("13 décembre à 14h30", _at(2026, 12, 13, 14, 30)),
        ("December 13 at 2pm", _at(2026, 12, 13, 14)),
        ("half drie", None),
    ],
)
def test_a_moment_is_read_the_same_way(text: str, want: datetime | None) -> None:
    assert parse_moment(text, TZ, TODAY) == want


def test_the_examples_are_read_back_and_share_one_style() -> None:
    now = _at(2026, 12, 6, 10)
    assert example_day(now, TZ) == "13/12/2026 09:00-17:00"
    assert example_moment(now, TZ) == "13/12/2026 14:00"
    day = (_at(2026, 12, 13, 9), _at(2026, 12, 13, 17))
    assert read_day(example_day(now, TZ), TZ, TODAY) == day
    assert parse_moment(example_moment(now, TZ), TZ, TODAY) == _at(2026, 12, 13, 14)


@pytest.mark.parametrize(
    ("year", "sunday"),
    [(2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)), (2026, date(2026, 4, 5)),
     (2027, date(2027, 3, 28)), (2038, date(2038, 4, 25))],
)  # fmt: skip
def test_easter_is_computed(year: int, sunday: date) -> None:
    assert easter(year) == sunday


def test_belgian_public_holidays_of_2027() -> None:
    days = belgian_holidays(2027)
    assert days[date(2027, 3, 29)] == "Easter Monday"
    assert days[date(2027, 5, 6)] == "Ascension Day"
    assert days[date(2027, 5, 17)] == "Whit Monday"
    assert days[date(2027, 7, 21)] == "Belgian National Day"
    assert len(days) == 10


@pytest.mark.parametrize(
    ("day", "remark"),
    [
        (date(2026, 12, 13), "{day} is a Sunday."),
        (date(2026, 12, 12), "{day} is a Saturday."),
        (date(2027, 5, 6), "{day} is a public holiday in Belgium ({holiday})."),
        (date(2026, 12, 25), "{day} is a public holiday in Belgium ({holiday})."),
        (date(2026, 12, 10), None),
    ],
)
def test_weekends_and_holidays_are_unusual(day: date, remark: str | None) -> None:
    found = unusual_day(day)
    assert (found.msgid if found else None) == remark
