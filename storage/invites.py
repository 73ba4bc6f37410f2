"""Invites: a code that grants a role, a limited number of times, until it expires."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.programmes import Programmes, people_of
from storage.schema import invites, user_roles

#: Characters Telegram allows in a deep-link start parameter, minus look-alikes.
_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class Invite:
    code: str
    role: str
    max_uses: int
    uses: int
    expires_at: datetime | None
    created_at: datetime
    form_id: str | None = None  # a consultation the invite leads into after sign-up
    label: str | None = None  # e.g. the organisation it was made for
    created_by: int | None = None  # the coordinator who sees its people's results
    programme_id: int | None = None  # the programme people join with it (None: the default)

    def status(self, now: datetime) -> str:
        if self.expires_at is not None and self.expires_at <= now:
            return "expired"
        if self.uses >= self.max_uses:
            return "used_up"
        return "valid"


@dataclass(frozen=True)
class Invitee:
    user_id: int
    invite_code: str
    invite_label: str | None


def new_code() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(12))


class Invites:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def create(
        self,
        role: str,
        max_uses: int,
        expires_at: datetime | None,
        now: datetime,
        form_id: str | None = None,
        created_by: int | None = None,
        label: str | None = None,
        programme_id: int | None = None,
    ) -> Invite:
        """An invite; made on behalf of a coordinator it takes that coordinator's programme
        when there is exactly one (`programme_id` names it otherwise)."""
        if programme_id is None and created_by is not None:
            theirs = await Programmes(self.conn).coordinated_by(created_by)
            programme_id = theirs[0] if len(theirs) == 1 else None
        code = new_code()
        await self.conn.execute(
            insert(invites).values(
                code=code,
                role=role,
                max_uses=max_uses,
                uses=0,
                expires_at=expires_at,
                created_at=now,
                form_id=form_id,
                created_by=created_by,
                label=label,
                programme_id=programme_id,
            )
        )
        return Invite(
            code, role, max_uses, 0, expires_at, now, form_id, label, created_by, programme_id
        )

    async def get(self, code: str) -> Invite | None:
        row = (await self.conn.execute(select(invites).where(invites.c.code == code))).first()
        if row is None:
            return None
        return Invite(
            row.code,
            row.role,
            row.max_uses,
            row.uses,
            row.expires_at,
            row.created_at,
            row.form_id,
            row.label,
            row.created_by,
            row.programme_id,
        )

    async def invited_by(self, coordinator_id: int) -> list[Invitee]:
        """People who got a role through an invite this coordinator created, with its label,
        and who are still in a programme this coordinator coordinates."""
        rows = await self.conn.execute(
            select(user_roles.c.user_id, invites.c.code, invites.c.label)
            .join(invites, invites.c.code == user_roles.c.invite_code)
            .where(
                invites.c.created_by == coordinator_id,
                user_roles.c.user_id.in_(people_of(coordinator_id)),
            )
            .order_by(user_roles.c.user_id, user_roles.c.granted_at)
        )
        latest = {int(row.user_id): Invitee(int(row.user_id), row.code, row.label) for row in rows}
        return list(latest.values())

    async def redeem(self, code: str, now: datetime) -> bool:
        """Count one use, atomically; False if the invite was used up or expired meanwhile."""
        result = await self.conn.execute(
            update(invites)
            .where(
                invites.c.code == code,
                invites.c.uses < invites.c.max_uses,
                or_(invites.c.expires_at.is_(None), invites.c.expires_at > now),
            )
            .values(uses=invites.c.uses + 1)
        )
        return bool(result.rowcount == 1)
