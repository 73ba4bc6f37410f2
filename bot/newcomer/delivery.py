"""What newcomer reminders do when they are due: the idle nudge (which plans the next one,
up to three) and the timeout of an unanswered offer (which asks the next supporter).
Returns the replies, or why the row is no longer useful."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.newcomer import matchmaker
from bot.newcomer.effects import MAX_NUDGES, add_nudge
from bot.newcomer.facts import first_name, intake_answers
from bot.settings import Settings
from conversations.newcomer.model import PLAN_NUDGE
from conversations.newcomer.plan import build_plan
from conversations.newcomer.plan_model import PlanContent
from conversations.newcomer.plan_texts import next_step, nudge
from conversations.newcomer.support_texts import offer_expired
from conversations.newcomer.vocabulary import Vocabulary
from conversations.replies import Reply, Say
from storage.newcomers import Newcomers
from storage.people import People
from storage.reminders import Reminder, Reminders
from storage.supporters import Supporters


async def nudge_replies(
    conn: AsyncConnection,
    settings: Settings,
    content: PlanContent | None,
    reminder: Reminder,
    now: datetime,
) -> list[Reply] | str:
    person_id = reminder.person_id
    if await Newcomers(conn).nudges_stopped(person_id):
        return "nudges stopped"
    person = await People(conn).get(person_id)
    if person is None or "newcomer" not in person.roles:
        return "no longer a newcomer"
    answers = await intake_answers(conn, person_id)
    if content is None or answers is None:
        return "no plan"
    upcoming = next_step(build_plan(content, answers), await Newcomers(conn).progress(person_id))
    if upcoming is None:
        return "every step is behind them"
    rows = [r for r in await Reminders(conn).of_person(person_id) if r.kind == PLAN_NUDGE]
    earlier = [r for r in rows if r.status in ("sent", "sending", "interrupted")]
    if len(earlier) >= MAX_NUDGES:
        return "three nudges were sent already"
    planned = any(r.status == "pending" and r.id != reminder.id for r in rows)
    if len(earlier) + 1 < MAX_NUDGES and not planned:
        await add_nudge(conn, settings, person_id, now)  # still idle then? one more
    return nudge(person.name, upcoming)


async def offer_timeout_replies(
    conn: AsyncConnection,
    settings: Settings,
    words: Vocabulary,
    reminder: Reminder,
    now: datetime,
) -> list[Reply] | str:
    offer_id = int((reminder.payload or {}).get("offer_id", -1))
    offer = await matchmaker.expire(conn, settings, words, offer_id, now)
    if offer is None:
        return "answered in time"
    request = await Supporters(conn).get_request(offer.request_id)
    person = await People(conn).get(request.newcomer_id) if request else None
    return [Say(text=offer_expired(first_name(person.name if person else None)))]
