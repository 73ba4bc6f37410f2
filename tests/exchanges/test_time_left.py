"""Reminders state the time left correctly (participants' experience issue: "in 1 hour" for the
T-2h reminder delivered a second late). Each default offset, delivered a few seconds late, says
what a person expects; so do short try-out offsets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.i18n import Translator
from conversations.exchange_model import Day, ExchangeView
from conversations.exchange_texts import before_exchange
from conversations.replies import Ask

START = datetime(2026, 12, 14, 8, 0, tzinfo=UTC)
DAY = Day(starts_at=START, ends_at=START + timedelta(hours=7))
VIEW = ExchangeView(id=1, status="planned", mine=(), days=(DAY,), place="Stadhuis Gent")


def said(now: datetime) -> str:
    [ask] = [r for r in before_exchange(VIEW, now) if isinstance(r, Ask)]
    return Translator().render(ask.text, "en", ZoneInfo("Europe/Brussels"))


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (timedelta(days=7), "starts in 7 days"),
        (timedelta(days=1), "starts in 1 day"),
        (timedelta(hours=2), "starts in 2 hours"),
        (timedelta(minutes=10), "starts in 10 minutes"),
    ],
)
@pytest.mark.parametrize("late", [timedelta(0), timedelta(seconds=1), timedelta(seconds=20)])
def test_each_default_offset_delivered_a_little_late(
    offset: timedelta, expected: str, late: timedelta
) -> None:
    assert expected in said(START - offset + late)


def test_the_last_minute_and_a_day_and_a_half() -> None:
    assert "starts in 1 minute" in said(START - timedelta(seconds=20))
    assert "starts in 2 days" in said(START - timedelta(hours=36))  # nearest, not floored
