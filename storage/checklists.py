"""Ticked preparation items, per exchange and person."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.schema import checklist_ticks


class Checklists:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def set(
        self, exchange_id: int, person_id: int, item_id: str, done: bool, now: datetime
    ) -> None:
        where = (
            checklist_ticks.c.exchange_id == exchange_id,
            checklist_ticks.c.person_id == person_id,
            checklist_ticks.c.item_id == item_id,
        )
        await self.conn.execute(delete(checklist_ticks).where(*where))
        if done:
            await self.conn.execute(
                insert(checklist_ticks).values(
                    exchange_id=exchange_id, person_id=person_id, item_id=item_id, done_at=now
                )
            )

    async def of_exchanges(self, exchange_ids: list[int]) -> dict[int, dict[int, frozenset[str]]]:
        """Exchange id → person id → ticked items, for many exchanges in one query."""
        rows = await self.conn.execute(
            select(checklist_ticks.c.exchange_id, checklist_ticks.c.person_id,
                   checklist_ticks.c.item_id)
            .where(checklist_ticks.c.exchange_id.in_(exchange_ids))
        )  # fmt: skip
        found: dict[int, dict[int, set[str]]] = {}
        for r in rows:
            found.setdefault(int(r.exchange_id), {}).setdefault(int(r.person_id), set()).add(
                str(r.item_id)
            )
        return {x: {p: frozenset(v) for p, v in d.items()} for x, d in found.items()}

    async def of_exchange(self, exchange_id: int) -> dict[int, frozenset[str]]:
        """Person id → the items they ticked."""
        rows = await self.conn.execute(
            select(checklist_ticks.c.person_id, checklist_ticks.c.item_id).where(
                checklist_ticks.c.exchange_id == exchange_id
            )
        )
        found: dict[int, set[str]] = {}
        for row in rows:
            found.setdefault(int(row.person_id), set()).add(str(row.item_id))
        return {k: frozenset(v) for k, v in found.items()}
