"""The few statements whose spelling differs between SQLite and PostgreSQL, in one place.

Repositories stay SQLAlchemy Core; what SQLite's single writer made safe by accident (read, then
insert) is written here as one statement that is safe with concurrent writers on PostgreSQL.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import Table, func, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.dml import Insert

#: SQLSTATEs after which the whole transaction is worth running again (serialization failure,
#: deadlock detected).
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})


def insert_ignoring(conn: AsyncConnection, table: Table) -> Insert:
    """`INSERT … ON CONFLICT DO NOTHING`: a row that exists already (by any unique key) is kept
    as it is, even when another transaction inserted it a moment ago."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    return sqlite.insert(table).on_conflict_do_nothing()


def upsert(
    conn: AsyncConnection, table: Table, values: dict[str, Any], changes: dict[str, Any]
) -> Insert:
    """Insert `values`, or apply `changes` to the row with the same primary key, in one statement
    (update-then-insert lets two writers both insert on PostgreSQL)."""
    key = [c.name for c in table.primary_key.columns]
    if conn.dialect.name == "postgresql":
        pg = postgresql.insert(table).values(**values)
        return pg.on_conflict_do_update(index_elements=key, set_=changes)
    lite = sqlite.insert(table).values(**values)
    return lite.on_conflict_do_update(index_elements=key, set_=changes)


async def sync_sequence(conn: AsyncConnection, table: Table, column: str = "id") -> None:
    """After rows were inserted with explicit ids, PostgreSQL's sequence must move past them or
    the next generated id collides. SQLite derives the next id from the table: nothing to do."""
    if conn.dialect.name != "postgresql":
        return
    await conn.execute(
        select(
            func.setval(
                func.pg_get_serial_sequence(table.name, column),
                func.coalesce(select(func.max(table.c[column])).scalar_subquery(), 1),
            )
        )
    )


def lock_id(key: str) -> int:
    """A stable signed 64-bit number for an advisory lock (the same in every process)."""
    digest = hashlib.blake2b(key.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


async def lock_key(conn: AsyncConnection, key: str) -> None:
    """PostgreSQL: wait until no other transaction, in any process, holds the lock on `key` (a
    person's events, the migrations); it is released at commit or rollback. SQLite: its single
    writer serialises already."""
    if conn.dialect.name == "postgresql":
        await conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock_id(key)})


def retryable(exc: BaseException) -> bool:
    """A serialization failure or a deadlock: nothing was kept, running the event again helps."""
    seen: BaseException | None = exc
    for _depth in range(5):  # SQLAlchemy's error → the adapted DBAPI error → asyncpg's
        if seen is None:
            break
        if getattr(seen, "sqlstate", None) in RETRYABLE_SQLSTATES:
            return True
        seen = getattr(seen, "orig", None) or seen.__cause__
    return False


#: PostgreSQL channel on which a committed reminder or notice row wakes every worker up.
REMINDERS_CHANNEL = "wegwijzer_reminders"


async def notify_reminders(conn: AsyncConnection) -> None:
    """PostgreSQL: tell the workers (LISTEN) that rows were added; sent at commit, once per
    transaction however often it is called. SQLite: one process, it nudges itself."""
    if conn.dialect.name == "postgresql":
        await conn.execute(select(func.pg_notify(REMINDERS_CHANNEL, "")))
