"""Upgrading an installation from before programmes (migration 0012): everyone, every invite
and every exchange lands in the default programme, so coordinators keep what they had."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Connection

from bot.exchange_facts import directory
from storage.database import MIGRATIONS, Database
from storage.exchanges import Exchanges
from storage.invites import Invites
from storage.people import People
from storage.programmes import Programmes

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _to(revision: str):  # type: ignore[no-untyped-def]
    def run(connection: Connection) -> None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    return run


@pytest.mark.empty_database
async def test_an_upgrade_puts_everyone_in_the_default_programme(
    tmp_path: Path, database_url: str | None
) -> None:
    db = Database(database_url or f"sqlite+aiosqlite:///{tmp_path / 'old.db'}")
    async with db.engine.begin() as conn:
        await conn.run_sync(_to("0011"))
    # as the rows of that time were written: SQLite text, PostgreSQL a timestamp with zone
    at: object = NOW.isoformat() if db.is_sqlite else NOW
    async with db.transaction() as conn:
        for uid, name, role in ((1, "Kim", "coordinator"), (2, "Anna", "switcher"),
                                (3, "Jan", "learning_coach")):  # fmt: skip
            await conn.execute(
                text("INSERT INTO users (id, name, created_at) VALUES (:i, :n, :t)"),
                {"i": uid, "n": name, "t": at},
            )
            await conn.execute(
                text("INSERT INTO user_roles (user_id, role, granted_at) VALUES (:i, :r, :t)"),
                {"i": uid, "r": role, "t": at},
            )
        await conn.execute(
            text(
                "INSERT INTO invites (code, role, max_uses, uses, created_at, created_by) "
                "VALUES ('abc', 'switcher', 5, 0, :t, 1)"
            ),
            {"t": at},
        )
        await conn.execute(
            text(
                "INSERT INTO exchanges (id, switcher_id, coach_id, coordinator_id, place, "
                "status, created_at, updated_at) VALUES (1, 2, 3, 1, 'Gent', 'planned', :t, :t)"
            ),
            {"t": at},
        )
    await db.migrate()
    async with db.transaction() as conn:
        assert [(p.id, p.name, p.members) for p in await Programmes(conn).all()] == [
            (1, "default", 3)
        ]
        assert await Programmes(conn).coordinated_by(1) == [1]
        assert [x.id for x in await Exchanges(conn).coordinated_by(1)] == [1]
        assert {p.name for p in await directory(conn, 1)} == {"Anna", "Jan"}
        invite = await Invites(conn).get("abc")
        assert invite is not None and invite.programme_id == 1
        assert [r.person.name for r in await People(conn).list(coordinator_id=1)] == [
            "Kim", "Anna", "Jan"
        ]  # fmt: skip
        assert await Programmes(conn).create("Another", NOW) == 2  # not the default's 1 again
    await db.close()
