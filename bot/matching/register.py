"""A finished "Offer a learning place" form (`conversations/content/forms/learning_place.yaml`)
becomes a learning place in the programme of the person who filled it: a coordinator's place
goes into the programme they coordinate, a host employer's into theirs (and they are its
contact). Anyone else's answers stay answers and make no place."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.people import People
from storage.places import NewPlace, Places
from storage.programmes import coordinated
from storage.schema_programmes import programme_members

log = logging.getLogger(__name__)

PLACE_FORM = "learning_place"
#: The region options of the form, as the place names people write in their agenda.
REGIONS = {
    "antwerp": "Antwerpen", "limburg": "Limburg", "east_flanders": "Oost-Vlaanderen",
    "west_flanders": "West-Vlaanderen", "flemish_brabant": "Vlaams-Brabant",
    "brussels": "Brussel",
}  # fmt: skip


async def _programme(conn: AsyncConnection, person_id: int, roles: frozenset[str]) -> int | None:
    if "coordinator" in roles:
        seat: object = (await conn.execute(coordinated(person_id).limit(1))).scalar()
        if isinstance(seat, int):
            return seat
    if "employer" in roles:
        pm = programme_members
        found = (
            await conn.execute(
                select(pm.c.programme_id)
                .where(pm.c.user_id == person_id, pm.c.role == "employer")
                .order_by(pm.c.programme_id)
                .limit(1)
            )
        ).first()
        if found is not None:
            return int(found[0])
    return None


def _text(answers: Mapping[str, Any], key: str) -> str | None:
    value = answers.get(key)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _dates(answers: Mapping[str, Any]) -> tuple[tuple[date, date], ...]:
    first, last = _text(answers, "first_date"), _text(answers, "last_date")
    if first is None and last is None:
        return ()
    a = date.fromisoformat(first or last or "")
    b = date.fromisoformat(last or first or "")
    return ((min(a, b), max(a, b)),)  # given the wrong way round: still the range meant


async def register_place(
    conn: AsyncConnection, person_id: int, answers: Mapping[str, Any], now: datetime
) -> int | None:
    person = await People(conn).get(person_id)
    roles = person.roles if person else frozenset()
    programme = await _programme(conn, person_id, frozenset(roles))
    topic, host, site = _text(answers, "topic"), _text(answers, "host_org"), _text(answers, "site")
    town = _text(answers, "municipality")
    if programme is None or not (topic and host and site and town):
        log.warning("learning place form by person %s made no place (role or answers)", person_id)
        return None
    capacity = answers.get("capacity")
    new = NewPlace(
        programme_id=programme, topic=topic, host_org=host, site=site, municipality=town,
        capacity=int(capacity) if isinstance(capacity, int | float) else 1,
        dates=_dates(answers), region=REGIONS.get(str(answers.get("region"))),
        public_transport={"yes": True, "no": False}.get(str(answers.get("public_transport"))),
        host_contact_id=person_id if "employer" in roles else None,
        safety=_text(answers, "safety"), exclusions=_text(answers, "exclusions"),
        created_by=person_id,
    )  # fmt: skip
    return await Places(conn).add(new, now)
