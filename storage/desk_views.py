"""What the coordinator's desk lists, in a few batched queries per page, always within the
programmes the coordinator coordinates now (`storage.programmes.coordinated`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.programmes import coordinated, people_of
from storage.schema import (
    agenda_versions,
    conversations,
    follow_up_actions,
    invites,
    reminders,
    responses,
    user_roles,
    users,
)
from storage.schema_newcomers import match_offers, match_requests, plan_progress
from storage.schema_programmes import programme_members


@dataclass(frozen=True)
class Member:
    id: int
    name: str | None
    roles: frozenset[str]
    joined_at: datetime
    #: When they last did anything in the chat (their conversation was saved).
    last_active: datetime | None
    #: The label of the invite they came with (often the organisation).
    label: str | None


@dataclass
class SwitcherFacts:
    """Which phases of the journey each switcher has reached (by person id)."""

    quiz: set[int] = field(default_factory=set)
    agenda: set[int] = field(default_factory=set)
    evaluated: dict[int, list[datetime]] = field(default_factory=dict)
    checked: set[int] = field(default_factory=set)


async def members(conn: AsyncConnection, coordinator_id: int) -> list[Member]:
    """Everyone in the coordinator's programmes, with roles, invite label and last activity."""
    pm = programme_members
    rows = await conn.execute(
        select(users.c.id, users.c.name, func.min(pm.c.joined_at).label("joined"))
        .join(pm, pm.c.user_id == users.c.id)
        .where(pm.c.programme_id.in_(coordinated(coordinator_id)))
        .group_by(users.c.id, users.c.name)
        .order_by(users.c.id)
    )
    found = rows.all()
    ids = [int(r.id) for r in found]
    roles: dict[int, set[str]] = {}
    labels: dict[int, str | None] = {}
    if ids:
        for r in await conn.execute(
            select(user_roles.c.user_id, user_roles.c.role, invites.c.label)
            .outerjoin(invites, invites.c.code == user_roles.c.invite_code)
            .where(user_roles.c.user_id.in_(ids))
            .order_by(user_roles.c.granted_at)
        ):
            roles.setdefault(int(r.user_id), set()).add(str(r.role))
            if r.label:
                labels[int(r.user_id)] = str(r.label)
    active = await _last_active(conn, ids)
    return [
        Member(
            int(r.id),
            r.name,
            frozenset(roles.get(int(r.id), ())),
            r.joined,
            active.get(int(r.id)),
            labels.get(int(r.id)),
        )
        for r in found
    ]


async def _last_active(conn: AsyncConnection, ids: list[int]) -> dict[int, datetime]:
    if not ids:
        return {}
    rows = await conn.execute(
        select(conversations.c.user_id, conversations.c.updated_at).where(
            conversations.c.user_id.in_(ids)
        )
    )
    return {int(r.user_id): r.updated_at for r in rows}


async def is_member(conn: AsyncConnection, coordinator_id: int, person_id: int) -> bool:
    row = await conn.execute(
        select(programme_members.c.user_id)
        .where(
            programme_members.c.user_id == person_id,
            programme_members.c.user_id.in_(people_of(coordinator_id)),
        )
        .limit(1)
    )
    return row.first() is not None


async def invited(conn: AsyncConnection, coordinator_id: int, role: str) -> tuple[int, int]:
    """(places offered, places taken) by the invites for `role` into these programmes."""
    row = (
        await conn.execute(
            select(func.coalesce(func.sum(invites.c.max_uses), 0), func.coalesce(
                func.sum(invites.c.uses), 0)).where(
                invites.c.role == role,
                invites.c.programme_id.in_(coordinated(coordinator_id)),
            )
        )
    ).one()  # fmt: skip
    return int(row[0]), int(row[1])


async def switcher_facts(
    conn: AsyncConnection, ids: Iterable[int], quiz_forms: Iterable[str], evaluation_form: str
) -> SwitcherFacts:
    found = SwitcherFacts()
    people = list(ids)
    if not people:
        return found
    done = responses.c.completed_at.is_not(None)
    quiz = select(responses.c.user_id).where(
        responses.c.user_id.in_(people), responses.c.form_id.in_(list(quiz_forms)), done
    )
    found.quiz = {int(r[0]) for r in await conn.execute(quiz)}
    saved = select(agenda_versions.c.switcher_id).where(agenda_versions.c.switcher_id.in_(people))
    found.agenda = {int(r[0]) for r in await conn.execute(saved.distinct())}
    for r in await conn.execute(
        select(responses.c.user_id, responses.c.completed_at).where(
            responses.c.user_id.in_(people), responses.c.form_id == evaluation_form, done
        )
    ):
        found.evaluated.setdefault(int(r.user_id), []).append(r.completed_at)
    checked = select(follow_up_actions.c.person_id).where(
        follow_up_actions.c.person_id.in_(people), follow_up_actions.c.checked_at.is_not(None)
    )
    found.checked = {int(r[0]) for r in await conn.execute(checked.distinct())}
    return found


async def failed_reminders(conn: AsyncConnection, exchange_ids: list[int]) -> list[tuple[int, int]]:
    """(exchange, person) of every failed reminder or notice of these exchanges."""
    if not exchange_ids:
        return []
    rows = await conn.execute(
        select(reminders.c.exchange_id, reminders.c.person_id).where(
            reminders.c.exchange_id.in_(exchange_ids), reminders.c.status == "failed"
        )
    )
    return [(int(r.exchange_id), int(r.person_id)) for r in rows]


async def waiting_for_support(
    conn: AsyncConnection, coordinator_id: int, since: datetime
) -> list[tuple[int, datetime]]:
    """(newcomer, asked at) of requests for a mentor or career coach still open since before
    `since`, of the newcomers in the coordinator's programmes."""
    rows = await conn.execute(
        select(match_requests.c.newcomer_id, func.min(match_requests.c.created_at))
        .where(
            match_requests.c.newcomer_id.in_(people_of(coordinator_id)),
            match_requests.c.status.in_(("searching", "proposed")),
            match_requests.c.created_at < since,
        )
        .group_by(match_requests.c.newcomer_id)
    )
    return [(int(r[0]), r[1]) for r in rows]


@dataclass(frozen=True)
class SupportAsked:
    """A newcomer's request for a mentor or career coach, and who took it, if anyone."""

    id: int
    newcomer_id: int
    kind: str
    status: str
    asked_at: datetime
    supporter_id: int | None


async def steps_done(conn: AsyncConnection, ids: list[int]) -> dict[int, int]:
    """How many plan steps each of these newcomers ticked off."""
    if not ids:
        return {}
    rows = await conn.execute(
        select(plan_progress.c.person_id, func.count())
        .where(plan_progress.c.person_id.in_(ids), plan_progress.c.status == "done")
        .group_by(plan_progress.c.person_id)
    )
    return {int(r[0]): int(r[1]) for r in rows}


async def support_asked(conn: AsyncConnection, ids: list[int]) -> list[SupportAsked]:
    if not ids:
        return []
    accepted = (
        select(match_offers.c.request_id, match_offers.c.supporter_id)
        .where(match_offers.c.status == "accepted")
        .subquery()
    )
    rows = await conn.execute(
        select(match_requests, accepted.c.supporter_id)
        .outerjoin(accepted, accepted.c.request_id == match_requests.c.id)
        .where(match_requests.c.newcomer_id.in_(ids))
        .order_by(match_requests.c.id)
    )
    return [
        SupportAsked(
            int(r.id),
            int(r.newcomer_id),
            str(r.kind),
            str(r.status),
            r.created_at,
            int(r.supporter_id) if r.supporter_id is not None else None,
        )
        for r in rows
    ]
