"""The storage layer: migrations match the schema, repositories keep their promises."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection

from storage.conversations import ConcurrentUpdate, Conversations
from storage.database import Database
from storage.invites import Invites
from storage.people import People
from storage.schema import metadata

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


async def test_migrated_database_matches_the_schema(db: Database) -> None:
    def diff(conn: Connection) -> list[object]:
        return list(compare_metadata(MigrationContext.configure(conn), metadata))

    async with db.transaction() as conn:
        assert await conn.run_sync(diff) == []


async def test_migrations_can_run_twice(db: Database) -> None:
    await db.migrate()


async def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'test.db'}")
    async with db.transaction() as conn:
        assert (await conn.exec_driver_sql("PRAGMA journal_mode")).scalar() == "wal"
        assert (await conn.exec_driver_sql("PRAGMA foreign_keys")).scalar() == 1
    await db.close()


async def test_times_come_back_as_aware_utc(db: Database) -> None:
    brussels = NOW.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Brussels"))
    async with db.transaction() as conn:
        user_id = await People(conn).create("fake", "1", "1", brussels)
        person = await People(conn).get(user_id)
    assert person is not None and person.created_at == NOW and person.created_at.tzinfo is UTC


async def test_an_invite_is_never_redeemed_more_often_than_allowed(db: Database) -> None:
    async with db.transaction() as conn:
        invite = await Invites(conn).create("switcher", 3, NOW + timedelta(days=1), NOW)

    async def redeem() -> bool:
        async with db.transaction() as conn:
            return await Invites(conn).redeem(invite.code, NOW)

    results = await asyncio.gather(*(redeem() for _ in range(8)))
    assert sorted(results) == [False] * 5 + [True] * 3
    async with db.transaction() as conn:
        stored = await Invites(conn).get(invite.code)
    assert stored is not None and stored.uses == 3 and stored.status(NOW) == "used_up"


async def test_an_expired_invite_cannot_be_redeemed(db: Database) -> None:
    async with db.transaction() as conn:
        invite = await Invites(conn).create("switcher", 3, NOW + timedelta(hours=1), NOW)
        assert not await Invites(conn).redeem(invite.code, NOW + timedelta(hours=2))
        assert invite.status(NOW + timedelta(hours=2)) == "expired"


async def test_a_conversation_saved_by_someone_else_is_not_overwritten(db: Database) -> None:
    async with db.transaction() as conn:
        user_id = await People(conn).create("fake", "1", "1", NOW)
        await Conversations(conn).save(user_id, {"step": 1}, 0, NOW)
    async with db.transaction() as conn:
        _state, version = await Conversations(conn).load(user_id)
        await Conversations(conn).save(user_id, {"step": 2}, version, NOW)
    with pytest.raises(ConcurrentUpdate):
        async with db.transaction() as conn:
            await Conversations(conn).save(user_id, {"step": 3}, version, NOW)
    async with db.transaction() as conn:
        assert (await Conversations(conn).load(user_id))[0] == {"step": 2}


async def test_a_failed_transaction_leaves_nothing_behind(db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with db.transaction() as conn:
            await People(conn).create("fake", "1", "1", NOW)
            raise RuntimeError("boom")
    async with db.transaction() as conn:
        assert await People(conn).find_identity("fake", "1") is None


async def test_deleting_a_person_removes_identities_roles_and_state(db: Database) -> None:
    async with db.transaction() as conn:
        people = People(conn)
        user_id = await people.create("fake", "1", "1", NOW)
        await people.grant_role(user_id, "switcher", NOW)
        await Conversations(conn).save(user_id, {}, 0, NOW)
        await people.delete(user_id)
    async with db.transaction() as conn:
        assert await People(conn).find_identity("fake", "1") is None
        assert (await Conversations(conn).load(user_id)) == (None, 0)
        assert await People(conn).list() == []
