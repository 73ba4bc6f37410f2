"""Retention queries: when each person last took part, what programme content they have, and
deleting it; clearing the message of delivered reminders and notices.

"Programme content" is what a person wrote, answered or sent while taking part: reflections
(with their items), form responses (with their answers), every media file they sent, their
learning agenda (versions and draft), follow-up actions, step plan progress, support requests
(with offers, meetings and ratings), meeting notes they wrote as a supporter, and their
newcomer nudge state. The account itself (name, language, roles, consents, identities), the
supporter profile and the exchanges as a record stay.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Column, String, cast, delete, func, null, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.database import Database
from storage.dialect import upsert
from storage.schema import (
    agenda_drafts,
    agenda_versions,
    answers,
    conversations,
    exchange_days,
    exchanges,
    follow_up_actions,
    media,
    reflection_items,
    reflections,
    reminders,
    responses,
    users,
)
from storage.schema_newcomers import (
    match_requests,
    newcomers,
    plan_progress,
    support_meetings,
)
from storage.schema_retention import retention

#: Tables whose rows are programme content, by the column naming the person. Rows of child
#: tables (reflection items, answers, offers, ratings) go with them through ON DELETE CASCADE.
CONTENT: dict[str, Column[Any]] = {
    "reflections": reflections.c.author_id,
    "responses": responses.c.user_id,
    "media": media.c.user_id,
    "agenda_versions": agenda_versions.c.switcher_id,
    "agenda_drafts": agenda_drafts.c.switcher_id,
    "follow_up_actions": follow_up_actions.c.person_id,
    "plan_progress": plan_progress.c.person_id,
    "match_requests": match_requests.c.newcomer_id,
    "support_meetings": support_meetings.c.supporter_id,
}
#: Deleted with the content, but never a reason on their own to warn anyone: the state of an
#: unfinished conversation (it may hold half-typed answers) and nudge bookkeeping.
ALSO_CLEARED: dict[str, Column[Any]] = {
    "conversations": conversations.c.user_id,
    "newcomers": newcomers.c.person_id,
}
_PARTIES = ("switcher_id", "coach_id", "coordinator_id", "sending_contact_id", "host_contact_id")
#: Reminder statuses that will never be sent (again): their message is no longer needed.
_OPEN = ("pending", "sending")


@dataclass(frozen=True)
class State:
    person_id: int
    warned_at: datetime | None
    deletes_at: datetime | None
    kept_at: datetime | None
    keeps: int
    purged_at: datetime | None


class Retention:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    # --- delivered messages ----------------------------------------------------------------

    async def clear_delivered(self, before: datetime, *, dry_run: bool = False) -> int:
        """Forget the message of reminders and notices finished before `before`."""
        done_at = func.coalesce(reminders.c.sent_at, reminders.c.claimed_at, reminders.c.due_at)
        which = (
            reminders.c.payload.is_not(None),
            cast(reminders.c.payload, String) != "null",
            reminders.c.status.not_in(_OPEN),
            done_at < before,
        )
        count = int(
            (
                await self.conn.execute(select(func.count()).select_from(reminders).where(*which))
            ).scalar_one()
        )
        if count and not dry_run:
            await self.conn.execute(update(reminders).where(*which).values(payload=null()))
        return count

    # --- when people last took part --------------------------------------------------------

    async def last_exchange_ends(self) -> dict[int, datetime]:
        """Person → end of the last day of their last exchange (in any part, any status)."""
        ends = func.max(exchange_days.c.ends_at)
        query = (
            select(*(exchanges.c[p] for p in _PARTIES), ends)
            .join(exchange_days, exchange_days.c.exchange_id == exchanges.c.id)
            .group_by(exchanges.c.id)
        )
        found: dict[int, datetime] = {}
        for row in await self.conn.execute(query):
            *people, ended = row
            for person in people:
                if person is not None and (person not in found or found[person] < ended):
                    found[person] = ended
        return found

    async def last_plan_steps(self) -> dict[int, datetime]:
        query = select(plan_progress.c.person_id, func.max(plan_progress.c.updated_at)).group_by(
            plan_progress.c.person_id
        )
        return {int(p): at for p, at in await self.conn.execute(query)}

    async def last_activity(self) -> dict[int, datetime]:
        """Person → the last time the bot saved their conversation (every message, tap or
        command does), or when they joined if it never did."""
        query = select(users.c.id, users.c.created_at, conversations.c.updated_at).outerjoin(
            conversations, conversations.c.user_id == users.c.id
        )
        return {
            int(p): max(joined, talked) if talked is not None else joined
            for p, joined, talked in await self.conn.execute(query)
        }

    # --- bookkeeping ----------------------------------------------------------------------

    async def states(self) -> dict[int, State]:
        rows = await self.conn.execute(select(retention))
        return {
            r.person_id: State(
                r.person_id, r.warned_at, r.deletes_at, r.kept_at, r.keeps, r.purged_at
            )
            for r in rows
        }

    async def _upsert(self, person_id: int, **values: object) -> None:
        new = {"person_id": person_id, "keeps": 0, **values}
        await self.conn.execute(upsert(self.conn, retention, new, values))

    async def warned(self, person_id: int, now: datetime, deletes_at: datetime) -> None:
        await self._upsert(person_id, warned_at=now, deletes_at=deletes_at)

    async def keep(self, person_id: int, now: datetime) -> None:
        """The person chose to keep their data: the period starts again now."""
        keeps = (
            await self.conn.execute(
                select(retention.c.keeps).where(retention.c.person_id == person_id)
            )
        ).scalar()
        await self._upsert(person_id, kept_at=now, keeps=int(keeps or 0) + 1)

    async def purged(self, person_id: int, now: datetime) -> None:
        await self._upsert(person_id, purged_at=now)

    # --- content ----------------------------------------------------------------------------

    async def counts(self, person_id: int) -> dict[str, int]:
        """Rows per table that a purge of this person would delete (children included)."""
        found: dict[str, int] = {}
        for name, column in {**CONTENT, **ALSO_CLEARED}.items():
            query = select(func.count()).select_from(column.table).where(column == person_id)
            found[name] = int((await self.conn.execute(query)).scalar_one())
        items = (
            select(func.count())
            .select_from(reflection_items.join(reflections))
            .where(reflections.c.author_id == person_id)
        )
        found["reflection_items"] = int((await self.conn.execute(items)).scalar_one())
        given = (
            select(func.count())
            .select_from(answers.join(responses))
            .where(responses.c.user_id == person_id)
        )
        found["answers"] = int((await self.conn.execute(given)).scalar_one())
        return found

    async def media_paths(self, person_id: int) -> list[str]:
        rows = await self.conn.execute(select(media.c.path).where(media.c.user_id == person_id))
        return [str(r[0]) for r in rows]

    async def purge(self, person_id: int) -> None:
        """Delete the person's programme content rows (the caller removes the files)."""
        for column in {**CONTENT, **ALSO_CLEARED}.values():
            await self.conn.execute(delete(column.table).where(column == person_id))


async def checkpoint(db: Database) -> None:
    """Fold the write-ahead log into the database and truncate it, so deleted content does
    not linger in `wegwijzer.db-wal` (SQLite only; other databases need nothing here)."""
    if not db.is_sqlite:
        return
    async with db.engine.connect() as conn:
        raw = await conn.get_raw_connection()
        driver: Any = raw.driver_connection
        cursor = await driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        await cursor.close()
