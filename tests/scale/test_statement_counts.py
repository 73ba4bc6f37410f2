"""What one event costs does not depend on the size of the programme (production-core issue
item 1, code review §(c)): a coordinator's /help used to run 7,620 SQL statements at 2,000
people and 100 exchanges, under the process-wide writer lock, because every person and every
exchange was loaded one query at a time.

Each event type is run in a small world and in a world ten times larger (more people in the
coordinator's own programme and in another one, more exchanges and reminder rows): the number
of SQL statements must be the same in both, and at most 30."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event, insert

from bot.app import App
from bot.reminders.scheduler import HORIZON
from bot.settings import Settings, load_settings
from storage.exchanges import NewExchange
from storage.reminders import Reminders
from storage.schema import user_roles, users
from storage.schema_programmes import programme_members
from tests.exchanges.world import exchange, join, programme
from tests.fakes import Clock, FakeChat

LIMIT = 30


@contextmanager
def counting(app: App) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    engine = app.db.engine.sync_engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


@dataclass
class World:
    app: App
    coordinator: FakeChat
    switcher: FakeChat
    coach: FakeChat
    newcomer: FakeChat


async def _fill(app: App, clock: Clock, mine: int, theirs: int, size: int, first: int) -> None:
    """`size` people in each programme, and `size` exchanges coordinated by the coordinator."""
    now = clock.now
    ids = range(first, first + 2 * size)
    async with app.db.transaction() as conn:
        people = [{"id": i, "name": f"P{i}", "created_at": now} for i in ids]
        await conn.execute(insert(users), people)
        roles, members = [], []
        for n, i in enumerate(ids):
            role = ("switcher", "learning_coach")[i % 2]
            roles.append({"user_id": i, "role": role, "granted_at": now})
            members.append({
                "programme_id": mine if n < size else theirs, "user_id": i, "role": role,
                "joined_at": now,
            })  # fmt: skip
        await conn.execute(insert(user_roles), roles)
        await conn.execute(insert(programme_members), members)


async def build(settings: Settings, clock: Clock, size: int) -> World:
    app = await App.open(settings, clock=clock)
    mine = await programme(app, clock, "Mine")
    theirs = await programme(app, clock, "Theirs")
    coordinator, k_id = await join(app, clock, "k", "coordinator", "Kim", "en", mine)
    switcher, s_id = await join(app, clock, "s", "switcher", "Sara", "en", mine)
    coach, c_id = await join(app, clock, "c", "learning_coach", "Ben", "en", mine)
    newcomer, _n = await join(app, clock, "n", "newcomer", "Nour", "en")
    await _fill(app, clock, mine, theirs, size, first=1000)
    start = clock.now + timedelta(days=10)
    await exchange(app, clock, s_id, c_id, k_id, start)
    for i in range(size // 2):  # the coordinator's other exchanges, each with its reminders
        await exchange(app, clock, 1000 + 2 * i, 1001 + 2 * i, k_id, start + timedelta(days=i))
    return World(app, coordinator, switcher, coach, newcomer)


Step = Callable[[World], Awaitable[object]]

EVENTS: dict[str, Step] = {
    "coordinator /help": lambda w: w.coordinator.command("help"),
    "coordinator /start": lambda w: w.coordinator.command("start"),
    "coordinator set up an exchange": lambda w: w.coordinator.tap("menu:new_exchange"),
    "coordinator types in the directory": lambda w: w.coordinator.say("Sara"),
    "coordinator /exchanges": lambda w: w.coordinator.command("exchanges"),
    "switcher /help": lambda w: w.switcher.command("help"),
    "switcher /exchanges": lambda w: w.switcher.command("exchanges"),
    "coach /exchanges": lambda w: w.coach.command("exchanges"),
    "newcomer /help": lambda w: w.newcomer.command("help"),
    "newcomer text": lambda w: w.newcomer.say("hello"),
}


async def counts(settings: Settings, clock: Clock, size: int) -> dict[str, int]:
    world = await build(settings, clock, size)
    found: dict[str, int] = {}
    try:
        for name, step in EVENTS.items():
            with counting(world.app) as seen:
                await step(world)
            found[name] = len(seen)
    finally:
        await world.app.close()
    return found


async def test_an_events_cost_does_not_grow_with_the_programme(tmp_path: Any) -> None:
    small = await counts(load_settings(data_dir=tmp_path / "small"), Clock(), 10)
    large = await counts(load_settings(data_dir=tmp_path / "large"), Clock(), 100)
    report = "\n".join(f"{k}: {small[k]} → {large[k]}" for k in EVENTS)
    assert small == large, report
    assert max(large.values()) <= LIMIT, report


async def test_a_scheduler_wake_reads_only_what_is_due_soon(tmp_path: Any) -> None:
    """Every effect that adds a notice wakes the scheduler; a wake used to read every pending
    row of the programme (a million reminder rows: all of them, each time someone ticked a
    step of their plan). Now it asks the database for the next minutes only."""
    clock = Clock()
    world = await build(load_settings(data_dir=tmp_path), clock, 40)
    try:
        async with world.app.db.read() as conn:
            everything = await Reminders(conn).pending()
            soon = await Reminders(conn).pending(until=clock.now + HORIZON)
        assert len(everything) > 40 and len(soon) < len(everything)
        assert soon == [r for r in everything if r.due_at <= clock.now + HORIZON]
        scheduler = await world.app.start_scheduler()
        with counting(world.app) as seen:
            await scheduler.sync()
        reads = [s for s in seen if "FROM reminders" in s]
        assert reads and all("due_at <=" in s for s in reads), reads
    finally:
        await world.app.close()


del NewExchange, pytest
