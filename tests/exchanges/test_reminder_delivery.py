"""Reminders with a controllable clock: delivered in each person's language and time zone,
quiet hours respected, never twice — also across downtime and an interrupted send."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.app import App
from bot.settings import Settings
from conversations.common import NOT_YOURS
from conversations.exchange_texts import BEFORE_EXCHANGE, CHECKLIST_NUDGE, NOTICE
from conversations.text import _
from storage.exchanges import Exchanges
from storage.reminders import Reminders
from tests.exchanges.conftest import FAST
from tests.exchanges.world import Outbox, exchange, join, set_timezone, tap_delivered
from tests.fakes import Clock, FakeChat

# Monday 16 November 2026, 09:00 in Brussels (08:00 UTC; 10:00 in Kyiv)
START = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)


@pytest.fixture
async def world(app: App, outbox: Outbox) -> AsyncIterator[tuple[App, Outbox]]:
    yield app, outbox


async def three(app: App, clock: Clock) -> tuple[FakeChat, int, FakeChat, int, FakeChat, int]:
    switcher, s_id = await join(app, clock, "201", "switcher", "Anna Peeters", "nl")
    coach, c_id = await join(app, clock, "202", "learning_coach", "Oksana Melnyk", "uk")
    coordinator, k_id = await join(app, clock, "203", "coordinator", "Kim Claes", "en")
    await set_timezone(app, c_id, "Europe/Kyiv")
    return switcher, s_id, coach, c_id, coordinator, k_id


async def walk(app: App, clock: Clock, until: datetime) -> list[tuple[datetime, str, int]]:
    """Move the clock to each pending due time up to `until`, delivering what is due."""
    delivered: list[tuple[datetime, str, int]] = []
    assert app.scheduler is not None
    while True:
        async with app.db.transaction() as conn:
            pending = [r for r in await Reminders(conn).pending() if r.due_at <= until]
        if not pending:
            break
        clock.now = max(clock.now, pending[0].due_at)
        before = {r.id for r in pending}
        await app.scheduler.run_due()
        async with app.db.transaction() as conn:
            for rid in before:
                row = await Reminders(conn).get(rid)
                if row is not None and row.status == "sent":
                    delivered.append((clock.now, row.kind, row.person_id))
    clock.now = max(clock.now, until)
    return delivered


async def test_the_full_schedule_in_two_time_zones_and_languages(
    world: tuple[App, Outbox], clock: Clock
) -> None:
    app, outbox = world
    switcher, s_id, coach, c_id, coordinator, k_id = await three(app, clock)
    ex = await exchange(app, clock, s_id, c_id, k_id, START, notes="Veiligheidsschoenen mee")
    # the switcher prepares everything; the coach nothing
    await switcher.command("exchanges")
    await switcher.tap("checklist")
    for item in [c for c in switcher.choice_ids() if c.startswith("item:")]:
        await switcher.tap(item)
    delivered = await walk(app, clock, START + timedelta(days=1))

    kinds = [(when, kind, who) for when, kind, who in delivered if kind != NOTICE]
    switcher_times = [w for w, k, p in kinds if p == s_id and k == BEFORE_EXCHANGE]
    coach_times = [w for w, k, p in kinds if p == c_id and k == BEFORE_EXCHANGE]
    week, day = START - timedelta(days=7), START - timedelta(days=1)
    assert switcher_times == [week, day, START - timedelta(hours=1)]  # 07:00 is quiet: 08:00
    assert coach_times == [week, day, START - timedelta(hours=2)]  # 08:00 in Kyiv is allowed
    nudges = [p for _w, k, p in kinds if k == CHECKLIST_NUDGE]
    assert nudges == [c_id]  # the switcher's checklist was complete
    assert sorted(p for _w, k, p in kinds if k == "reflection_prompt") == [s_id, c_id]

    # in their own language and time zone, with the practical notes
    s_texts, c_texts = outbox.texts(switcher), outbox.texts(coach)
    assert any("09:00" in t and "Bakkerij Janssens" in t for t in s_texts)
    assert any("10:00" in t for t in c_texts)
    assert any("Veiligheidsschoenen mee" in t for t in s_texts)
    assert not outbox.texts(coordinator)  # coordinators get no exchange reminders
    async with app.db.transaction() as conn:
        assert (await Exchanges(conn).get(ex)).status == "done"  # type: ignore[union-attr]


async def test_confirming_and_cant_make_it_alerts_the_coordinator_at_once(
    world: tuple[App, Outbox], clock: Clock
) -> None:
    app, outbox = world
    switcher, s_id, coach, c_id, coordinator, k_id = await three(app, clock)
    ex = await exchange(app, clock, s_id, c_id, k_id, START)
    await walk(app, clock, START - timedelta(days=1))
    reminder = outbox.last_question(switcher)
    await tap_delivered(switcher, reminder, f"x:att:yes:{ex}")
    assert switcher.tr(_("Thank you! See you on {when}.", when=START), "nl") in switcher.all_text()
    await tap_delivered(switcher, reminder, f"x:att:yes:{ex}")  # a double tap
    assert "Thank you, I had already noted that." not in switcher.all_text()  # it is in Dutch
    assert switcher.tr(_("Thank you, I had already noted that."), "nl") in switcher.all_text()

    await tap_delivered(coach, outbox.last_question(coach), f"x:att:no:{ex}")
    assert app.scheduler is not None
    await app.scheduler.run_due()
    alert = outbox.texts(coordinator)[-1]
    assert "Oksana Melnyk" in alert and "cannot make it" in alert
    async with app.db.transaction() as conn:
        assert (await Exchanges(conn).get(ex)).status == "planned"  # type: ignore[union-attr]

    # somebody outside the exchange forging the same button changes nothing
    outsider, _o = await join(app, clock, "299", "switcher", "Mallory", "en")
    await outsider.send(reminder_choice(f"x:att:no:{ex}"))
    assert outsider.tr(NOT_YOURS, "en") in outsider.all_text()
    await app.scheduler.run_due()
    assert len([t for t in outbox.texts(coordinator) if "cannot make it" in t]) == 1


def reminder_choice(choice_id: str):  # type: ignore[no-untyped-def]
    from conversations.events import ChoiceIn

    return ChoiceIn(choice_id=choice_id, seq=0)


async def test_down_across_due_times_the_latest_useful_reminder_comes_once(
    app: App, clock: Clock, settings: Settings
) -> None:
    switcher, s_id = await join(app, clock, "201", "switcher", "Anna", "en")
    _coach, c_id = await join(app, clock, "202", "learning_coach", "Ben", "en")
    ex = await exchange(app, clock, s_id, c_id, None, START)
    clock.now = START - timedelta(hours=20)  # the bot was down for T-7d and T-1d
    outbox = Outbox()
    app.transports["fake"] = outbox
    scheduler = await app.start_scheduler(wake=False, pacer=FAST)
    await scheduler.run_due()
    before = [t for t in outbox.texts(switcher) if "starts" in t]
    assert len(before) == 1 and "in 20 hours" in before[0]
    async with app.db.transaction() as conn:
        rows = await Reminders(conn).of_exchange(ex)
    notes = {r.note for r in rows if r.person_id == s_id and r.kind == BEFORE_EXCHANGE}
    assert "superseded by a later reminder" in notes

    clock.now = START + timedelta(minutes=5)  # down again across T-2h: too late now
    await scheduler.run_due()
    await scheduler.run_due()
    assert len([t for t in outbox.texts(switcher) if "starts" in t]) == 1
    async with app.db.transaction() as conn:
        rows = await Reminders(conn).of_exchange(ex)
    assert {r.note for r in rows if r.status == "skipped"} >= {"too late: it had started"}


async def test_a_send_interrupted_by_a_crash_is_never_repeated(
    settings: Settings, clock: Clock
) -> None:
    first = await App.open(settings, clock=clock)
    _switcher, s_id = await join(first, clock, "201", "switcher", "Anna", "en")
    _coach, c_id = await join(first, clock, "202", "learning_coach", "Ben", "en")
    ex = await exchange(first, clock, s_id, c_id, None, START)
    clock.now = START - timedelta(days=7)
    async with first.db.transaction() as conn:
        due = [
            r
            for r in await Reminders(conn).pending()
            if r.due_at <= clock.now and r.kind == BEFORE_EXCHANGE
        ]
        claimed = due[0].id
        assert await Reminders(conn).claim(claimed, clock.now)  # then the process dies
    await first.close()

    second = await App.open(settings, clock=clock)
    try:
        outbox = Outbox()
        second.transports["fake"] = outbox
        scheduler = await second.start_scheduler(wake=False, pacer=FAST)
        await scheduler.run_due()
        async with second.db.transaction() as conn:
            row = await Reminders(conn).get(claimed)
            rows = await Reminders(conn).of_exchange(ex)
        assert row is not None and row.status == "interrupted"
        sent_to = [r.person_id for r in rows if r.status == "sent" and r.kind == BEFORE_EXCHANGE]
        assert row.person_id not in sent_to and len(sent_to) == 1  # only the other person's
    finally:
        await second.close()


async def test_cancelling_in_chat_removes_reminders_and_tells_everyone(
    world: tuple[App, Outbox], clock: Clock
) -> None:
    app, outbox = world
    switcher, s_id, coach, c_id, coordinator, k_id = await three(app, clock)
    await exchange(app, clock, s_id, c_id, k_id, START)
    await coordinator.command("exchanges")
    await coordinator.tap("cancel")
    await coordinator.tap("cancel:yes")
    delivered = await walk(app, clock, START + timedelta(days=2))
    assert [k for _w, k, _p in delivered if k != NOTICE] == []
    cancelled = _("The exchange at {place} on {when} is cancelled. Your coordinator will contact "
                  "you about what happens next.", place="x", when=START)  # fmt: skip
    assert any(t.startswith(switcher.tr(cancelled, "nl")[:12]) for t in outbox.texts(switcher))
    assert len(outbox.texts(coach)) == 2  # "you have a new exchange", then "cancelled"
    assert not outbox.texts(coordinator)
