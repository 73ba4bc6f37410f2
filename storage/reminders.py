"""Reminder rows: the source of truth. Claiming a row and recording the attempt is one
conditional update, so a reminder is sent at most once even if the process dies mid-send."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import String, cast, delete, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.dialect import notify_reminders
from storage.schema import reminders

#: Payload keys that are ids, kept once a row is done with (a button's offer, a return session).
KEPT_AFTER_DELIVERY = ("offer_id", "session_id")
#: A row in one of these states is never sent (again): its text is no longer needed. A "failed"
#: row keeps it, in case a later version retries failed sends.
DONE = ("sent", "skipped", "cancelled", "interrupted")


def scrubbed(payload: dict[str, Any] | None) -> dict[str, Any] | None:
    """What a row keeps once it was sent or skipped: ids only, no text about anyone (a notice
    names people by id, but may quote them; a delivered copy lives in the chat already)."""
    if not payload:
        return payload
    kept: dict[str, Any] = {k: payload[k] for k in KEPT_AFTER_DELIVERY if k in payload}
    choices = payload.get("choices")
    if isinstance(choices, list) and choices:
        kept["choices"] = [{"id": c["id"]} for c in choices if isinstance(c, dict) and "id" in c]
    return kept


@dataclass(frozen=True)
class Reminder:
    id: int
    exchange_id: int | None
    person_id: int
    kind: str
    due_at: datetime
    event_at: datetime | None
    status: str
    note: str | None
    payload: dict[str, Any] | None = None
    attempts: int = 0
    retry_until: datetime | None = None


class Reminders:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def add(
        self,
        person_id: int,
        kind: str,
        due_at: datetime,
        *,
        exchange_id: int | None = None,
        event_at: datetime | None = None,
        status: str = "pending",
        note: str | None = None,
        payload: dict[str, Any] | None = None,
    ) -> int:
        result = await self.conn.execute(
            insert(reminders).values(
                exchange_id=exchange_id,
                person_id=person_id,
                kind=kind,
                due_at=due_at,
                event_at=event_at,
                status=status,
                note=note,
                payload=payload,
            )
        )
        await notify_reminders(self.conn)  # any worker may deliver it (PostgreSQL)
        return int(result.inserted_primary_key[0])  # type: ignore[index]

    async def get(self, reminder_id: int) -> Reminder | None:
        row = (
            await self.conn.execute(select(reminders).where(reminders.c.id == reminder_id))
        ).first()
        return _reminder(row) if row else None

    async def pending(self, until: datetime | None = None) -> list[Reminder]:
        """Rows waiting to go out, soonest first; with `until`, only those due by then (the
        scheduler looks minutes ahead: never a scan of a million rows planned for next year)."""
        query = select(reminders).where(reminders.c.status == "pending")
        if until is not None:
            query = query.where(reminders.c.due_at <= until)
        rows = await self.conn.execute(query.order_by(reminders.c.due_at))
        return [_reminder(r) for r in rows]

    async def of_exchange(self, exchange_id: int) -> list[Reminder]:
        rows = await self.conn.execute(
            select(reminders)
            .where(reminders.c.exchange_id == exchange_id)
            .order_by(reminders.c.due_at, reminders.c.person_id)
        )
        return [_reminder(r) for r in rows]

    async def interrupted(self, now: datetime, *, expired_only: bool = False) -> list[int]:
        """Rows a previous process claimed but never finished: maybe sent, so never again.
        `expired_only` (several workers): only rows whose worker's lease ran out; the others
        are being sent by a live worker right now."""
        query = select(reminders.c.id).where(reminders.c.status == "sending")
        if expired_only:
            query = query.where(
                or_(reminders.c.lease_until.is_(None), reminders.c.lease_until < now)
            )
        rows = await self.conn.execute(query)
        ids = [int(r[0]) for r in rows]
        if ids:
            await self.conn.execute(
                update(reminders)
                .where(reminders.c.id.in_(ids))
                .values(status="interrupted", note="the bot stopped while sending; not resent")
            )
            for reminder_id in ids:
                await self._scrub(reminder_id)
        return ids

    async def move(self, reminder_id: int, due_at: datetime, note: str) -> None:
        """A pending row due at a later moment (e.g. out of quiet hours at delivery time)."""
        await self.conn.execute(
            update(reminders)
            .where(reminders.c.id == reminder_id, reminders.c.status == "pending")
            .values(due_at=due_at, note=note)
        )

    async def of_person(self, person_id: int) -> list[Reminder]:
        rows = await self.conn.execute(
            select(reminders).where(reminders.c.person_id == person_id).order_by(reminders.c.id)
        )
        return [_reminder(r) for r in rows]

    async def claim(
        self,
        reminder_id: int,
        now: datetime,
        *,
        worker: str | None = None,
        lease: timedelta | None = None,
    ) -> bool:
        """Take a pending row for sending; False if someone (or an earlier life) took it.
        With `worker` (several workers): not a row another live worker holds the lease of; the
        row stays theirs for `lease` while it is sent."""
        query = update(reminders).where(
            reminders.c.id == reminder_id, reminders.c.status == "pending"
        )
        values: dict[str, Any] = {"status": "sending", "claimed_at": now}
        if worker is not None:
            query = query.where(
                or_(
                    reminders.c.claimed_by.is_(None),
                    reminders.c.claimed_by == worker,
                    reminders.c.lease_until < now,
                )
            )
            values.update(claimed_by=worker, lease_until=now + (lease or timedelta(0)))
        result = await self.conn.execute(query.values(**values))
        return result.rowcount == 1

    async def finish(
        self, reminder_id: int, status: str, now: datetime, note: str | None = None
    ) -> None:
        await self.conn.execute(
            update(reminders)
            .where(reminders.c.id == reminder_id)
            .values(status=status, sent_at=now if status == "sent" else None, note=note)
        )
        if status in DONE:
            await self._scrub(reminder_id)

    async def _scrub(self, reminder_id: int) -> None:
        row = (
            await self.conn.execute(
                select(reminders.c.payload).where(reminders.c.id == reminder_id)
            )
        ).first()
        if row is not None and row.payload:
            await self.conn.execute(
                update(reminders)
                .where(reminders.c.id == reminder_id)
                .values(payload=scrubbed(row.payload))
            )

    async def with_text(self, people: set[int]) -> list[Reminder]:
        """Rows for these people whose payload still holds a message (for erasure: who is
        named or quoted). Finished rows were scrubbed to ids (`scrubbed`)."""
        text = cast(reminders.c.payload, String)
        rows = await self.conn.execute(
            select(reminders).where(
                reminders.c.person_id.in_(people),
                or_(text.like('%"text"%'), text.like('%"quoting"%')),
            )
        )
        return [_reminder(r) for r in rows]

    async def set_payload(self, reminder_id: int, payload: dict[str, Any] | None) -> None:
        await self.conn.execute(
            update(reminders).where(reminders.c.id == reminder_id).values(payload=payload)
        )

    async def delete(self, reminder_id: int) -> None:
        await self.conn.execute(delete(reminders).where(reminders.c.id == reminder_id))

    async def retry(
        self, reminder_id: int, due_at: datetime, retry_until: datetime, note: str
    ) -> None:
        """A claimed row whose send failed for a passing reason: pending again, later."""
        await self.conn.execute(
            update(reminders)
            .where(reminders.c.id == reminder_id, reminders.c.status == "sending")
            .values(
                status="pending",
                due_at=due_at,
                claimed_at=None,
                claimed_by=None,
                lease_until=None,
                attempts=reminders.c.attempts + 1,
                retry_until=retry_until,
                note=note,
            )
        )

    async def send_again(self, reminder_id: int, now: datetime, note: str) -> bool:
        """A failed row (it keeps its text) goes out again at once; False for any other."""
        result = await self.conn.execute(
            update(reminders)
            .where(reminders.c.id == reminder_id, reminders.c.status == "failed")
            .values(status="pending", due_at=now, claimed_at=None, attempts=0,
                    retry_until=None, note=note, claimed_by=None, lease_until=None)
        )  # fmt: skip
        return bool(result.rowcount == 1)

    async def cancel_pending(self, exchange_id: int, note: str) -> list[int]:
        """Cancel the reminders not sent yet (reschedule or cancellation); their ids.
        Notices already on their way (e.g. "you have a new exchange") still go out."""
        rows = await self.conn.execute(
            select(reminders.c.id).where(
                reminders.c.exchange_id == exchange_id,
                reminders.c.status == "pending",
                reminders.c.kind != "notice",
            )
        )
        ids = [int(r[0]) for r in rows]
        if ids:
            await self.conn.execute(
                update(reminders)
                .where(reminders.c.id.in_(ids))
                .values(status="cancelled", note=note)
            )
        return ids


def _reminder(row: Any) -> Reminder:
    return Reminder(
        row.id,
        row.exchange_id,
        row.person_id,
        row.kind,
        row.due_at,
        row.event_at,
        row.status,
        row.note,
        row.payload,
        row.attempts,
        row.retry_until,
    )
