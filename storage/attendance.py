"""Who said they will be there (or not) for an exchange; the last answer counts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.schema import attendance


class Attendance:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def answer(
        self, exchange_id: int, person_id: int, attending: bool, now: datetime
    ) -> bool:
        """Record an answer; False when it repeats the one already given (a double tap)."""
        current = await self.of_exchange(exchange_id)
        if current.get(person_id) is attending:
            return False
        await self.conn.execute(
            delete(attendance).where(
                attendance.c.exchange_id == exchange_id, attendance.c.person_id == person_id
            )
        )
        await self.conn.execute(
            insert(attendance).values(
                exchange_id=exchange_id, person_id=person_id, attending=attending, answered_at=now
            )
        )
        return True

    async def of_exchange(self, exchange_id: int) -> dict[int, bool]:
        rows = await self.conn.execute(
            select(attendance.c.person_id, attendance.c.attending).where(
                attendance.c.exchange_id == exchange_id
            )
        )
        return {int(r.person_id): bool(r.attending) for r in rows}

    async def of_exchanges(self, exchange_ids: list[int]) -> dict[int, dict[int, bool]]:
        """Exchange id → person id → attending, for many exchanges in one query."""
        rows = await self.conn.execute(
            select(attendance.c.exchange_id, attendance.c.person_id, attendance.c.attending)
            .where(attendance.c.exchange_id.in_(exchange_ids))
        )  # fmt: skip
        found: dict[int, dict[int, bool]] = {}
        for r in rows:
            found.setdefault(int(r.exchange_id), {})[int(r.person_id)] = bool(r.attending)
        return found

    async def clear(self, exchange_id: int) -> None:
        """New dates: earlier answers no longer hold."""
        await self.conn.execute(delete(attendance).where(attendance.c.exchange_id == exchange_id))
