"""Employers' intakes and engagement declarations (storage/schema_employers.py), read per
programme: a coordinator only ever gets those of the programmes they coordinate."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.programmes import coordinated
from storage.schema import invites, user_roles
from storage.schema_employers import engagements, organisation_intakes
from storage.schema_programmes import programme_members


@dataclass(frozen=True)
class Intake:
    programme_id: int
    organisation: str
    filled_by: int
    answers: Mapping[str, Any]
    updated_at: datetime


@dataclass(frozen=True)
class Engagement:
    programme_id: int
    organisation: str | None
    signer_id: int
    signed_name: str
    signed_on: date


class Employers:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def save_intake(
        self, programme_id: int, organisation: str, person_id: int,
        answers: Mapping[str, Any], now: datetime,
    ) -> None:  # fmt: skip
        """The organisation's intake: the newest answers replace the earlier ones."""
        values = {"filled_by": person_id, "answers": dict(answers), "updated_at": now}
        dialect = postgresql if self.conn.dialect.name == "postgresql" else sqlite
        await self.conn.execute(
            dialect.insert(organisation_intakes)
            .values(programme_id=programme_id, organisation=organisation, **values)
            .on_conflict_do_update(index_elements=["programme_id", "organisation"], set_=values)
        )

    async def sign(
        self, programme_id: int, organisation: str | None, person_id: int, name: str,
        on: date, now: datetime,
    ) -> None:  # fmt: skip
        await self.conn.execute(
            engagements.insert().values(
                programme_id=programme_id, organisation=organisation, signer_id=person_id,
                signed_name=name, signed_on=on, signed_at=now,
            )
        )  # fmt: skip

    async def intakes_of(self, coordinator_id: int) -> list[Intake]:
        oi = organisation_intakes
        rows = await self.conn.execute(
            select(oi)
            .where(oi.c.programme_id.in_(coordinated(coordinator_id)))
            .order_by(oi.c.organisation, oi.c.id)
        )
        return [
            Intake(r.programme_id, r.organisation, r.filled_by, r.answers or {}, r.updated_at)
            for r in rows
        ]

    async def engagements_of(self, coordinator_id: int) -> list[Engagement]:
        e = engagements
        rows = await self.conn.execute(
            select(e).where(e.c.programme_id.in_(coordinated(coordinator_id))).order_by(e.c.id)
        )
        return [
            Engagement(r.programme_id, r.organisation, r.signer_id, r.signed_name, r.signed_on)
            for r in rows
        ]

    async def signed_by(self, person_id: int) -> list[Engagement]:
        e = engagements
        rows = await self.conn.execute(select(e).where(e.c.signer_id == person_id).order_by(e.c.id))
        return [
            Engagement(r.programme_id, r.organisation, r.signer_id, r.signed_name, r.signed_on)
            for r in rows
        ]

    async def contact_of(self, coordinator_id: int, organisation: str) -> int | None:
        """An employer contact of this organisation (invited with it as label) in the
        coordinator's programmes: the sending organisation's contact for an exchange (790)."""
        pm = programme_members
        row = (
            await self.conn.execute(
                select(user_roles.c.user_id)
                .join(invites, user_roles.c.invite_code == invites.c.code)
                .join(pm, (pm.c.user_id == user_roles.c.user_id) & (pm.c.role == "employer"))
                .where(
                    user_roles.c.role == "employer",
                    func.lower(invites.c.label) == organisation.strip().lower(),
                    pm.c.programme_id.in_(coordinated(coordinator_id)),
                )
                .order_by(user_roles.c.granted_at)
                .limit(1)
            )
        ).first()
        return int(row[0]) if row else None
