"""A newcomer's progress on their step plan and their wish about nudges."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.dialect import insert_ignoring, upsert
from storage.schema_newcomers import newcomers, plan_progress

STEP_STATUSES = ("done", "not_for_me", "help")


class Newcomers:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def progress(self, person_id: int) -> dict[str, str]:
        rows = await self.conn.execute(
            select(plan_progress).where(plan_progress.c.person_id == person_id)
        )
        return {r.step_id: r.status for r in rows}

    async def mark(self, person_id: int, step_id: str, status: str | None, now: datetime) -> None:
        """Set a step's status; None takes it back to "to do"."""
        if status is not None and status not in STEP_STATUSES:
            raise ValueError(f"unknown step status {status!r}")
        if status is None:
            await self.conn.execute(
                delete(plan_progress).where(
                    plan_progress.c.person_id == person_id, plan_progress.c.step_id == step_id
                )
            )
            return
        changes = {"status": status, "updated_at": now}
        new = {"person_id": person_id, "step_id": step_id, **changes}
        await self.conn.execute(upsert(self.conn, plan_progress, new, changes))

    async def _ensure(self, person_id: int) -> None:
        await self.conn.execute(  # one statement: safe while a coordinator writes it too
            insert_ignoring(self.conn, newcomers).values(person_id=person_id)
        )

    async def touch(self, person_id: int, now: datetime) -> None:
        await self._ensure(person_id)
        await self.conn.execute(
            update(newcomers).where(newcomers.c.person_id == person_id).values(last_active_at=now)
        )

    async def stop_nudges(self, person_id: int, now: datetime) -> None:
        await self._ensure(person_id)
        await self.conn.execute(
            update(newcomers)
            .where(newcomers.c.person_id == person_id)
            .values(nudges_stopped_at=now)
        )

    async def nudges_stopped(self, person_id: int) -> bool:
        row = (
            await self.conn.execute(
                select(newcomers.c.nudges_stopped_at).where(newcomers.c.person_id == person_id)
            )
        ).first()
        return row is not None and row[0] is not None
