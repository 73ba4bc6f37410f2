"""Mentors and career coaches (supporters): their profile, the requests newcomers make, the
offers made to supporters one at a time, and the meetings and ratings that follow."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.dialect import upsert
from storage.schema_newcomers import (
    match_offers,
    match_requests,
    support_meetings,
    support_ratings,
    supporters,
)

#: Requests that still take up a supporter's capacity or wait for one.
OPEN_REQUESTS = ("searching", "proposed", "accepted")


@dataclass(frozen=True)
class Supporter:
    person_id: int
    kinds: tuple[str, ...]
    sectors: tuple[str, ...]
    languages: tuple[str, ...]
    region: str
    capacity: int
    contact: str | None


@dataclass(frozen=True)
class Request:
    id: int
    newcomer_id: int
    kind: str
    step_id: str | None
    status: str
    contact: str | None
    created_at: datetime


@dataclass(frozen=True)
class Offer:
    id: int
    request_id: int
    supporter_id: int
    status: str
    offered_at: datetime


@dataclass(frozen=True)
class Meeting:
    id: int
    request_id: int
    met_on: date
    note: str | None


class Supporters:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    # --- profiles ---------------------------------------------------------------------------

    async def save(self, profile: Supporter, now: datetime) -> None:
        values = {
            "kinds": list(profile.kinds),
            "sectors": list(profile.sectors),
            "languages": list(profile.languages),
            "region": profile.region,
            "capacity": profile.capacity,
            "contact": profile.contact,
            "updated_at": now,
        }
        new = {"person_id": profile.person_id, **values}
        await self.conn.execute(upsert(self.conn, supporters, new, values))

    async def get(self, person_id: int) -> Supporter | None:
        row = (
            await self.conn.execute(select(supporters).where(supporters.c.person_id == person_id))
        ).first()
        return _supporter(row) if row else None

    async def all(self) -> list[Supporter]:
        rows = await self.conn.execute(select(supporters).order_by(supporters.c.person_id))
        return [_supporter(r) for r in rows]

    async def lock(self, supporter_id: int) -> Supporter | None:
        """Their profile, its row locked until commit (PostgreSQL; SQLite's writer lock already
        serialises): two offers decided at once see each other's load."""
        row = (
            await self.conn.execute(
                select(supporters).where(supporters.c.person_id == supporter_id).with_for_update()
            )
        ).first()
        return _supporter(row) if row else None

    async def load(self, supporter_id: int) -> int:
        """Requests a supporter carries now (accepted and still open)."""
        result = await self.conn.execute(
            select(func.count())
            .select_from(match_offers.join(match_requests))
            .where(
                match_offers.c.supporter_id == supporter_id,
                match_offers.c.status == "accepted",
                match_requests.c.status == "accepted",
            )
        )
        return int(result.scalar_one())

    # --- requests and offers ----------------------------------------------------------------

    async def request(
        self, newcomer_id: int, kind: str, step_id: str | None, contact: str | None, now: datetime
    ) -> int:
        result = await self.conn.execute(
            insert(match_requests)
            .values(
                newcomer_id=newcomer_id,
                kind=kind,
                step_id=step_id,
                status="searching",
                contact=contact,
                created_at=now,
                updated_at=now,
            )
            .returning(match_requests.c.id)
        )
        return int(result.scalar_one())

    async def get_request(self, request_id: int) -> Request | None:
        row = (
            await self.conn.execute(select(match_requests).where(match_requests.c.id == request_id))
        ).first()
        return _request(row) if row else None

    async def requests_of(self, newcomer_id: int) -> list[Request]:
        rows = await self.conn.execute(
            select(match_requests)
            .where(match_requests.c.newcomer_id == newcomer_id)
            .order_by(match_requests.c.id)
        )
        return [_request(r) for r in rows]

    async def requests_with_status(self, status: str) -> list[Request]:
        rows = await self.conn.execute(
            select(match_requests)
            .where(match_requests.c.status == status)
            .order_by(match_requests.c.id)
        )
        return [_request(r) for r in rows]

    async def set_request(self, request_id: int, status: str, now: datetime) -> None:
        await self.conn.execute(
            update(match_requests)
            .where(match_requests.c.id == request_id)
            .values(status=status, updated_at=now)
        )

    async def offer(self, request_id: int, supporter_id: int, now: datetime) -> int:
        result = await self.conn.execute(
            insert(match_offers)
            .values(
                request_id=request_id, supporter_id=supporter_id, status="pending", offered_at=now
            )
            .returning(match_offers.c.id)
        )
        return int(result.scalar_one())

    async def get_offer(self, offer_id: int) -> Offer | None:
        row = (
            await self.conn.execute(select(match_offers).where(match_offers.c.id == offer_id))
        ).first()
        return _offer(row) if row else None

    async def offers_of_request(self, request_id: int) -> list[Offer]:
        rows = await self.conn.execute(
            select(match_offers)
            .where(match_offers.c.request_id == request_id)
            .order_by(match_offers.c.id)
        )
        return [_offer(r) for r in rows]

    async def offers_to(self, supporter_id: int) -> list[Offer]:
        rows = await self.conn.execute(
            select(match_offers)
            .where(match_offers.c.supporter_id == supporter_id)
            .order_by(match_offers.c.id)
        )
        return [_offer(r) for r in rows]

    async def answer_offer(self, offer_id: int, status: str, now: datetime) -> bool:
        """Pending → accepted / declined / expired, once: False if already answered."""
        result = await self.conn.execute(
            update(match_offers)
            .where(match_offers.c.id == offer_id, match_offers.c.status == "pending")
            .values(status=status, answered_at=now)
        )
        return result.rowcount == 1

    # --- after a match ----------------------------------------------------------------------

    async def log_meeting(
        self, request_id: int, supporter_id: int, met_on: date, note: str | None, now: datetime
    ) -> None:
        await self.conn.execute(
            insert(support_meetings).values(
                request_id=request_id, supporter_id=supporter_id, met_on=met_on, note=note,
                created_at=now,
            )
        )  # fmt: skip

    async def meetings(self, request_id: int) -> list[Meeting]:
        rows = await self.conn.execute(
            select(support_meetings)
            .where(support_meetings.c.request_id == request_id)
            .order_by(support_meetings.c.met_on, support_meetings.c.id)
        )
        return [Meeting(r.id, r.request_id, r.met_on, r.note) for r in rows]

    async def rate(self, request_id: int, rating: int, comment: str | None, now: datetime) -> None:
        values = {"rating": rating, "comment": comment, "created_at": now}
        new = {"request_id": request_id, **values}
        await self.conn.execute(upsert(self.conn, support_ratings, new, values))

    async def rating(self, request_id: int) -> int | None:
        row = (
            await self.conn.execute(
                select(support_ratings.c.rating).where(support_ratings.c.request_id == request_id)
            )
        ).first()
        return int(row[0]) if row else None


def _supporter(r: Any) -> Supporter:
    return Supporter(
        r.person_id,
        tuple(r.kinds),
        tuple(r.sectors),
        tuple(r.languages),
        r.region,
        r.capacity,
        r.contact,
    )


def _request(r: Any) -> Request:
    return Request(r.id, r.newcomer_id, r.kind, r.step_id, r.status, r.contact, r.created_at)


def _offer(r: Any) -> Offer:
    return Offer(r.id, r.request_id, r.supporter_id, r.status, r.offered_at)
