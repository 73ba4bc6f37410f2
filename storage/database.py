"""The async engine, one transaction helper, and migrations applied at start-up.

SQLite is the embedded default: WAL so readers never wait for the writer, foreign keys on, and
`BEGIN IMMEDIATE` so two writers queue on the busy timeout instead of failing half-way with
"database is locked". PostgreSQL (asyncpg, `WEGWIJZER_DATABASE_URL=postgresql+asyncpg://…`)
takes the same path without the process-wide writer: a person's events are serialised by an
advisory lock taken in their transaction (`transaction(person=…)`), in every process, and a
serialization failure or deadlock surfaces as `Contention` so the caller runs the event again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from storage import sqlite_driver
from storage.dialect import lock_key, retryable

sqlite_driver.install()

MIGRATIONS = Path(__file__).parent / "migrations"
log = logging.getLogger(__name__)
#: Execution option marking a connection whose transaction only reads (see `Database.read`).
READ_ONLY = "wegwijzer_read_only"


class Contention(Exception):
    """Another transaction got in the way (SQLSTATE 40001 or 40P01); nothing was kept."""


async def pause(attempt: int) -> None:
    """A short, jittered wait before running a contended event again, so the two do not
    collide again at once."""
    await asyncio.sleep(random.uniform(0.01, 0.05) * (attempt + 1))


def _sqlite_setup(engine: AsyncEngine) -> None:
    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Deleted rows are overwritten with zeros, not left in free pages (erasure, GDPR Art. 17);
        # not every SQLite build has this on by default.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A read takes no write lock: in WAL mode a deferred BEGIN reads one snapshot while
        # the writer carries on.
        read = conn.get_execution_options().get(READ_ONLY, False)
        conn.exec_driver_sql("BEGIN" if read else "BEGIN IMMEDIATE")


class Database:
    """One per process; hand out transactions, never long-lived connections."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        # PostgreSQL: up to 32 updates at once (bot/telegram/transport.py), the reminder
        # deliveries (8), the LISTEN and leader connections; beyond that they queue.
        kwargs: dict[str, Any] = (
            {"pool_size": 4}
            if self.is_sqlite
            else {"pool_pre_ping": True, "pool_size": 10, "max_overflow": 40}
        )
        self.engine = create_async_engine(url, **kwargs)
        # SQLite has a single writer. Queueing transactions here, in order, beats letting them
        # race for the file lock: the loser sleeps in SQLite's busy handler (seconds at p95).
        self._writer = asyncio.Lock() if self.is_sqlite else None
        if self.is_sqlite:
            _sqlite_setup(self.engine)

    @asynccontextmanager
    async def transaction(self, person: str | None = None) -> AsyncIterator[AsyncConnection]:
        """Commit when the block ends normally, roll back on any exception.

        `person`: a stable key of the person the event is about; on PostgreSQL their advisory
        lock is taken first, so their events never interleave, whichever process handles them.
        Never open a transaction inside another: on SQLite the second would wait for the first.
        """
        try:
            async with contextlib.AsyncExitStack() as stack:
                if self._writer is not None:
                    await stack.enter_async_context(self._writer)
                conn = await stack.enter_async_context(self.engine.begin())
                if person is not None:
                    await lock_key(conn, person)
                yield conn
        except DBAPIError as exc:
            if retryable(exc):
                raise Contention(str(exc.orig)) from exc
            raise

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        """A transaction that only reads: one consistent snapshot, without the writer's turn.

        For what is slow to gather and changes nothing (documents built after an event
        committed): everybody else's events go on meanwhile. Writing in it is a bug; it is
        rolled back at the end whatever happens.
        """
        async with self.engine.connect() as conn:
            options: dict[str, Any] = {READ_ONLY: True}
            if not self.is_sqlite:  # one snapshot for the whole block, as WAL gives SQLite
                options.update(isolation_level="REPEATABLE READ", postgresql_readonly=True)
            conn = await conn.execution_options(**options)
            async with conn.begin() as tx:
                try:
                    yield conn
                finally:
                    await tx.rollback()

    async def checkpoint(self) -> None:
        """Copy the WAL into the database file and truncate it to zero bytes, so rows deleted
        by an erasure no longer linger in `-wal` while the bot keeps running. Call it after the
        erasing transaction has committed; it waits for the writer lock, so no transaction of
        this process is open meanwhile."""
        if not self.is_sqlite:
            return
        async with contextlib.AsyncExitStack() as stack:
            if self._writer is not None:
                await stack.enter_async_context(self._writer)
            conn = await stack.enter_async_context(self.engine.connect())
            raw = await conn.get_raw_connection()
            driver = raw.driver_connection
            assert driver is not None
            cursor = await driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            busy, _frames, _done = await cursor.fetchone()
            await cursor.close()
            if busy:  # after busy_timeout: another process (the CLI) kept reading
                log.warning("WAL checkpoint blocked by another process: erased rows stay in -wal")

    async def migrate(self) -> None:
        """Bring the schema to the newest numbered migration. A database already there (every
        start but the first after an upgrade) is left alone without loading Alembic, which would
        otherwise stay in every worker's memory for nothing (about 10 MB). On PostgreSQL an
        advisory lock lets one process at a time do this (SQLite's single writer does so)."""
        async with self.engine.begin() as conn:
            # workers started together: one migrates, the others wait here and find it done
            await lock_key(conn, MIGRATIONS_LOCK)
            if await conn.run_sync(_at_head):
                return
            await conn.run_sync(_upgrade)

    async def ping(self) -> None:
        """One round trip to the database (the health check); raises when it does not answer."""
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def close(self) -> None:
        await self.engine.dispose()


MIGRATIONS_LOCK = "wegwijzer:migrations"
_REVISION = re.compile(r'^(down_)?revision\s*(?::[^=]*)?=\s*"([^"]+)"', re.MULTILINE)


def head_revision() -> str | None:
    """The newest migration's id, read from the migration files: the one revision no other
    names as its parent (None if that is not exactly one: then Alembic decides)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        for down, value in _REVISION.findall(path.read_text(encoding="utf-8")):
            (parents if down else revisions).add(value)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _at_head(connection: Connection) -> bool:
    head = head_revision()
    if head is None or not inspect(connection).has_table("alembic_version"):
        return False
    current = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return current == [head]


def _upgrade(connection: Connection) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
