"""Carrying out follow-up effects (actions, their check-in, return sessions) with the access
checks repeated: a forged or stale event never changes someone else's data."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.feature import Applying
from bot.notices import add_notice
from bot.refused import Refused
from bot.reminders.plan import Recipient, place_one
from bot.settings import Settings
from conversations.follow_up.effects import (
    AddAction,
    AnswerReturnSession,
    CreateReturnSession,
    PlanCheckIn,
    UpdateAction,
)
from conversations.follow_up.model import ACTIONS_CHECKIN, RETURN_SESSION, InvitationView
from conversations.follow_up.texts import invitation_text, rsvp_choices
from conversations.text import PersonName
from storage.actions import Actions
from storage.exchanges import Exchanges
from storage.people import People
from storage.reminders import Reminders
from storage.return_sessions import ReturnSessions

log = logging.getLogger(__name__)

#: The reminder before a return session comes this long before it starts.
RETURN_REMINDER_BEFORE = timedelta(days=1)
WRITERS = ("switcher", "learning_coach")


class RefusedFollowUp(Refused):
    """Not the person's own exchange, action or invitation; nothing is changed."""


async def add_action(a: Applying, effect: AddAction) -> None:
    await _require(a.conn, a.user_id, effect.exchange_id, effect.part.value)
    if not await Actions(a.conn).add(
        effect.exchange_id, a.user_id, effect.part.value, effect.text, a.now
    ):
        raise RefusedFollowUp("already three actions")


async def update_action(a: Applying, effect: UpdateAction) -> None:
    if not await Actions(a.conn).set_status(
        effect.action_id, a.user_id, effect.status, effect.note, a.now
    ):
        raise RefusedFollowUp(f"action {effect.action_id} is not theirs")


async def plan_check_in(a: Applying, effect: PlanCheckIn) -> None:
    await _require(a.conn, a.user_id, effect.exchange_id, *WRITERS)
    await _plan_check_in(a.conn, a.settings, a.user_id, effect.exchange_id, a.now)


async def create_session(a: Applying, effect: CreateReturnSession) -> None:
    await _create_session(a.conn, a.settings, a.user_id, effect, a.now)


async def answer_session(a: Applying, effect: AnswerReturnSession) -> None:
    if not await ReturnSessions(a.conn).answer(effect.session_id, a.user_id, effect.coming, a.now):
        raise RefusedFollowUp(f"not invited to return session {effect.session_id}")


async def _require(conn: AsyncConnection, user_id: int, exchange_id: int, *parts: str) -> None:
    exchange = await Exchanges(conn).get(exchange_id)
    found = await Exchanges(conn).parts_of(exchange, user_id) if exchange else []
    if not set(found) & set(parts):
        raise RefusedFollowUp(f"not a {'/'.join(parts)} of exchange {exchange_id}")


async def _timezone(conn: AsyncConnection, settings: Settings, person_id: int) -> str:
    person = await People(conn).get(person_id)
    return (person.timezone if person else None) or settings.timezone


async def _plan_check_in(
    conn: AsyncConnection, settings: Settings, user_id: int, exchange_id: int, now: datetime
) -> None:
    """One pending check-in per person and exchange, however often actions are added."""
    for row in await Reminders(conn).of_exchange(exchange_id):
        if row.person_id == user_id and row.kind == ACTIONS_CHECKIN and row.status == "pending":
            return
    due = now + settings.followup_delay
    recipient = Recipient(user_id, await _timezone(conn, settings, user_id))
    planned = place_one(
        recipient, ACTIONS_CHECKIN, due, due, settings.quiet, now, must_precede_event=False
    )
    await Reminders(conn).add(
        user_id,
        ACTIONS_CHECKIN,
        planned.due_at,
        exchange_id=exchange_id,
        status=planned.status,
        note=planned.note,
    )


async def _create_session(
    conn: AsyncConnection,
    settings: Settings,
    user_id: int,
    effect: CreateReturnSession,
    now: datetime,
) -> None:
    if effect.starts_at <= now or effect.ends_at <= effect.starts_at:
        raise RefusedFollowUp("a return session must lie in the future")
    invitees: list[int] = []
    for exchange_id in effect.exchange_ids:
        exchange = await Exchanges(conn).get(exchange_id)
        if exchange is None or "coordinator" not in await Exchanges(conn).parts_of(
            exchange, user_id
        ):
            raise RefusedFollowUp(f"does not coordinate exchange {exchange_id}")
        invitees += [exchange.switcher_id, exchange.coach_id]
        if effect.employers:  # the coordinator's choice: the employers may come too (002:954)
            invitees += [p for p in (exchange.sending_contact_id, exchange.host_contact_id) if p]
    invitees = list(dict.fromkeys(invitees))
    if not invitees:
        raise RefusedFollowUp("nobody to invite")
    sessions = ReturnSessions(conn)
    session_id = await sessions.create(
        user_id, effect.starts_at, effect.ends_at, effect.place, invitees, now
    )
    invitation = InvitationView(
        session_id=session_id,
        starts_at=effect.starts_at,
        ends_at=effect.ends_at,
        place=effect.place,
    )
    text = invitation_text(PersonName(id=user_id), invitation)  # named when sent
    for person_id in invitees:
        await add_notice(  # the session goes with its organiser: so does a waiting invitation
            conn, person_id, text, now, choices=rsvp_choices(session_id), quoting=(user_id,)
        )
        recipient = Recipient(person_id, await _timezone(conn, settings, person_id))
        planned = place_one(
            recipient,
            RETURN_SESSION,
            effect.starts_at - RETURN_REMINDER_BEFORE,
            effect.starts_at,
            settings.quiet,
            now,
            must_precede_event=True,
        )
        await Reminders(conn).add(
            person_id,
            RETURN_SESSION,
            planned.due_at,
            event_at=effect.starts_at,
            status=planned.status,
            note=planned.note,
            payload={"session_id": session_id},
        )
    log.info("return session %d: %d invited", session_id, len(invitees))
