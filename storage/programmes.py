"""Programmes and their members: who belongs to which coordinating organisation.

The module-level queries (`coordinated`, `people_of`) are SQL subqueries the other repositories
put in their WHERE clauses, so a coordinator's view is filtered by the database through the
indexed membership table, whatever the size of the whole installation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.dialect import insert_ignoring, sync_sequence
from storage.schema import user_roles
from storage.schema_programmes import (
    DEFAULT_NAME,
    DEFAULT_PROGRAMME,
    programme_members,
    programmes,
)

COORDINATOR = "coordinator"
_pm = programme_members


@dataclass(frozen=True)
class Programme:
    id: int
    name: str
    created_at: datetime
    members: int = 0
    coordinators: tuple[int, ...] = ()


def coordinated(coordinator_id: int) -> Select[tuple[int]]:
    """The programmes this person coordinates now (membership as coordinator, role held)."""
    holds = select(user_roles.c.user_id).where(
        user_roles.c.user_id == coordinator_id, user_roles.c.role == COORDINATOR
    )
    return select(_pm.c.programme_id).where(
        _pm.c.user_id == coordinator_id, _pm.c.role == COORDINATOR, _pm.c.user_id.in_(holds)
    )


def people_of(coordinator_id: int) -> Select[tuple[int]]:
    """Everyone in the programmes this person coordinates (themselves included)."""
    return select(_pm.c.user_id).where(_pm.c.programme_id.in_(coordinated(coordinator_id)))


class Programmes:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def create(self, name: str, now: datetime) -> int:
        result = await self.conn.execute(
            insert(programmes).values(name=name, created_at=now).returning(programmes.c.id)
        )
        return int(result.scalar_one())

    async def ensure_default(self, now: datetime) -> int:
        """The default programme, made on first need (a database created before 0012 has it)."""
        found = await self.conn.execute(
            select(programmes.c.id).where(programmes.c.id == DEFAULT_PROGRAMME)
        )
        if found.first() is None:  # two first-ever events at once: one insert wins, both go on
            await self.conn.execute(
                insert_ignoring(self.conn, programmes).values(
                    id=DEFAULT_PROGRAMME, name=DEFAULT_NAME, created_at=now
                )
            )
            await sync_sequence(self.conn, programmes)
        return DEFAULT_PROGRAMME

    async def get(self, programme_id: int) -> Programme | None:
        row = (
            await self.conn.execute(select(programmes).where(programmes.c.id == programme_id))
        ).first()
        return Programme(row.id, row.name, row.created_at) if row else None

    async def all(self) -> list[Programme]:
        counted = await self.conn.execute(
            select(_pm.c.programme_id, func.count(func.distinct(_pm.c.user_id))).group_by(
                _pm.c.programme_id
            )
        )
        counts: dict[int, int] = {int(r[0]): int(r[1]) for r in counted}
        coordinators: dict[int, list[int]] = {}
        for programme_id, user_id in await self.conn.execute(
            select(_pm.c.programme_id, _pm.c.user_id)
            .where(_pm.c.role == COORDINATOR)
            .order_by(_pm.c.user_id)
        ):
            coordinators.setdefault(programme_id, []).append(user_id)
        rows = await self.conn.execute(select(programmes).order_by(programmes.c.id))
        return [
            Programme(
                r.id,
                r.name,
                r.created_at,
                int(counts.get(r.id, 0)),
                tuple(coordinators.get(r.id, ())),
            )
            for r in rows
        ]

    async def join(self, programme_id: int, user_id: int, role: str, now: datetime) -> None:
        """Membership as `role` (once; joining again changes nothing)."""
        await self.conn.execute(  # one statement: safe while another joins them at once
            insert_ignoring(self.conn, _pm).values(
                programme_id=programme_id, user_id=user_id, role=role, joined_at=now
            )
        )

    async def leave_role(self, user_id: int, role: str) -> None:
        """A removed role leaves every programme it was held in."""
        await self.conn.execute(delete(_pm).where(_pm.c.user_id == user_id, _pm.c.role == role))

    async def of_person(self, user_id: int, role: str | None = None) -> list[int]:
        query = select(_pm.c.programme_id).where(_pm.c.user_id == user_id)
        if role is not None:
            query = query.where(_pm.c.role == role)
        rows = await self.conn.execute(query.distinct().order_by(_pm.c.programme_id))
        return [int(r[0]) for r in rows]

    async def coordinated_by(self, coordinator_id: int) -> list[int]:
        rows = await self.conn.execute(coordinated(coordinator_id).order_by(_pm.c.programme_id))
        return [int(r.programme_id) for r in rows]

    async def coordinates(self, coordinator_id: int, programme_id: int | None) -> bool:
        if programme_id is None:
            return False
        return programme_id in await self.coordinated_by(coordinator_id)

    async def coordinated_pairs(self, coordinator_ids: set[int]) -> set[tuple[int, int]]:
        """(coordinator, programme) for each programme these people coordinate now: one query
        for all the coordinator seats of a list of exchanges."""
        if not coordinator_ids:
            return set()
        holds = select(user_roles.c.user_id).where(
            user_roles.c.user_id.in_(coordinator_ids), user_roles.c.role == COORDINATOR
        )
        rows = await self.conn.execute(
            select(_pm.c.user_id, _pm.c.programme_id).where(
                _pm.c.user_id.in_(coordinator_ids),
                _pm.c.role == COORDINATOR,
                _pm.c.user_id.in_(holds),
            )
        )
        return {(int(r.user_id), int(r.programme_id)) for r in rows}

    async def coordinators_in(self, programme_id: int) -> list[int]:
        """Coordinators (role held) of this one programme."""
        holds = select(user_roles.c.user_id).where(user_roles.c.role == COORDINATOR)
        rows = await self.conn.execute(
            select(_pm.c.user_id)
            .where(
                _pm.c.programme_id == programme_id,
                _pm.c.role == COORDINATOR,
                _pm.c.user_id.in_(holds),
            )
            .distinct()
            .order_by(_pm.c.user_id)
        )
        return [int(r[0]) for r in rows]

    async def coordinators_of(self, person_id: int) -> list[int]:
        """Coordinators (role held) of the programmes this person belongs to."""
        mine = select(_pm.c.programme_id).where(_pm.c.user_id == person_id)
        holds = select(user_roles.c.user_id).where(user_roles.c.role == COORDINATOR)
        rows = await self.conn.execute(
            select(_pm.c.user_id)
            .where(
                _pm.c.programme_id.in_(mine),
                _pm.c.role == COORDINATOR,
                _pm.c.user_id.in_(holds),
                _pm.c.user_id != person_id,
            )
            .distinct()
            .order_by(_pm.c.user_id)
        )
        return [int(r[0]) for r in rows]

    async def common(self, members: list[tuple[int, str]]) -> list[int]:
        """Programmes in which every (person, role) pair is a member as that role."""
        query = select(programmes.c.id)
        for user_id, role in members:
            query = query.where(
                programmes.c.id.in_(
                    select(_pm.c.programme_id).where(
                        and_(_pm.c.user_id == user_id, _pm.c.role == role)
                    )
                )
            )
        rows = await self.conn.execute(query.order_by(programmes.c.id))
        return [int(r[0]) for r in rows]
