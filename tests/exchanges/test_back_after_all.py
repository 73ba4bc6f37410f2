""""I'll be there after all" reaches the coordinator (walkthrough finding 9): after "I can't
make it" the coordinator was alerted, but a later "I'll be there" changed only the database,
so the coordinator still believed the switcher was not coming."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.app import App
from tests.exchanges.test_reminder_delivery import three, walk
from tests.exchanges.world import Outbox, exchange, tap_delivered
from tests.fakes import Clock

START = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)


async def test_the_coordinator_hears_that_she_comes_after_all(
    app: App, outbox: Outbox, clock: Clock
) -> None:
    switcher, s_id, coach, c_id, coordinator, k_id = await three(app, clock)
    ex = await exchange(app, clock, s_id, c_id, k_id, START)
    await walk(app, clock, START - timedelta(days=1))
    reminder = outbox.last_question(switcher)
    await tap_delivered(switcher, reminder, f"x:att:no:{ex}")
    await tap_delivered(switcher, reminder, f"x:att:yes:{ex}")
    assert app.scheduler is not None
    await app.scheduler.run_due()
    told = outbox.texts(coordinator)
    assert any("cannot make it" in t and "Anna Peeters" in t for t in told)
    assert any("after all" in t and "Anna Peeters" in t for t in told), told
    # a plain yes (never a no before) tells nobody
    await tap_delivered(coach, outbox.last_question(coach), f"x:att:yes:{ex}")
    await app.scheduler.run_due()
    assert not any("Oksana Melnyk" in t for t in outbox.texts(coordinator))
