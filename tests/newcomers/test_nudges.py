"""Gentle nudges for an idle newcomer, with a clock the test controls: after 14 idle days,
at most three in all, never in the person's quiet hours, and "stop" is honoured for good."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.app import App
from conversations.newcomer.model import PLAN_NUDGE
from storage.reminders import Reminders
from tests.exchanges.test_reminder_delivery import walk
from tests.exchanges.world import Outbox, set_timezone, tap_delivered
from tests.fakes import Clock, FakeChat
from tests.newcomers.world import NURSE, newcomer

BRUSSELS = ZoneInfo("Europe/Brussels")


def nudges(outbox: Outbox, chat: FakeChat) -> list[str]:
    return [t for t in outbox.texts(chat) if "It has been a while" in t]


async def sent_times(app: App, person_id: int) -> list[datetime]:
    async with app.db.transaction() as conn:
        rows = await Reminders(conn).of_person(person_id)
    return [r.due_at for r in rows if r.kind == PLAN_NUDGE and r.status == "sent"]


async def test_an_idle_newcomer_gets_at_most_three_nudges_two_weeks_apart(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    amal, amal_id = await newcomer(app, clock, "400", "Amal", "en", NURSE)
    start = clock.now  # the plan was shown at the end of the intake
    await walk(app, clock, start + timedelta(days=100))
    assert len(nudges(outbox, amal)) == 3
    times = await sent_times(app, amal_id)
    gaps = [b - a for a, b in zip([start, *times], times, strict=False)]
    assert all(timedelta(days=14) <= gap < timedelta(days=15) for gap in gaps), gaps
    assert "Start or finish civic integration" in nudges(outbox, amal)[0]  # the next step


async def test_activity_moves_the_nudge_and_quiet_hours_are_respected(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    amal, amal_id = await newcomer(app, clock, "410", "Amal", "en", NURSE)
    await set_timezone(app, amal_id, "Europe/Brussels")
    clock.now = datetime(2026, 11, 12, 21, 30, tzinfo=BRUSSELS).astimezone(UTC)
    await amal.command("plan")  # active at 21:30 local: the nudge would fall in quiet hours
    await walk(app, clock, datetime(2026, 11, 26, 21, 0, tzinfo=BRUSSELS))
    assert nudges(outbox, amal) == []
    await walk(app, clock, datetime(2026, 11, 27, 12, 0, tzinfo=BRUSSELS))
    [when] = await sent_times(app, amal_id)
    local = when.astimezone(BRUSSELS)
    assert (local.date().isoformat(), local.hour) == ("2026-11-27", 8)


async def test_stop_is_honoured_and_not_now_counts(app: App, clock: Clock, outbox: Outbox) -> None:
    amal, amal_id = await newcomer(app, clock, "420", "Amal", "en", NURSE)
    await walk(app, clock, clock.now + timedelta(days=15))
    first = outbox.last_question(amal)
    await tap_delivered(amal, first, "x:nudge:later")
    assert "check in with you again later" in amal.all_text()
    await walk(app, clock, clock.now + timedelta(days=15))
    assert len(nudges(outbox, amal)) == 2
    await tap_delivered(amal, outbox.last_question(amal), "x:nudge:stop")
    assert "no more reminders" in amal.all_text()
    await amal.command("plan")  # coming back does not start them again
    await walk(app, clock, clock.now + timedelta(days=90))
    assert len(nudges(outbox, amal)) == 2
    async with app.db.transaction() as conn:
        pending = [r for r in await Reminders(conn).of_person(amal_id)
                   if r.kind == PLAN_NUDGE and r.status == "pending"]  # fmt: skip
    assert pending == []


async def test_the_nudge_button_opens_the_plan_and_a_finished_plan_is_left_alone(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    amal, _amal_id = await newcomer(app, clock, "430", "Amal", "en", NURSE)
    await walk(app, clock, clock.now + timedelta(days=15))
    await tap_delivered(amal, outbox.last_question(amal), "x:plan")
    assert "Your step plan towards work" in amal.all_text()
    for step_id in [c.removeprefix("s:") for c in amal.choice_ids() if c.startswith("s:")]:
        await amal.tap(f"s:{step_id}")
        await amal.tap("st:not_for_me" if step_id == "civic_integration" else "st:done")
    assert "You have gone through every step" in amal.all_text()
    before = len(nudges(outbox, amal))
    await walk(app, clock, clock.now + timedelta(days=60))
    assert len(nudges(outbox, amal)) == before
