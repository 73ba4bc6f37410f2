"""Return sessions (terugkommomenten): a coordinator invites a group to meet again after their
exchanges; each invitee answers coming or not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.schema import return_invitations, return_sessions


@dataclass(frozen=True)
class ReturnSession:
    id: int
    coordinator_id: int
    starts_at: datetime
    ends_at: datetime
    place: str
    #: person id → True (coming), False (not coming) or None (not answered yet)
    answers: dict[int, bool | None]


class ReturnSessions:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def create(
        self,
        coordinator_id: int,
        starts_at: datetime,
        ends_at: datetime,
        place: str,
        invitees: list[int],
        now: datetime,
    ) -> int:
        result = await self.conn.execute(
            insert(return_sessions)
            .values(
                coordinator_id=coordinator_id,
                starts_at=starts_at,
                ends_at=ends_at,
                place=place,
                created_at=now,
            )
            .returning(return_sessions.c.id)
        )
        session_id = int(result.scalar_one())
        for person_id in dict.fromkeys(invitees):
            await self.conn.execute(
                insert(return_invitations).values(session_id=session_id, person_id=person_id)
            )
        return session_id

    async def answer(self, session_id: int, person_id: int, coming: bool, now: datetime) -> bool:
        """False when the person was not invited (a forged or foreign button)."""
        result = await self.conn.execute(
            update(return_invitations)
            .where(
                return_invitations.c.session_id == session_id,
                return_invitations.c.person_id == person_id,
            )
            .values(coming=coming, answered_at=now)
        )
        return result.rowcount == 1

    async def get(self, session_id: int) -> ReturnSession | None:
        found = await self._select(return_sessions.c.id == session_id)
        return found[0] if found else None

    async def organised_by(self, coordinator_id: int) -> list[ReturnSession]:
        return await self._select(return_sessions.c.coordinator_id == coordinator_id)

    async def invited(self, person_id: int) -> list[ReturnSession]:
        ids = select(return_invitations.c.session_id).where(
            return_invitations.c.person_id == person_id
        )
        return await self._select(return_sessions.c.id.in_(ids))

    async def _select(self, where: object) -> list[ReturnSession]:
        rows = (
            await self.conn.execute(
                select(return_sessions).where(where).order_by(return_sessions.c.starts_at)  # type: ignore[arg-type]
            )
        ).all()
        found = []
        for row in rows:
            answers = await self.conn.execute(
                select(return_invitations).where(return_invitations.c.session_id == row.id)
            )
            found.append(
                ReturnSession(
                    row.id,
                    row.coordinator_id,
                    row.starts_at,
                    row.ends_at,
                    row.place,
                    {a.person_id: a.coming for a in answers},
                )
            )
        return found
