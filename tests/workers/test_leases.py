"""Reminder leases between workers (issue 18 item 3), statement by statement on PostgreSQL: two
workers taking at the same moment never get the same row; a row under another worker's live
lease cannot be claimed for sending; once the lease ran out another worker takes it over; a
worker starting up does not mark another live worker's sends as interrupted, only those whose
lease ran out."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from storage.database import Database
from storage.reminder_leases import Leases
from storage.reminders import Reminders
from storage.schema import users

LEASE = timedelta(seconds=30)


async def test_leases_split_rows_and_expire(pg_url: str) -> None:
    a, b = Database(pg_url), Database(pg_url)
    await a.migrate()
    now = datetime.now(UTC)
    try:
        async with a.transaction() as conn:
            await conn.execute(insert(users).values(id=1, created_at=now))
            for _ in range(40):
                await Reminders(conn).add(1, "notice", now - timedelta(seconds=1))

        async def take(db: Database, worker: str) -> list[int]:
            async with db.transaction() as conn:
                return await Leases(conn, worker).take(now, LEASE, 25)

        got_a, got_b = await asyncio.gather(take(a, "a"), take(b, "b"))
        assert not set(got_a) & set(got_b)  # never the same row
        assert len(got_a) + len(got_b) == 40
        assert await take(b, "b") == []  # everything is leased now

        row = got_a[0]
        async with b.transaction() as conn:  # b may not send a's row while a's lease runs
            assert not await Reminders(conn).claim(row, now, worker="b", lease=LEASE)
        async with a.transaction() as conn:
            assert await Reminders(conn).claim(row, now, worker="a", lease=LEASE)

        later = now + LEASE + timedelta(seconds=1)  # a died: its lease ran out
        async with b.transaction() as conn:
            assert await Reminders(conn).interrupted(now, expired_only=True) == []
            taken = await Leases(conn, "b").take(later, LEASE, 100)
            # every row whose lease ran out (b's own too), not the one a was sending
            assert set(taken) == (set(got_a) | set(got_b)) - {row}
            assert await Reminders(conn).interrupted(later, expired_only=True) == [row]
        async with a.read() as conn:
            found = await Reminders(conn).get(row)
        assert found is not None and found.status == "interrupted"  # never sent again
    finally:
        await a.close()
        await b.close()
