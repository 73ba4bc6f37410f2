"""The learning agenda: every change a new numbered version with its author; one open draft.

The agenda belongs to the switcher (it exists before any exchange); the learning coach of an
exchange adds to it, which also makes a new version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.dialect import upsert
from storage.schema import agenda_drafts, agenda_versions, users


@dataclass(frozen=True)
class AgendaVersion:
    switcher_id: int
    version: int
    content: dict[str, Any]
    author_id: int | None
    created_at: datetime


class Agendas:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def latest(self, switcher_id: int) -> AgendaVersion | None:
        row = (
            await self.conn.execute(
                select(agenda_versions)
                .where(agenda_versions.c.switcher_id == switcher_id)
                .order_by(agenda_versions.c.version.desc())
                .limit(1)
            )
        ).first()
        return _version(row) if row else None

    async def versions(self, switcher_id: int) -> list[AgendaVersion]:
        rows = await self.conn.execute(
            select(agenda_versions)
            .where(agenda_versions.c.switcher_id == switcher_id)
            .order_by(agenda_versions.c.version)
        )
        return [_version(r) for r in rows]

    async def add_version(
        self, switcher_id: int, content: dict[str, Any], author_id: int, now: datetime
    ) -> int:
        """Store a new version; its number. The switcher's row is locked first, so two authors
        saving at once (PostgreSQL, several processes) number their versions one after the other
        instead of colliding on the unique constraint."""
        await self.conn.execute(
            select(users.c.id).where(users.c.id == switcher_id).with_for_update()
        )
        current = (
            await self.conn.execute(
                select(func.max(agenda_versions.c.version)).where(
                    agenda_versions.c.switcher_id == switcher_id
                )
            )
        ).scalar()
        number = int(current or 0) + 1
        await self.conn.execute(
            insert(agenda_versions).values(
                switcher_id=switcher_id,
                version=number,
                content=content,
                author_id=author_id,
                created_at=now,
            )
        )
        return number

    async def draft(self, switcher_id: int) -> dict[str, Any] | None:
        row = (
            await self.conn.execute(
                select(agenda_drafts.c.content).where(agenda_drafts.c.switcher_id == switcher_id)
            )
        ).first()
        return dict(row.content) if row else None

    async def save_draft(self, switcher_id: int, content: dict[str, Any], now: datetime) -> None:
        changes = {"content": content, "updated_at": now}
        await self.conn.execute(
            upsert(self.conn, agenda_drafts, {"switcher_id": switcher_id, **changes}, changes)
        )

    async def drop_draft(self, switcher_id: int) -> None:
        await self.conn.execute(
            delete(agenda_drafts).where(agenda_drafts.c.switcher_id == switcher_id)
        )


def _version(row: Any) -> AgendaVersion:
    return AgendaVersion(
        row.switcher_id, row.version, dict(row.content), row.author_id, row.created_at
    )
