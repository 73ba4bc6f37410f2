"""The `employers` fact: for a coordinator, the organisations of their programmes with their
intakes and engagement declarations; for an employer contact, the declarations they confirmed."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from conversations.employers.model import EmployersFacts, OrganisationView, Signed
from storage.employers import Employers


async def organisations(conn: AsyncConnection, coordinator_id: int) -> tuple[OrganisationView, ...]:
    intakes = await Employers(conn).intakes_of(coordinator_id)
    signed = await Employers(conn).engagements_of(coordinator_id)
    names = sorted({i.organisation for i in intakes} | {s.organisation or "?" for s in signed})
    found = []
    for name in names:
        intake = next((i for i in intakes if i.organisation == name), None)
        found.append(
            OrganisationView(
                organisation=name,
                answers=dict(intake.answers) if intake else {},
                updated=intake.updated_at.date() if intake else None,
                signed=tuple(
                    Signed(organisation=s.organisation, name=s.signed_name, on=s.signed_on)
                    for s in signed
                    if (s.organisation or "?") == name
                ),
            )
        )
    return tuple(found)


async def coordinator_employers(conn: AsyncConnection, coordinator_id: int) -> EmployersFacts:
    return EmployersFacts(organisations=await organisations(conn, coordinator_id))


async def own_engagements(conn: AsyncConnection, person_id: int) -> EmployersFacts:
    mine = await Employers(conn).signed_by(person_id)
    return EmployersFacts(
        mine=tuple(Signed(organisation=s.organisation, name=s.signed_name, on=s.signed_on)
                   for s in mine)
    )  # fmt: skip
