"""The exchange facts a flow may read, looked up for one person before the flow runs.

Only exchanges the person takes part in (or coordinates) are loaded, and the learning agenda
only for the parts that may read it: what a flow was never given, it cannot show.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.follow_up.facts import follow_up_status
from conversations.agenda_model import AgendaContent, AgendaView
from conversations.core import Conversation
from conversations.events import ChoiceIn, Event
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
from storage.schema_programmes import DEFAULT_NAME, DEFAULT_PROGRAMME

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


async def agenda_draft_of(conn: AsyncConnection, switcher_id: int) -> AgendaContent | None:
    raw = await Agendas(conn).draft(switcher_id)
    return AgendaContent.model_validate(raw) if raw is not None else None


@dataclass(frozen=True)
class _Batch:
    """What the views of several exchanges share, read with one query per table."""

    attendance: dict[int, dict[int, bool]]
    ticks: dict[int, dict[int, frozenset[str]]]
    names: dict[int, str | None]
    coordinated: set[tuple[int, int]]  # (coordinator, programme) seats that count now

    @classmethod
    async def read(cls, conn: AsyncConnection, found: list[Exchange], person_id: int) -> _Batch:
        ids = [x.id for x in found]
        people = {person_id} | {
            p for x in found for p in (x.switcher_id, x.coach_id, x.sending_contact_id,
                                       x.host_contact_id, x.coordinator_id) if p is not None
        }  # fmt: skip
        coordinators = {x.coordinator_id for x in found if x.coordinator_id is not None}
        return cls(
            await Attendance(conn).of_exchanges(ids),
            await ChecklistTicks(conn).of_exchanges(ids),
            await People(conn).names(people),
            await Programmes(conn).coordinated_pairs(coordinators | {person_id}),
        )


async def view_of(conn: AsyncConnection, exchange: Exchange, person_id: int) -> ExchangeView:
    """One exchange as this person may see it, with everything (the agenda, for a coordinator
    the follow-up and undelivered messages)."""
    batch = await _Batch.read(conn, [exchange], person_id)
    return await _view(conn, exchange, person_id, batch, detailed=True)


async def _view(
    conn: AsyncConnection, exchange: Exchange, person_id: int, batch: _Batch, *, detailed: bool
) -> ExchangeView:
    attendance = batch.attendance.get(exchange.id, {})
    ticks = batch.ticks.get(exchange.id, {})
    coordinator = exchange.coordinator_id
    if coordinator is not None and (coordinator, exchange.programme_id) not in batch.coordinated:
        coordinator = None  # no longer coordinates it: neither shown nor told (alerts, shares)
    seats = (
        (Part.SWITCHER, exchange.switcher_id),
        (Part.LEARNING_COACH, exchange.coach_id),
        (Part.SENDING_EMPLOYER, exchange.sending_contact_id),
        (Part.HOST_EMPLOYER, exchange.host_contact_id),
        (Part.COORDINATOR, coordinator),
    )
    parties = tuple(
        Party(
            person_id=who,
            name=batch.names.get(who),
            part=part,
            attending=attendance.get(who),
            ticked=ticks.get(who, frozenset()),
        )
        for part, who in seats
        if who is not None
    )
    parts = exchange.roles_of(person_id)
    if "coordinator" in parts and (person_id, exchange.programme_id) not in batch.coordinated:
        parts.remove("coordinator")
    mine = tuple(Part(role) for role in parts)
    agenda = None
    if detailed and set(mine) & AGENDA_READERS:
        agenda = await agenda_of(conn, exchange.switcher_id)
    summary: tuple[str, ...] = ()
    if detailed and Part.HOST_EMPLOYER in mine:  # informed of the learning agenda (847)
        read = agenda or await agenda_of(conn, exchange.switcher_id)
        c = read.content if read else None
        if c is not None:
            summary = tuple(t for t in (c.question.text if c.question else None,
                                        *(g.text for g in c.goals)) if t)  # fmt: skip
    follow_up = None
    undelivered: tuple[Undelivered, ...] = ()
    programme = None
    if detailed:  # named on the certificate's signature block (walkthrough 31)
        found = await Programmes(conn).get(exchange.programme_id or DEFAULT_PROGRAMME)
        programme = found.name if found and found.name != DEFAULT_NAME else None
    if detailed and Part.COORDINATOR in mine:
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
        programme=programme,
        intro_call_at=exchange.intro_call_at,
        certificate_at=exchange.certificate_at,
        parties=parties,
        agenda=agenda,
        agenda_summary=summary,
        follow_up=follow_up,
        undelivered=undelivered,
        detailed=detailed,
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
    names = await People(conn).names({r.person_id for r in failed})
    return tuple(
        Undelivered(person_id=r.person_id, name=names.get(r.person_id), due_at=r.due_at,
                    why=_why(r.note))
        for r in failed
    )  # fmt: skip


async def exchanges_of(
    conn: AsyncConnection, person_id: int, focus: frozenset[int] = frozenset()
) -> tuple[ExchangeView, ...]:
    """Every exchange of this person, read with a fixed number of queries. The heavy parts
    (agenda, follow-up, undelivered messages) come only for the exchanges in `focus` (the one
    open on screen or named by a button) and for those the person takes part in rather than
    coordinates: a coordinator's list of a hundred exchanges costs what a list of one does."""
    found = await Exchanges(conn).of_person(person_id)
    if not found:
        return ()
    batch = await _Batch.read(conn, found, person_id)
    views = []
    for x in found:
        takes_part = person_id in (x.switcher_id, x.coach_id, x.sending_contact_id,
                                   x.host_contact_id)  # fmt: skip
        detailed = x.id in focus or takes_part or len(found) == 1  # one: shown straight away
        views.append(await _view(conn, x, person_id, batch, detailed=detailed))
    return tuple(views)


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


def focus(conv: Conversation, event: Event | None) -> frozenset[int]:
    """The exchanges open on screen or named by the button just tapped: only these are read
    in full for someone who coordinates many."""
    ids = {f.data["exchange_id"] for f in conv.stack if isinstance(f.data.get("exchange_id"), int)}
    if isinstance(event, ChoiceIn) and event.choice_id.startswith(("x:", "ex:")):
        last = event.choice_id.rsplit(":", 1)[-1]
        if last.isdigit():
            ids.add(int(last))
    return frozenset(ids)
