"""Reminder planning: offsets, recipients' own time zones, quiet hours, reschedule and cancel."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.app import App
from bot.reminders.plan import (
    BEFORE_EXCHANGE,
    REFLECTION_PROMPT,
    QuietHours,
    Recipient,
    parse_offsets,
    plan_exchange,
)
from bot.reminders.service import (
    ExchangeError,
    cancel_exchange,
    create_exchange,
    reschedule_exchange,
)
from conversations.exchange_texts import NOTICE
from storage.exchanges import Exchanges, NewExchange
from storage.people import People
from storage.reminders import Reminders
from tests.fakes import Clock

BRUSSELS, KYIV = ZoneInfo("Europe/Brussels"), ZoneInfo("Europe/Kyiv")
QUIET = QuietHours.parse("21:00-08:00")
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def local(tz: ZoneInfo, *args: int) -> datetime:
    return datetime(*args, tzinfo=tz).astimezone(UTC)  # type: ignore[misc]


def test_offsets_and_quiet_hours_parse_as_operators_write_them() -> None:
    assert parse_offsets("1d, 7d,2h") == (timedelta(days=7), timedelta(days=1), timedelta(hours=2))
    assert parse_offsets("10m,90s") == (timedelta(minutes=10), timedelta(seconds=90))
    assert QuietHours.parse("") is None
    for bad in ("", "7x", "0s"):
        with pytest.raises(ValueError):
            parse_offsets(bad)
    with pytest.raises(ValueError):
        QuietHours.parse("22:00-22:00")


def test_the_full_schedule_in_two_time_zones_with_a_quiet_hour_shift() -> None:
    start = local(BRUSSELS, 2026, 11, 20, 9, 0)  # 09:00 in Brussels = 10:00 in Kyiv
    end = local(BRUSSELS, 2026, 11, 20, 16, 0)
    plan = plan_exchange(
        [(start, end)],
        [Recipient(1, "Europe/Brussels"), Recipient(2, "Europe/Kyiv")],
        parse_offsets("7d,1d,2h"),
        QUIET,
        NOW,
    )
    by = {(p.person_id, p.kind, p.due_at.astimezone(UTC)): p for p in plan}
    assert len(plan) == 8  # 3 before + 1 reflection prompt, for each of two people
    # T-2h is 07:00 in Brussels: quiet, so moved to 08:00 local, still before the start
    moved = by[(1, BEFORE_EXCHANGE, local(BRUSSELS, 2026, 11, 20, 8, 0))]
    assert moved.status == "pending" and moved.note == "moved out of quiet hours"
    # …but 08:00 in Kyiv is not quiet: the coach gets it at T-2h exactly
    assert by[(2, BEFORE_EXCHANGE, start - timedelta(hours=2))].note is None
    for person in (1, 2):
        assert (person, BEFORE_EXCHANGE, start - timedelta(days=7)) in by
        assert (person, BEFORE_EXCHANGE, start - timedelta(days=1)) in by
        assert (person, REFLECTION_PROMPT, end + timedelta(minutes=30)) in by


def test_a_reminder_that_quiet_hours_would_push_past_the_start_is_skipped_with_a_reason() -> None:
    start = local(BRUSSELS, 2026, 11, 20, 8, 0)
    plan = plan_exchange(
        [(start, start + timedelta(hours=8))], [Recipient(1, "Europe/Brussels")],
        (timedelta(hours=2),), QUIET, NOW,
    )  # fmt: skip
    (before,) = [p for p in plan if p.kind == BEFORE_EXCHANGE]
    assert (before.status, before.note) == ("skipped", "quiet hours until start")


def test_a_reflection_prompt_after_a_late_day_waits_for_the_morning() -> None:
    start = local(BRUSSELS, 2026, 11, 20, 14, 0)
    end = local(BRUSSELS, 2026, 11, 20, 20, 45)
    plan = plan_exchange([(start, end)], [Recipient(1, "Europe/Brussels")], (), QUIET, NOW)
    (prompt,) = plan
    assert prompt.due_at == local(BRUSSELS, 2026, 11, 21, 8, 0)


def test_offsets_already_past_at_planning_are_kept_as_skipped() -> None:
    start = NOW + timedelta(days=3)
    plan = plan_exchange(
        [(start, start + timedelta(hours=6))], [Recipient(1, "UTC")], parse_offsets("7d,1d"),
        None, NOW,
    )  # fmt: skip
    statuses = {p.due_at: p.status for p in plan if p.kind == BEFORE_EXCHANGE}
    assert statuses == {start - timedelta(days=7): "skipped", start - timedelta(days=1): "pending"}


async def people(app: App, clock: Clock) -> tuple[int, int, int]:
    async with app.db.transaction() as conn:
        ids = []
        for role, tz in (("switcher", "Europe/Brussels"), ("learning_coach", "Europe/Kyiv"),
                         ("coordinator", None)):  # fmt: skip
            pid = await People(conn).create("fake", role, role, clock.now)
            await People(conn).grant_role(pid, role, clock.now)
            if tz:
                await People(conn).set_timezone(pid, tz)
            ids.append(pid)
    return ids[0], ids[1], ids[2]


async def test_creating_rescheduling_and_cancelling_keep_reminder_rows_in_step(
    app: App, clock: Clock
) -> None:
    switcher, coach, coordinator = await people(app, clock)
    start = clock.now + timedelta(days=10)
    day = (start, start + timedelta(hours=7))
    new = NewExchange(switcher, coach, "Bakkerij Janssens, Gent", (day,), coordinator)
    async with app.db.transaction() as conn:
        exchange_id = await create_exchange(conn, app.settings, new, clock.now)
        rows = await Reminders(conn).of_exchange(exchange_id)
    notices = [r for r in rows if r.kind == NOTICE]
    rows = [r for r in rows if r.kind != NOTICE]
    # 7d, 1d, 2h, reflection prompt, checklist nudge, evaluation + two reminders; for both
    assert len(rows) == 16 and {r.person_id for r in rows} == {switcher, coach}
    assert sorted(r.person_id for r in notices) == [switcher, coach]  # not the coordinator

    later = start + timedelta(days=5)
    async with app.db.transaction() as conn:
        await reschedule_exchange(
            conn, app.settings, exchange_id, ((later, later + timedelta(hours=7)),), clock.now
        )
        rows = await Reminders(conn).of_exchange(exchange_id)
    pending = [r for r in rows if r.status == "pending"]
    assert len([r for r in rows if r.status == "cancelled"]) == 16
    # "new exchange" for both; "new dates" for all three (the change came from the command line)
    assert len([r for r in pending if r.kind == NOTICE]) == 5
    assert {r.event_at for r in pending if r.kind == BEFORE_EXCHANGE} == {later}

    async with app.db.transaction() as conn:
        await cancel_exchange(conn, exchange_id, clock.now, by=coordinator)
        rows = await Reminders(conn).of_exchange(exchange_id)
        exchange = await Exchanges(conn).get(exchange_id)
    assert not [r for r in rows if r.status == "pending" and r.kind != NOTICE]
    assert exchange is not None and exchange.status == "cancelled"
    told = [r for r in rows if r.kind == NOTICE and r.status == "pending"]
    assert len(told) == 7  # switcher and coach hear of the cancellation; not the coordinator


async def test_an_exchange_needs_the_right_people_and_future_days(app: App, clock: Clock) -> None:
    switcher, coach, _ = await people(app, clock)
    day = (clock.now + timedelta(days=2), clock.now + timedelta(days=2, hours=6))
    for new, says in [
        (NewExchange(coach, switcher, "x", (day,)), "is not a switcher"),
        (NewExchange(switcher, switcher, "x", (day,)), "two people"),
        (NewExchange(switcher, coach, "x", ((day[1], day[0]),)), "end after it starts"),
        (NewExchange(switcher, coach, "x", ((clock.now - timedelta(hours=1), clock.now),)),
         "in the future"),
        (NewExchange(switcher, coach, "x", (day, day, day)), "one or two days"),
    ]:  # fmt: skip
        async with app.db.transaction() as conn:
            with pytest.raises(ExchangeError, match=says):
                await create_exchange(conn, app.settings, new, clock.now)


async def test_a_reminder_can_be_claimed_only_once(app: App, clock: Clock) -> None:
    switcher, _coach, _ = await people(app, clock)
    async with app.db.transaction() as conn:
        rid = await Reminders(conn).add(switcher, BEFORE_EXCHANGE, clock.now)
        assert await Reminders(conn).claim(rid, clock.now)
        assert not await Reminders(conn).claim(rid, clock.now)  # a second worker, or a restart
        assert [r.id for r in await Reminders(conn).pending()] == []
