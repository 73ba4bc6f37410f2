"""A finished employer intake (`conversations/content/forms/employer_intake.yaml`) is kept for
the contact's organisation in their programme, where the coordinator sees it: the organisation
is the label of the contact's invite (the name matching also uses), else the name they typed.
Anyone who is not an employer contact of a programme keeps only their answers."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.employers import Employers
from storage.places import Places
from storage.schema_programmes import programme_members

log = logging.getLogger(__name__)

INTAKE_FORM = "employer_intake"


async def employer_programme(conn: AsyncConnection, person_id: int) -> int | None:
    pm = programme_members
    found = (
        await conn.execute(
            select(pm.c.programme_id)
            .where(pm.c.user_id == person_id, pm.c.role == "employer")
            .order_by(pm.c.programme_id)
            .limit(1)
        )
    ).first()
    return int(found[0]) if found is not None else None


async def organisation_of(
    conn: AsyncConnection, person_id: int, typed: object = None
) -> str | None:
    label = await Places(conn).organisation_of(person_id)
    if label:
        return label
    return typed.strip()[:120] if isinstance(typed, str) and typed.strip() else None


async def save_intake(
    conn: AsyncConnection, person_id: int, answers: Mapping[str, Any], now: datetime
) -> bool:
    programme = await employer_programme(conn, person_id)
    organisation = await organisation_of(conn, person_id, answers.get("organisation"))
    if programme is None or organisation is None:
        log.warning("employer intake by person %s kept as answers only (no programme)", person_id)
        return False
    await Employers(conn).save_intake(programme, organisation, person_id, answers, now)
    return True
