"""Follow-up actions: what a switcher or learning coach will do with what they learned, and
how it went when the bot asked weeks later."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.schema import follow_up_actions

STATUSES = ("open", "in_progress", "done", "dropped")
MAX_PER_PERSON = 3


@dataclass(frozen=True)
class Action:
    id: int
    exchange_id: int
    person_id: int
    part: str
    text: str
    status: str
    note: str | None
    created_at: datetime
    updated_at: datetime
    checked_at: datetime | None


class Actions:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def add(
        self, exchange_id: int, person_id: int, part: str, text: str, now: datetime
    ) -> int | None:
        """A new action; None when the person already has the maximum for this exchange."""
        if len(await self.of_person(person_id, exchange_id)) >= MAX_PER_PERSON:
            return None
        result = await self.conn.execute(
            insert(follow_up_actions)
            .values(
                exchange_id=exchange_id,
                person_id=person_id,
                part=part,
                text=text,
                status="open",
                created_at=now,
                updated_at=now,
            )
            .returning(follow_up_actions.c.id)
        )
        return int(result.scalar_one())

    async def set_status(
        self, action_id: int, person_id: int, status: str, note: str | None, now: datetime
    ) -> bool:
        """Only the person's own action changes; False for anyone else's id."""
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        values: dict[str, object] = {"status": status, "updated_at": now, "checked_at": now}
        if note is not None:
            values["note"] = note
        result = await self.conn.execute(
            update(follow_up_actions)
            .where(follow_up_actions.c.id == action_id, follow_up_actions.c.person_id == person_id)
            .values(**values)
        )
        return result.rowcount == 1

    async def of_person(self, person_id: int, exchange_id: int | None = None) -> list[Action]:
        where = follow_up_actions.c.person_id == person_id
        if exchange_id is not None:
            where = where & (follow_up_actions.c.exchange_id == exchange_id)
        return await self._select(where)

    async def of_exchange(self, exchange_id: int) -> list[Action]:
        return await self._select(follow_up_actions.c.exchange_id == exchange_id)

    async def _select(self, where: object) -> list[Action]:
        rows = await self.conn.execute(
            select(follow_up_actions).where(where).order_by(follow_up_actions.c.id)  # type: ignore[arg-type]
        )
        return [
            Action(
                r.id,
                r.exchange_id,
                r.person_id,
                r.part,
                r.text,
                r.status,
                r.note,
                r.created_at,
                r.updated_at,
                r.checked_at,
            )
            for r in rows
        ]
