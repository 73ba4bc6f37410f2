"""One worker at a time (issue 18 item 3): a session-level PostgreSQL advisory lock, held on a
connection of its own for as long as the worker leads. When the worker dies its session ends
and the lock is free at once (a machine that vanishes from the network: once TCP keepalive
notices). SQLite has one process: it always leads.

Also what a new Matrix sync leader needs from the old one: the sync position (`next_batch`,
in `meta`) and the events already handled (`matrix_events`).
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.database import Database
from storage.dialect import insert_ignoring, lock_id
from storage.meta import Meta
from storage.schema import matrix_events

MATRIX_SYNC = "matrix-sync"
NEXT_BATCH_KEY = "matrix_next_batch"
#: Handled event ids are kept this long: far longer than any sync a new leader replays.
KEEP_EVENTS = timedelta(days=7)


class Leadership:
    def __init__(self, db: Database, name: str) -> None:
        self.db, self.key = db, lock_id(f"leader:{name}")
        self._conn: AsyncConnection | None = None
        self._using = asyncio.Lock()  # one statement at a time on the lock's connection
        #: The server process of the lock's session (for the operator's pg_stat_activity).
        self.backend_pid: int | None = None

    @property
    def held(self) -> bool:
        return self._conn is not None or self.db.is_sqlite

    async def try_take(self) -> bool:
        """Lead now if nobody else does; never waits."""
        if self.held:
            return True
        conn = await self.db.engine.connect()
        try:
            taken = bool(await conn.scalar(select(func.pg_try_advisory_lock(self.key))))
            self.backend_pid = await conn.scalar(select(func.pg_backend_pid()))
            await conn.commit()  # the lock is the session's: it outlives the transaction
        except BaseException:
            await conn.close()
            raise
        if not taken:
            await conn.close()
            return False
        self._conn = conn
        return True

    async def still_held(self) -> bool:
        """False once the lock's connection is gone (the server restarted, the network)."""
        if self.db.is_sqlite:
            return True
        if self._conn is None:
            return False
        try:
            async with self._using:
                await self._conn.scalar(select(1))
                await self._conn.commit()
        except Exception:
            await self.release()
            return False
        return True

    async def release(self) -> None:
        async with self._using:
            conn, self._conn = self._conn, None
            if conn is not None:
                with contextlib.suppress(Exception):
                    await conn.scalar(select(func.pg_advisory_unlock(self.key)))
                    await conn.commit()
                with contextlib.suppress(Exception):
                    await conn.close()


async def first_time(conn: AsyncConnection, event_id: str, now: datetime) -> bool:
    """Record a Matrix event as handled; False when some worker handled it already."""
    result = await conn.execute(
        insert_ignoring(conn, matrix_events).values(event_id=event_id, seen_at=now)
    )
    return bool(result.rowcount == 1)


async def forget_old_events(conn: AsyncConnection, now: datetime) -> None:
    await conn.execute(delete(matrix_events).where(matrix_events.c.seen_at < now - KEEP_EVENTS))


async def next_batch(conn: AsyncConnection) -> str | None:
    return await Meta(conn).get(NEXT_BATCH_KEY)


async def save_next_batch(conn: AsyncConnection, token: str) -> None:
    await Meta(conn).put(NEXT_BATCH_KEY, token)
