"""Writers at the same time, as several processes on PostgreSQL have them (issue 18 item 1; code
review problems 4 and 9: read-then-write spots that were safe only under SQLite's global lock).

Each test runs on both backends; on SQLite the writer lock queues the transactions, on
PostgreSQL they really overlap, which is what the old code did not survive.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, update

from bot.app import App
from storage.agendas import Agendas
from storage.database import Contention, Database
from storage.meta import Meta
from storage.newcomers import Newcomers
from storage.people import People
from storage.programmes import Programmes
from storage.schema import users
from storage.supporters import Supporter, Supporters
from tests.fakes import FakeChat

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


async def _overlap(db: Database) -> None:
    """Open a few connections first: transactions started together then really overlap
    instead of the first finishing while the next one is still connecting."""

    async def connect() -> None:
        async with db.engine.connect():
            await asyncio.sleep(0.1)

    await asyncio.gather(*(connect() for _ in range(4)))


async def test_granting_a_role_twice_at_once_grants_it_once_without_an_error(db: Database) -> None:
    """Review §5.4: `People.grant_role` selected, then inserted."""
    async with db.transaction() as conn:
        user_id = await People(conn).create("fake", "1", "1", NOW)

    async def grant() -> bool:
        async with db.transaction() as conn:
            return await People(conn).grant_role(user_id, "switcher", NOW)

    await _overlap(db)
    results = await asyncio.gather(*(grant() for _ in range(4)))
    assert sorted(results) == [False] * 3 + [True]
    async with db.transaction() as conn:
        person = await People(conn).get(user_id)
    assert person is not None and person.roles == {"switcher"}


async def test_writing_the_same_new_setting_at_once_keeps_one_value(db: Database) -> None:
    """Update-then-insert (`Meta.put`, agenda drafts, retention state) let two writers both
    insert; one upsert statement cannot."""
    await _overlap(db)

    async def put(value: str) -> None:
        async with db.transaction() as conn:
            await Meta(conn).put("k", value)

    await asyncio.gather(*(put(str(n)) for n in range(4)))
    async with db.transaction() as conn:
        assert await Meta(conn).get("k") in {"0", "1", "2", "3"}


async def test_a_supporter_profile_and_a_plan_step_saved_twice_at_once_are_kept_once(
    db: Database,
) -> None:
    """Select-then-insert (supporter profiles, plan steps, newcomer rows) let two writers both
    insert on PostgreSQL; an upsert cannot."""
    async with db.transaction() as conn:
        person = await People(conn).create("fake", "1", "1", NOW)
    await _overlap(db)

    async def save(capacity: int) -> None:
        async with db.transaction() as conn:
            profile = Supporter(person, ("job",), (), ("nl",), "gent", capacity, None)
            await Supporters(conn).save(profile, NOW)
            await Newcomers(conn).mark(person, "cv", "done", NOW)

    await asyncio.gather(*(save(n) for n in (1, 2, 3, 4)))
    async with db.transaction() as conn:
        saved = await Supporters(conn).get(person)
        assert saved is not None and saved.capacity in {1, 2, 3, 4}
        assert await Newcomers(conn).progress(person) == {"cv": "done"}


async def test_a_new_programme_gets_a_new_number_after_the_migrated_default(db: Database) -> None:
    """Migration 0012 inserts programme 1 by hand; PostgreSQL's sequence handed out 1 again."""
    async with db.transaction() as conn:
        assert await Programmes(conn).ensure_default(NOW) == 1
        first = await Programmes(conn).create("OrgA", NOW)
        second = await Programmes(conn).create("OrgB", NOW)
    assert 1 < first < second


async def test_two_authors_saving_an_agenda_at_once_get_versions_one_and_two(
    db: Database,
) -> None:
    """Review §5.4: `Agendas.add_version` computed max(version) + 1 and collided."""
    async with db.transaction() as conn:
        switcher = await People(conn).create("fake", "1", "1", NOW)
        coach = await People(conn).create("fake", "2", "2", NOW)

    async def save(author: int) -> int:
        async with db.transaction() as conn:
            return await Agendas(conn).add_version(switcher, {"by": author}, author, NOW)

    assert sorted(await asyncio.gather(save(switcher), save(coach))) == [1, 2]


async def test_a_persons_transactions_wait_for_each_other_and_nobody_else(db: Database) -> None:
    """The per-person lock holds across connections (on PostgreSQL: across processes)."""
    order: list[str] = []
    first_in = asyncio.Event()
    release = asyncio.Event()

    async def first() -> None:
        async with db.transaction(person="fake:1"):
            order.append("first in")
            first_in.set()
            await release.wait()
            order.append("first out")

    async def second() -> None:
        await first_in.wait()
        async with db.transaction(person="fake:1"):
            order.append("second in")

    tasks = [asyncio.create_task(first()), asyncio.create_task(second())]
    await first_in.wait()
    await asyncio.sleep(0.3)  # the second had every chance to get in
    assert order == ["first in"]
    release.set()
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=30)
    assert order == ["first in", "first out", "second in"]


async def test_a_deadlock_comes_back_as_contention_and_nothing_is_kept(db: Database) -> None:
    """SQLSTATE 40P01 (and 40001) become `Contention`, which the dispatcher retries; on SQLite
    the writer lock queues the two, so both commit."""
    async with db.transaction() as conn:
        a = await People(conn).create("fake", "1", "1", NOW)
        b = await People(conn).create("fake", "2", "2", NOW)
    both_hold_one = asyncio.Barrier(2) if not db.is_sqlite else None

    async def rename(first: int, then: int, name: str) -> str:
        try:
            async with db.transaction() as conn:
                await conn.execute(update(users).where(users.c.id == first).values(name=name))
                if both_hold_one is not None:
                    await both_hold_one.wait()
                await conn.execute(update(users).where(users.c.id == then).values(name=name))
        except Contention:
            return "contention"
        return "committed"

    results = await asyncio.wait_for(
        asyncio.gather(rename(a, b, "X"), rename(b, a, "Y")), timeout=30
    )
    async with db.transaction() as conn:
        names = set((await conn.execute(select(users.c.name))).scalars())
    if db.is_sqlite:
        assert results == ["committed", "committed"]
    else:
        assert sorted(results) == ["committed", "contention"]
        assert len(names) == 1  # the loser left nothing: both rows carry the winner's name


async def test_the_dispatcher_runs_an_event_again_after_contention(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A serialization failure or deadlock costs the person nothing: the event is run again."""
    real = app.dispatcher._handle_once
    failures = [Contention("40001")]

    async def flaky(*args, **kwargs):  # type: ignore[no-untyped-def]
        if failures:
            raise failures.pop()
        return await real(*args, **kwargs)

    monkeypatch.setattr(app.dispatcher, "_handle_once", flaky)
    chat = FakeChat(app)
    delivery = await chat.say("hello")
    assert not failures and delivery.messages
    assert not any("Sorry, something went wrong" in t for t in chat.texts(delivery))
