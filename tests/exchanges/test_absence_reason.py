""""I can't make it" asks an optional reason, which reaches the coordinator (walkthrough
finding 9, second half: the coordinator heard only that someone could not come, never why or
when would suit them)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.app import App
from storage.attendance import Attendance
from tests.exchanges.test_reminder_delivery import three, walk
from tests.exchanges.world import Outbox, exchange, tap_delivered
from tests.fakes import Clock

START = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)
REASON = "Mijn dochter is ziek; de week erna kan ik wel"


async def test_the_reason_under_the_reminder_reaches_the_coordinator(
    app: App, outbox: Outbox, clock: Clock
) -> None:
    switcher, s_id, _coach, c_id, coordinator, k_id = await three(app, clock)
    ex = await exchange(app, clock, s_id, c_id, k_id, START)
    await walk(app, clock, START - timedelta(days=1))
    await tap_delivered(switcher, outbox.last_question(switcher), f"x:att:no:{ex}")
    assert "skip" in switcher.choice_ids()  # optional
    await switcher.say(REASON)
    assert app.scheduler is not None
    await app.scheduler.run_due()
    told = outbox.texts(coordinator)
    assert any(REASON in t and "Anna Peeters" in t for t in told), told
    # issue 16: kept beside the "no", so the coordinator's desk shows why
    async with app.db.read() as conn:
        assert await Attendance(conn).reasons(ex) == {s_id: REASON}


async def test_the_reason_can_be_skipped_from_exchanges(
    app: App, outbox: Outbox, clock: Clock
) -> None:
    _switcher, s_id, coach, c_id, coordinator, k_id = await three(app, clock)
    await exchange(app, clock, s_id, c_id, k_id, START)
    await coach.command("exchanges")
    await coach.tap("no")
    await coach.tap("skip")
    assert "yes" in coach.choice_ids()  # back at the exchange, where "I'll be there" is
    assert app.scheduler is not None
    await app.scheduler.run_due()
    told = outbox.texts(coordinator)
    assert len([t for t in told if "Oksana Melnyk" in t]) == 1  # only the alert itself
