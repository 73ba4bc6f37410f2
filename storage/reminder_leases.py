"""Reminder rows shared by several workers on PostgreSQL (issue 18 item 3).

A worker takes a batch of due rows with `SELECT … FOR UPDATE SKIP LOCKED` and marks them as its
own until a lease runs out (`claimed_by`, `lease_until`): two workers never take the same row at
the same moment, and a row a dead worker had taken is free again once its lease has passed.
Sending itself still goes through the conditional claim (pending → sending, `Reminders.claim`),
so a row is sent at most once whatever the leases say; a row left *sending* by a dead worker is
marked *interrupted* once its lease has run out, never resent.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.schema import identities, reminders
from storage.types import UTCDateTime


class Leases:
    def __init__(self, conn: AsyncConnection, worker: str) -> None:
        self.conn, self.worker = conn, worker

    async def take(
        self, now: datetime, lease: timedelta, limit: int, platforms: Collection[str] = ()
    ) -> list[int]:
        """Up to `limit` due pending rows that no live lease holds, now this worker's, in the
        order they are due. With `platforms` (the transports this worker runs), only rows for
        people reachable on one of them, or on none at all (to be skipped): a Matrix person's
        notice waits for the worker that leads the Matrix sync instead of sitting under
        another's lease."""
        free = or_(reminders.c.lease_until.is_(None), reminders.c.lease_until < now)
        ours = [reminders.c.status == "pending", reminders.c.due_at <= now, free]
        ours += _reachable(platforms)
        picked = (
            select(reminders.c.id)
            .where(*ours)
            .order_by(reminders.c.due_at, reminders.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        result = await self.conn.execute(
            update(reminders)
            .where(reminders.c.id.in_(picked.scalar_subquery()))
            .values(claimed_by=self.worker, lease_until=now + lease)
            .returning(reminders.c.id, reminders.c.due_at)
        )
        return [int(row.id) for row in sorted(result, key=lambda r: (r.due_at, r.id))]

    async def release(self, ids: list[int]) -> None:
        """Rows this worker took but will not send (it is stopping): free for the others now."""
        if ids:
            await self.conn.execute(
                update(reminders)
                .where(
                    reminders.c.id.in_(ids),
                    reminders.c.status == "pending",
                    reminders.c.claimed_by == self.worker,
                )
                .values(claimed_by=None, lease_until=None)
            )

    async def next_moment(self, platforms: Collection[str] = ()) -> datetime | None:
        """When there may be something to do: the soonest due pending row it may take (or the
        end of its lease, when later), or the end of the lease of a row left *sending*."""
        pending = select(
            func.min(func.greatest(reminders.c.due_at, func.coalesce(
                reminders.c.lease_until, reminders.c.due_at), type_=UTCDateTime()))
        ).where(reminders.c.status == "pending", *_reachable(platforms))  # fmt: skip
        sending = select(func.min(reminders.c.lease_until)).where(
            reminders.c.status == "sending"
        )
        found = [
            await self.conn.scalar(pending),
            await self.conn.scalar(sending),
        ]
        moments = [m for m in found if m is not None]
        return min(moments) if moments else None


def _reachable(platforms: Collection[str]) -> list[ColumnElement[bool]]:
    """Rows for people reachable on one of `platforms`, or on none (to be skipped); no
    condition without platforms."""
    if not platforms:
        return []
    of_person = identities.c.user_id == reminders.c.person_id
    return [
        or_(
            exists().where(of_person, identities.c.platform.in_(sorted(platforms))),
            ~exists().where(of_person),
        )
    ]
