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

from bot.notices import add_notice
from conversations.employers.notices import intake_filed
from conversations.text import Msg
from storage.employers import Employers
from storage.places import Places
from storage.programmes import Programmes
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
    await tell_coordinators(conn, programme, intake_filed(organisation), now, quoting=person_id)
    return True


async def tell_coordinators(
    conn: AsyncConnection, programme: int, text: Msg, now: datetime, *, quoting: int
) -> None:
    """A notice to each coordinator of the programme; `quoting`: whose words it copies (their
    erasure deletes it while it waits)."""
    for coordinator in await Programmes(conn).coordinators_in(programme):
        await add_notice(conn, coordinator, text, now, quoting=(quoting,))
