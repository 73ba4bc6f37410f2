"""Who said they will be there (or not) for an exchange; the last answer counts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, select, update
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

    async def give_reason(
        self, exchange_id: int, person_id: int, reason: str, now: datetime
    ) -> None:
        """Why they cannot come (or which date would suit them), beside their "no"."""
        await self.conn.execute(
            update(attendance)
            .where(
                attendance.c.exchange_id == exchange_id,
                attendance.c.person_id == person_id,
                attendance.c.attending.is_(False),
            )
            .values(reason=reason[:500], answered_at=now)
        )

    async def reasons(self, exchange_id: int) -> dict[int, str]:
        """Person id → the reason they gave for not coming (only for a standing "no")."""
        rows = await self.conn.execute(
            select(attendance.c.person_id, attendance.c.reason).where(
                attendance.c.exchange_id == exchange_id,
                attendance.c.attending.is_(False),
                attendance.c.reason.is_not(None),
            )
        )
        return {int(r.person_id): str(r.reason) for r in rows}

    async def clear(self, exchange_id: int) -> None:
        """New dates: earlier answers no longer hold."""
        await self.conn.execute(delete(attendance).where(attendance.c.exchange_id == exchange_id))
