"""People: a user row, the platform identities that reach them, and their roles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.dialect import insert_ignoring
from storage.programmes import Programmes, coordinated, people_of
from storage.schema import identities, user_roles, users
from storage.schema_programmes import programme_members


@dataclass(frozen=True)
class Person:
    id: int
    name: str | None
    locale: str | None
    timezone: str | None
    roles: frozenset[str]
    created_at: datetime


@dataclass(frozen=True)
class Identity:
    user_id: int
    platform: str
    external_id: str
    chat_id: str


@dataclass(frozen=True)
class PersonRow:
    """A line of `wegwijzer people list`."""

    person: Person
    platforms: tuple[str, ...]


class People:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def find_identity(self, platform: str, external_id: str) -> Identity | None:
        row = (
            await self.conn.execute(
                select(identities).where(
                    identities.c.platform == platform, identities.c.external_id == external_id
                )
            )
        ).first()
        if row is None:
            return None
        return Identity(row.user_id, row.platform, row.external_id, row.chat_id)

    async def create(self, platform: str, external_id: str, chat_id: str, now: datetime) -> int:
        """A new person reached through one platform identity."""
        result = await self.conn.execute(insert(users).values(created_at=now).returning(users.c.id))
        user_id = int(result.scalar_one())
        await self.conn.execute(
            insert(identities).values(
                user_id=user_id,
                platform=platform,
                external_id=external_id,
                chat_id=chat_id,
                created_at=now,
            )
        )
        return user_id

    async def update_chat(self, platform: str, external_id: str, chat_id: str) -> None:
        await self.conn.execute(
            update(identities)
            .where(identities.c.platform == platform, identities.c.external_id == external_id)
            .values(chat_id=chat_id)
        )

    async def identities_of(self, user_id: int) -> list[Identity]:
        rows = await self.conn.execute(
            select(identities).where(identities.c.user_id == user_id).order_by(identities.c.id)
        )
        return [Identity(r.user_id, r.platform, r.external_id, r.chat_id) for r in rows]

    async def names(self, user_ids: set[int]) -> dict[int, str | None]:
        """Id → name for many people in one query (an erased person's stand-in has none)."""
        if not user_ids:
            return {}
        rows = await self.conn.execute(
            select(users.c.id, users.c.name).where(users.c.id.in_(user_ids))
        )
        return {int(r.id): r.name for r in rows}

    async def get(self, user_id: int) -> Person | None:
        row = (await self.conn.execute(select(users).where(users.c.id == user_id))).first()
        if row is None:
            return None
        roles = await self.conn.execute(
            select(user_roles.c.role).where(user_roles.c.user_id == user_id)
        )
        return Person(
            row.id,
            row.name,
            row.locale,
            row.timezone,
            frozenset(r[0] for r in roles),
            row.created_at,
        )

    async def set_locale(self, user_id: int, locale: str) -> None:
        await self.conn.execute(update(users).where(users.c.id == user_id).values(locale=locale))

    async def set_timezone(self, user_id: int, timezone: str) -> None:
        await self.conn.execute(
            update(users).where(users.c.id == user_id).values(timezone=timezone)
        )

    async def set_name(self, user_id: int, name: str) -> None:
        await self.conn.execute(update(users).where(users.c.id == user_id).values(name=name))

    async def grant_role(
        self,
        user_id: int,
        role: str,
        now: datetime,
        invite_code: str | None = None,
        programme_id: int | None = None,
    ) -> bool:
        """Add a role, in a programme (the default one unless the invite named another); False
        when the person already had the role (they still join the programme)."""
        programmes = Programmes(self.conn)
        if programme_id is None:
            programme_id = await programmes.ensure_default(now)
        await programmes.join(programme_id, user_id, role, now)
        added = await self.conn.execute(  # one statement: safe against a concurrent grant
            insert_ignoring(self.conn, user_roles).values(
                user_id=user_id, role=role, granted_at=now, invite_code=invite_code
            )
        )
        if not added.rowcount:
            return False
        return True

    async def pickable(
        self, coordinator_id: int, roles: tuple[str, ...]
    ) -> list[tuple[int, str, str]]:
        """(id, name, role) of named members of the coordinator's programmes who hold one of
        `roles` there and still hold it: one indexed query, the programme's size at most."""
        pm = programme_members
        rows = await self.conn.execute(
            select(users.c.id, users.c.name, pm.c.role)
            .join(pm, pm.c.user_id == users.c.id)
            .join(
                user_roles,
                (user_roles.c.user_id == pm.c.user_id) & (user_roles.c.role == pm.c.role),
            )
            .where(
                pm.c.programme_id.in_(coordinated(coordinator_id)),
                pm.c.role.in_(roles),
                users.c.name.is_not(None),
            )
            .distinct()
            .order_by(users.c.id)
        )
        return [(int(r.id), str(r.name), str(r.role)) for r in rows]

    async def remove_role(self, user_id: int, role: str) -> bool:
        """Take a role away, in every programme; False when the person did not have it."""
        await Programmes(self.conn).leave_role(user_id, role)
        result = await self.conn.execute(
            delete(user_roles).where(user_roles.c.user_id == user_id, user_roles.c.role == role)
        )
        return bool(result.rowcount)

    async def list(
        self, role: str | None = None, coordinator_id: int | None = None
    ) -> list[PersonRow]:
        """Everyone, or only the people of the programmes `coordinator_id` coordinates."""
        query = select(users.c.id).order_by(users.c.id)
        if coordinator_id is not None:
            query = query.where(users.c.id.in_(people_of(coordinator_id)))
        if role is not None:
            query = query.where(
                users.c.id.in_(select(user_roles.c.user_id).where(user_roles.c.role == role))
            )
        result: list[PersonRow] = []
        for (user_id,) in (await self.conn.execute(query)).all():
            person = await self.get(user_id)
            assert person is not None
            platforms = tuple(sorted({i.platform for i in await self.identities_of(user_id)}))
            result.append(PersonRow(person, platforms))
        return result

    async def delete(self, user_id: int) -> None:
        await self.conn.execute(delete(users).where(users.c.id == user_id))
