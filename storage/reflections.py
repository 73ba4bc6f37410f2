"""Reflections and their items. A reflection is a draft (no visibility) until its author says
who may see it; `visible_to` is the one place that decides who reads what."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, delete, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.exchanges import coordinating
from storage.schema import exchanges, reflection_items, reflections

VISIBILITIES = ("me", "partner", "coordinator", "partner+coordinator")


@dataclass(frozen=True)
class Item:
    id: int
    kind: str
    text: str | None
    media_id: int | None


@dataclass(frozen=True)
class Reflection:
    id: int
    exchange_id: int
    author_id: int
    part: str
    kind: str
    visibility: str | None
    created_at: datetime
    items: tuple[Item, ...]


class Reflections:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def draft_id(
        self, exchange_id: int, author_id: int, part: str, kind: str, started: str, now: datetime
    ) -> int:
        """The draft this author started at `started` (made on the first item)."""
        found = (
            await self.conn.execute(
                select(reflections.c.id).where(
                    reflections.c.author_id == author_id, reflections.c.started == started
                )
            )
        ).first()
        if found is not None:
            return int(found[0])
        result = await self.conn.execute(
            insert(reflections)
            .values(
                exchange_id=exchange_id,
                author_id=author_id,
                part=part,
                kind=kind,
                started=started,
                created_at=now,
            )
            .returning(reflections.c.id)
        )
        return int(result.scalar_one())

    async def add_item(
        self, reflection_id: int, kind: str, text: str | None, media_id: int | None, now: datetime
    ) -> None:
        await self.conn.execute(
            insert(reflection_items).values(
                reflection_id=reflection_id, kind=kind, text=text, media_id=media_id, created_at=now
            )
        )

    async def share(self, reflection_id: int, visibility: str, now: datetime) -> None:
        if visibility not in VISIBILITIES:
            raise ValueError(f"unknown visibility {visibility!r}")
        await self.conn.execute(
            update(reflections)
            .where(reflections.c.id == reflection_id)
            .values(visibility=visibility, shared_at=now)
        )

    async def drop_items(self, reflection_id: int, ids: list[int]) -> None:
        await self.conn.execute(
            delete(reflection_items).where(
                reflection_items.c.reflection_id == reflection_id, reflection_items.c.id.in_(ids)
            )
        )

    async def by_started(self, author_id: int, started: str) -> Reflection | None:
        found = await self._select(
            (reflections.c.author_id == author_id) & (reflections.c.started == started)
        )
        return found[0] if found else None

    async def get(self, reflection_id: int) -> Reflection | None:
        found = await self._select(reflections.c.id == reflection_id)
        return found[0] if found else None

    async def of_exchange(self, exchange_id: int) -> list[Reflection]:
        return await self._select(reflections.c.exchange_id == exchange_id)

    async def visible_to(self, person_id: int) -> list[Reflection]:
        """Finished reflections this person wrote, or that were shared with them (one query:
        the coordinator's share counts only while they coordinate the exchange's programme)."""
        return await self._select(_readable_by(person_id))

    async def may_read(self, reflection: Reflection, person_id: int) -> bool:
        found = await self.conn.execute(
            select(reflections.c.id).where(
                reflections.c.id == reflection.id, _readable_by(person_id)
            )
        )
        return found.first() is not None

    async def _select(self, where: object) -> list[Reflection]:
        rows = (
            await self.conn.execute(
                select(reflections).where(where).order_by(reflections.c.id)  # type: ignore[arg-type]
            )
        ).all()
        out = []
        for row in rows:
            items = await self.conn.execute(
                select(reflection_items)
                .where(reflection_items.c.reflection_id == row.id)
                .order_by(reflection_items.c.id)
            )
            out.append(
                Reflection(
                    row.id,
                    row.exchange_id,
                    row.author_id,
                    row.part,
                    row.kind,
                    row.visibility,
                    row.created_at,
                    tuple(Item(i.id, i.kind, i.text, i.media_id) for i in items),
                )
            )
        return out


def _readable_by(person_id: int) -> ColumnElement[bool]:
    with_partner = ("partner", "partner+coordinator")
    with_coordinator = ("coordinator", "partner+coordinator")
    as_partner = select(exchanges.c.id).where(
        or_(exchanges.c.switcher_id == person_id, exchanges.c.coach_id == person_id)
    )
    as_coordinator = select(exchanges.c.id).where(coordinating(person_id))
    return and_(
        reflections.c.visibility.is_not(None),
        or_(
            reflections.c.author_id == person_id,
            and_(
                reflections.c.visibility.in_(with_partner),
                reflections.c.exchange_id.in_(as_partner),
            ),
            and_(
                reflections.c.visibility.in_(with_coordinator),
                reflections.c.exchange_id.in_(as_coordinator),
            ),
        ),
    )
