"""The follow-up facts a flow may read, for one person: their own actions, the return
sessions they are invited to or organise, and (for coordinators) per exchange the status of
reflections, feedback, evaluations and actions — counts, never content."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from conversations.exchange_texts import EVALUATION, EVALUATION_FORMS
from conversations.follow_up.model import (
    ActionView,
    FollowUpStatus,
    HostedSessionView,
    InvitationView,
)
from storage.actions import Actions
from storage.exchanges import Exchange
from storage.people import People
from storage.reflections import Reflections
from storage.reminders import Reminders
from storage.responses import Responses
from storage.return_sessions import ReturnSessions


async def actions_of(conn: AsyncConnection, person_id: int) -> tuple[ActionView, ...]:
    return tuple(
        ActionView(id=a.id, exchange_id=a.exchange_id, text=a.text, status=a.status, note=a.note)
        for a in await Actions(conn).of_person(person_id)
    )


async def invitations_of(conn: AsyncConnection, person_id: int) -> tuple[InvitationView, ...]:
    return tuple(
        InvitationView(
            session_id=s.id,
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            place=s.place,
            coming=s.answers.get(person_id),
        )
        for s in await ReturnSessions(conn).invited(person_id)
    )


async def hosted_by(conn: AsyncConnection, coordinator_id: int) -> tuple[HostedSessionView, ...]:
    found = []
    for session in await ReturnSessions(conn).organised_by(coordinator_id):
        groups: dict[bool | None, list[str]] = {True: [], False: [], None: []}
        for person_id, coming in session.answers.items():
            person = await People(conn).get(person_id)
            groups[coming].append((person.name if person else None) or "?")
        found.append(
            HostedSessionView(
                id=session.id,
                starts_at=session.starts_at,
                ends_at=session.ends_at,
                place=session.place,
                coming=tuple(groups[True]),
                not_coming=tuple(groups[False]),
                unanswered=tuple(groups[None]),
            )
        )
    return tuple(found)


async def evaluation_answered(
    conn: AsyncConnection, exchange: Exchange, person_id: int, part: str
) -> bool | None:
    """True: answered after the exchange; False: asked, not answered; None: not asked yet."""
    form_id = next((f for p, f in EVALUATION_FORMS.items() if p.value == part), None)
    if form_id is None or not exchange.days:
        return None
    last_end = max(end for _start, end in exchange.days)
    for response in await Responses(conn).of_user(person_id, form_id):
        if response.completed_at is not None and response.completed_at >= last_end:
            return True
    asked = any(
        r.person_id == person_id and r.kind == EVALUATION and r.status == "sent"
        for r in await Reminders(conn).of_exchange(exchange.id)
    )
    return False if asked else None


async def follow_up_status(conn: AsyncConnection, exchange: Exchange) -> FollowUpStatus:
    reflections: dict[str, int] = {}
    shared = feedback = 0
    for found in await Reflections(conn).of_exchange(exchange.id):
        if found.visibility is None:
            continue  # still a draft
        if found.kind == "feedback":
            feedback += 1
        else:
            reflections[found.part] = reflections.get(found.part, 0) + 1
        shared += "coordinator" in found.visibility
    evaluations: dict[str, bool | None] = {}
    for part, person_id in (
        ("switcher", exchange.switcher_id),
        ("learning_coach", exchange.coach_id),
        ("sending_employer", exchange.sending_contact_id),
        ("host_employer", exchange.host_contact_id),
    ):
        if person_id is not None:
            evaluations[part] = await evaluation_answered(conn, exchange, person_id, part)
    actions: dict[str, int] = {}
    for action in await Actions(conn).of_exchange(exchange.id):
        actions[action.status] = actions.get(action.status, 0) + 1
    return FollowUpStatus(
        reflections=reflections,
        shared_with_coordinator=shared,
        feedback=feedback,
        evaluations=evaluations,
        actions=actions,
    )
