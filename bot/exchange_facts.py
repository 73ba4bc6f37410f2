"""The exchange facts a flow may read, looked up for one person before the flow runs.

Only exchanges the person takes part in (or coordinates) are loaded, and the learning agenda
only for the parts that may read it: what a flow was never given, it cannot show.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.follow_up_facts import follow_up_status
from conversations.agenda_model import AgendaContent, AgendaView
from conversations.exchange_model import (
    AGENDA_READERS,
    Day,
    ExchangeView,
    Part,
    Party,
    PersonRef,
    Undelivered,
)
from storage.agendas import Agendas
from storage.attendance import Attendance
from storage.checklists import Checklists as ChecklistTicks
from storage.exchanges import Exchange, Exchanges
from storage.people import People
from storage.programmes import Programmes
from storage.reminders import Reminders

#: Roles whose holders can be part of an exchange (others never need these facts).
EXCHANGE_ROLES = frozenset({"switcher", "learning_coach", "employer", "coordinator"})
#: Roles a coordinator picks people in when setting up an exchange.
PICKABLE = ("switcher", "learning_coach", "employer")


async def _name(conn: AsyncConnection, person_id: int | None) -> str | None:
    person = await People(conn).get(person_id) if person_id is not None else None
    return person.name if person else None


async def agenda_of(conn: AsyncConnection, switcher_id: int) -> AgendaView | None:
    latest = await Agendas(conn).latest(switcher_id)
    if latest is None:
        return None
    content = AgendaContent.model_validate(latest.content)
    notes = [*content.day2_questions, *content.comments]
    if content.programme is not None:
        notes.append(content.programme)
    ids = {n.author_id for n in notes if n.author_id is not None}
    return AgendaView(
        switcher_id=switcher_id,
        switcher_name=await _name(conn, switcher_id),
        version=latest.version,
        author_name=await _name(conn, latest.author_id),
        created_at=latest.created_at,
        content=content,
        authors={i: await _name(conn, i) for i in sorted(ids)},  # named now, not when written
    )


async def view_of(conn: AsyncConnection, exchange: Exchange, person_id: int) -> ExchangeView:
    attendance = await Attendance(conn).of_exchange(exchange.id)
    ticks = await ChecklistTicks(conn).of_exchange(exchange.id)
    coordinator = exchange.coordinator_id
    if coordinator is not None and not await Programmes(conn).coordinates(
        coordinator, exchange.programme_id
    ):
        coordinator = None  # no longer coordinates it: neither shown nor told (alerts, shares)
    seats = (
        (Part.SWITCHER, exchange.switcher_id),
        (Part.LEARNING_COACH, exchange.coach_id),
        (Part.SENDING_EMPLOYER, exchange.sending_contact_id),
        (Part.HOST_EMPLOYER, exchange.host_contact_id),
        (Part.COORDINATOR, coordinator),
    )
    parties = tuple(
        [
            Party(
                person_id=who,
                name=await _name(conn, who),
                part=part,
                attending=attendance.get(who),
                ticked=ticks.get(who, frozenset()),
            )
            for part, who in seats
            if who is not None
        ]
    )
    mine = tuple(Part(role) for role in await Exchanges(conn).parts_of(exchange, person_id))
    agenda = None
    if set(mine) & AGENDA_READERS:
        agenda = await agenda_of(conn, exchange.switcher_id)
    follow_up = None
    undelivered: tuple[Undelivered, ...] = ()
    if Part.COORDINATOR in mine:
        follow_up = await follow_up_status(conn, exchange)
        undelivered = await _undelivered(conn, exchange.id)
    return ExchangeView(
        id=exchange.id,
        status=exchange.status,
        mine=mine,
        days=tuple(Day(starts_at=s, ends_at=e) for s, e in exchange.days),
        place=exchange.place,
        notes=exchange.notes,
        sending_org=exchange.sending_org,
        host_org=exchange.host_org,
        intro_call_at=exchange.intro_call_at,
        certificate_at=exchange.certificate_at,
        parties=parties,
        agenda=agenda,
        follow_up=follow_up,
        undelivered=undelivered,
    )


def _why(note: str | None) -> str:
    text = (note or "").lower()
    if "blocked" in text:
        return "blocked"
    if "chat not found" in text:
        return "gone"
    return "failed"


async def _undelivered(conn: AsyncConnection, exchange_id: int) -> tuple[Undelivered, ...]:
    """Messages of this exchange that never arrived, so the coordinator can step in."""
    failed = [r for r in await Reminders(conn).of_exchange(exchange_id) if r.status == "failed"]
    return tuple(
        [
            Undelivered(
                person_id=r.person_id, name=await _name(conn, r.person_id), due_at=r.due_at,
                why=_why(r.note),
            )
            for r in failed
        ]
    )  # fmt: skip


async def exchanges_of(conn: AsyncConnection, person_id: int) -> tuple[ExchangeView, ...]:
    found = await Exchanges(conn).of_person(person_id)
    return tuple([await view_of(conn, x, person_id) for x in found])


async def directory(conn: AsyncConnection, coordinator_id: int) -> tuple[PersonRef, ...]:
    """Registered people a coordinator may pick for an exchange: only the members of the
    programmes they coordinate, each with the roles they hold *in* those programmes."""
    roles: dict[int, set[str]] = {}
    names: dict[int, str] = {}
    for person_id, name, role in await People(conn).pickable(coordinator_id, PICKABLE):
        roles.setdefault(person_id, set()).add(role)
        names[person_id] = name
    return tuple(
        PersonRef(id=pid, name=names[pid], roles=frozenset(found)) for pid, found in roles.items()
    )
