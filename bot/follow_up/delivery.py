"""What the follow-up reminders say when they are due: the check-in on one's actions and the
reminder before a return session. Returns the replies, or why the row is no longer useful."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from conversations.exchange_model import ExchangeView
from conversations.follow_up.model import ActionView, InvitationView
from conversations.follow_up.texts import check_in, return_session_reminder
from conversations.replies import Reply
from storage.actions import Actions
from storage.reminders import Reminder
from storage.return_sessions import ReturnSessions


async def check_in_replies(
    conn: AsyncConnection, reminder: Reminder, view: ExchangeView
) -> list[Reply] | str:
    found = await Actions(conn).of_person(reminder.person_id, view.id)
    if not found:
        return "no follow-up actions"
    if all(a.status in ("done", "dropped") for a in found):
        return "every action is settled"
    actions = [
        ActionView(id=a.id, exchange_id=a.exchange_id, text=a.text, status=a.status, note=a.note)
        for a in found
    ]
    return check_in(view.place, view.id, actions)


async def return_session_replies(conn: AsyncConnection, reminder: Reminder) -> list[Reply] | str:
    session_id = int((reminder.payload or {}).get("session_id", -1))
    session = await ReturnSessions(conn).get(session_id)
    if session is None or reminder.person_id not in session.answers:
        return "return session gone"
    coming = session.answers[reminder.person_id]
    if coming is False:
        return "not coming"
    invitation = InvitationView(
        session_id=session.id,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        place=session.place,
        coming=coming,
    )
    return return_session_reminder(invitation)
