"""The exchange day itself (seeds review, "The day itself"; walkthrough 33): on the day both are
prompted to look back together at the end of it (draaiboek 002:884, 890), and after a one-day
exchange nobody is told about "day 1" or "the next day"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.app import App
from bot.reminders.service import create_exchange
from storage.exchanges import NewExchange
from tests.exchanges.test_reminder_delivery import walk
from tests.exchanges.world import Outbox, exchange, join
from tests.fakes import Clock

START = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)
TOGETHER = "keep a few minutes to look back together, switcher and learning coach"


def prompt_of(texts: list[str]) -> str:
    """The reflection prompt among what was delivered (the certificate may come with it)."""
    return next(t for t in reversed(texts) if "Take a few minutes" in t)


async def test_on_the_day_both_are_prompted_to_look_back_together_at_the_end(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    """Seeds review, the day itself (002:884, 890): the joint end-of-day conversation between
    switcher and coach was never prompted."""
    anna, anna_id = await join(app, clock, "531", "switcher", "Anna", "en")
    jan, jan_id = await join(app, clock, "532", "learning_coach", "Jan", "en")
    await exchange(app, clock, anna_id, jan_id, None, START)
    await walk(app, clock, START - timedelta(days=1))
    assert not any(TOGETHER in t for t in outbox.texts(anna))  # the day before: not yet
    await walk(app, clock, START)
    for chat in (anna, jan):
        assert any(TOGETHER in t for t in outbox.texts(chat))
    await walk(app, clock, START + timedelta(hours=8))
    for chat in (anna, jan):  # the reflection prompt asks for what they said to each other
        assert "said to each other at the end of the day" in prompt_of(outbox.texts(chat))


async def test_a_one_day_exchange_talks_of_no_day_1_and_no_next_day(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    """Walkthrough 33: after a one-day exchange the prompt said "day 1 of your exchange is over"
    and "new questions for the next day"."""
    anna, anna_id = await join(app, clock, "541", "switcher", "Anna", "en")
    jan, jan_id = await join(app, clock, "542", "learning_coach", "Jan", "en")
    await exchange(app, clock, anna_id, jan_id, None, START)
    await walk(app, clock, START + timedelta(hours=8))
    switcher_prompt = prompt_of(outbox.texts(anna))
    coach_prompt = prompt_of(outbox.texts(jan))
    assert "Your exchange at Bakkerij Janssens, Gent is over." in switcher_prompt
    assert "Your exchange with your switcher is over." in coach_prompt
    for text in (switcher_prompt, coach_prompt):
        assert "Day 1" not in text and "next day" not in text and "day 2" not in text


async def test_after_day_1_of_two_the_prompt_says_where_day_2_questions_go(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    """Walkthrough 33: /agenda does not offer day-2 questions; the prompt now names the place
    that does (/exchanges → Learning agenda)."""
    anna, anna_id = await join(app, clock, "551", "switcher", "Anna", "en")
    _jan, jan_id = await join(app, clock, "552", "learning_coach", "Jan", "en")
    days = ((START, START + timedelta(hours=7)),
            (START + timedelta(days=1), START + timedelta(days=1, hours=7)))  # fmt: skip
    async with app.db.transaction() as conn:
        await create_exchange(conn, app.settings, NewExchange(anna_id, jan_id, "Gent", days),
                              clock.now)  # fmt: skip
    await walk(app, clock, START + timedelta(hours=8))
    prompt = prompt_of(outbox.texts(anna))
    assert "Day 1 of your exchange at Gent is over." in prompt
    assert 'New questions for day 2 go into the learning agenda: /exchanges, then' in prompt
