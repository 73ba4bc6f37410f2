"""Carrying out newcomer and supporter effects with the access checks repeated, and keeping
the idle nudge in step with the newcomer's activity (a row, planned again on every visit)."""

from __future__ import annotations

import logging
import re
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.feature import Applying
from bot.newcomer import matchmaker
from bot.refused import Refused
from bot.reminders.plan import Recipient, place_one
from bot.settings import Settings
from conversations.newcomer.effects import (
    AnswerOffer,
    LogMeeting,
    MarkStep,
    RateSupport,
    RequestSupport,
    SaveSupporterProfile,
    SnoozeNudges,
    StopNudges,
    TouchPlan,
)
from conversations.newcomer.matching import ONLINE
from conversations.newcomer.model import PLAN_NUDGE
from conversations.newcomer.vocabulary import Vocabulary
from storage.newcomers import Newcomers
from storage.people import People
from storage.reminders import Reminders
from storage.supporters import OPEN_REQUESTS, Supporter, Supporters

log = logging.getLogger(__name__)

#: A newcomer gets at most this many idle nudges in all.
MAX_NUDGES = 3
_STEP_ID = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


class RefusedNewcomer(Refused):
    """Not the person's own plan, offer or match; nothing is changed."""


async def _roles(conn: AsyncConnection, user_id: int) -> frozenset[str]:
    person = await People(conn).get(user_id)
    return frozenset(person.roles) if person else frozenset()


async def _newcomer(a: Applying, kind: str) -> None:
    if "newcomer" not in await _roles(a.conn, a.user_id):
        raise RefusedNewcomer(f"{kind} is for newcomers")


async def _supporter(a: Applying, kind: str) -> None:
    if "mentor" not in await _roles(a.conn, a.user_id):
        raise RefusedNewcomer(f"{kind} is for mentors and career coaches")


async def mark_step(a: Applying, effect: MarkStep) -> None:
    await _newcomer(a, effect.kind)
    if not _STEP_ID.match(effect.step_id):
        raise RefusedNewcomer("not a step id")
    await Newcomers(a.conn).mark(a.user_id, effect.step_id, effect.status, a.now)
    await plan_nudge(a.conn, a.settings, a.user_id, a.now)


async def touch_plan(a: Applying, effect: TouchPlan | SnoozeNudges) -> None:
    """Working on the plan, or "not now" under a nudge: the next nudge moves to later."""
    await _newcomer(a, effect.kind)
    await plan_nudge(a.conn, a.settings, a.user_id, a.now)


async def stop_nudges(a: Applying, effect: StopNudges) -> None:
    await _newcomer(a, effect.kind)
    await Newcomers(a.conn).stop_nudges(a.user_id, a.now)
    await _cancel_nudges(a.conn, a.user_id, "stopped by the newcomer")


async def request_support(a: Applying, effect: RequestSupport) -> None:
    await _newcomer(a, effect.kind)
    await _request(a.conn, a.settings, a.words, a.user_id, effect, a.now)


async def answer_offer(a: Applying, effect: AnswerOffer) -> None:
    await _supporter(a, effect.kind)
    if not await matchmaker.answer(
        a.conn, a.settings, a.words, a.user_id, effect.offer_id, effect.accept, a.now
    ):
        raise RefusedNewcomer(f"offer {effect.offer_id} is not open for them")


async def save_profile(a: Applying, effect: SaveSupporterProfile) -> None:
    await _supporter(a, effect.kind)
    await _save_profile(a.conn, a.settings, a.words, a.user_id, effect, a.now)


async def log_meeting(a: Applying, effect: LogMeeting) -> None:
    await _supporter(a, effect.kind)
    await _require_supporter_of(a.conn, a.user_id, effect.request_id)
    await Supporters(a.conn).log_meeting(
        effect.request_id, a.user_id, effect.met_on, effect.note, a.now
    )


async def rate_support(a: Applying, effect: RateSupport) -> None:
    await _newcomer(a, effect.kind)
    request = await Supporters(a.conn).get_request(effect.request_id)
    if request is None or request.newcomer_id != a.user_id or request.status != "accepted":
        raise RefusedNewcomer(f"request {effect.request_id} is not theirs")
    if not 1 <= effect.rating <= 5:
        raise RefusedNewcomer("a rating is 1 to 5")
    await Supporters(a.conn).rate(effect.request_id, effect.rating, effect.comment, a.now)


async def _request(
    conn: AsyncConnection,
    settings: Settings,
    words: Vocabulary,
    user_id: int,
    effect: RequestSupport,
    now: datetime,
) -> None:
    supporters = Supporters(conn)
    open_requests = [
        r
        for r in await supporters.requests_of(user_id)
        if r.status in OPEN_REQUESTS and r.status != "accepted"
    ]
    if open_requests:
        raise RefusedNewcomer("a request is already open")
    contact = (effect.contact or "").strip()[:200] or None
    request_id = await supporters.request(user_id, effect.support, effect.step_id, contact, now)
    await matchmaker.propose(conn, settings, words, request_id, now)


async def _save_profile(
    conn: AsyncConnection,
    settings: Settings,
    words: Vocabulary,
    user_id: int,
    effect: SaveSupporterProfile,
    now: datetime,
) -> None:
    regions = set(words.regions) | {ONLINE}
    if (
        not effect.kinds
        or not set(effect.sectors) <= set(words.sectors)
        or not set(effect.languages) <= set(words.languages)
        or effect.region not in regions
        or not 0 <= effect.capacity <= 20
    ):
        raise RefusedNewcomer("the profile names unknown sectors, languages or regions")
    profile = Supporter(
        user_id,
        tuple(effect.kinds),
        tuple(effect.sectors),
        tuple(effect.languages),
        effect.region,
        effect.capacity,
        effect.contact.strip()[:200],
    )
    await Supporters(conn).save(profile, now)
    await matchmaker.retry_waiting(conn, settings, words, user_id, now)


async def _require_supporter_of(conn: AsyncConnection, user_id: int, request_id: int) -> None:
    for offer in await Supporters(conn).offers_of_request(request_id):
        if offer.supporter_id == user_id and offer.status == "accepted":
            return
    raise RefusedNewcomer(f"not the supporter of request {request_id}")


async def _cancel_nudges(conn: AsyncConnection, person_id: int, note: str) -> int:
    """Cancel pending nudges; the number already sent."""
    sent = 0
    for row in await Reminders(conn).of_person(person_id):
        if row.kind != PLAN_NUDGE:
            continue
        if row.status == "pending":
            await Reminders(conn).finish(row.id, "cancelled", now=row.due_at, note=note)
        elif row.status in ("sent", "sending", "interrupted"):
            sent += 1
    return sent


async def plan_nudge(
    conn: AsyncConnection, settings: Settings, person_id: int, now: datetime
) -> None:
    """The newcomer was active: one pending nudge, `nudge_after` from now, unless they
    stopped them or three were sent already."""
    await Newcomers(conn).touch(person_id, now)
    sent = await _cancel_nudges(conn, person_id, "the newcomer was active")
    if sent < MAX_NUDGES and not await Newcomers(conn).nudges_stopped(person_id):
        await add_nudge(conn, settings, person_id, now)


async def add_nudge(
    conn: AsyncConnection, settings: Settings, person_id: int, now: datetime
) -> None:
    """A nudge row `nudge_after` from now, moved out of the person's quiet hours."""
    person = await People(conn).get(person_id)
    recipient = Recipient(person_id, (person.timezone if person else None) or settings.timezone)
    due = now + settings.nudge_delay
    planned = place_one(
        recipient, PLAN_NUDGE, due, due, settings.quiet, now, must_precede_event=False
    )
    await Reminders(conn).add(
        person_id, PLAN_NUDGE, planned.due_at, status=planned.status, note=planned.note
    )
