"""Exchanges: a switcher learns for one or two days with a learning coach at a host."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.programmes import Programmes, coordinated
from storage.schema import exchange_days, exchanges

STATUSES = ("planned", "confirmed", "done", "cancelled")


@dataclass(frozen=True)
class Exchange:
    id: int
    switcher_id: int
    coach_id: int
    coordinator_id: int | None
    sending_org: str | None
    host_org: str | None
    place: str
    notes: str | None
    status: str
    days: tuple[tuple[datetime, datetime], ...]
    sending_contact_id: int | None = None
    host_contact_id: int | None = None
    intro_call_at: datetime | None = None
    certificate_at: datetime | None = None
    programme_id: int | None = None

    def roles_of(self, person_id: int) -> list[str]:
        """The parts a person plays in this exchange (usually one)."""
        parts = {
            "switcher": self.switcher_id,
            "learning_coach": self.coach_id,
            "sending_employer": self.sending_contact_id,
            "host_employer": self.host_contact_id,
            "coordinator": self.coordinator_id,
        }
        return [role for role, who in parts.items() if who == person_id]

    def involves(self, person_id: int) -> bool:
        return bool(self.roles_of(person_id))

    @property
    def participants(self) -> list[int]:
        """Everyone taking part, each once: switcher, coach, contacts, coordinator."""
        ids = (
            self.switcher_id,
            self.coach_id,
            self.sending_contact_id,
            self.host_contact_id,
            self.coordinator_id,
        )
        return list(dict.fromkeys(i for i in ids if i is not None))


@dataclass(frozen=True)
class NewExchange:
    switcher_id: int
    coach_id: int
    place: str
    days: tuple[tuple[datetime, datetime], ...]
    coordinator_id: int | None = None
    sending_org: str | None = None
    host_org: str | None = None
    notes: str | None = None
    sending_contact_id: int | None = None
    host_contact_id: int | None = None
    programme_id: int | None = None
    learning_place_id: int | None = None  # matched from this learning place


@dataclass(frozen=True)
class ExchangeDetails:
    """What can change in an exchange besides its days and its switcher and coach."""

    place: str
    sending_org: str | None = None
    host_org: str | None = None
    notes: str | None = None
    sending_contact_id: int | None = None
    host_contact_id: int | None = None


def coordinating(person_id: int) -> ColumnElement[bool]:
    """Exchanges this person coordinates *now*: their seat, in a programme they coordinate
    (a removed coordinator role, or an exchange of another programme, gives nothing)."""
    return and_(
        exchanges.c.coordinator_id == person_id,
        exchanges.c.programme_id.in_(coordinated(person_id)),
    )


class Exchanges:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def create(self, new: NewExchange, now: datetime) -> int:
        result = await self.conn.execute(
            insert(exchanges).values(
                switcher_id=new.switcher_id,
                coach_id=new.coach_id,
                coordinator_id=new.coordinator_id,
                sending_org=new.sending_org,
                host_org=new.host_org,
                place=new.place,
                notes=new.notes,
                sending_contact_id=new.sending_contact_id,
                host_contact_id=new.host_contact_id,
                programme_id=new.programme_id,
                learning_place_id=new.learning_place_id,
                status="planned",
                created_at=now,
                updated_at=now,
            )
        )
        exchange_id = int(result.inserted_primary_key[0])  # type: ignore[index]
        await self._set_days(exchange_id, new.days)
        return exchange_id

    async def _set_days(
        self, exchange_id: int, days: tuple[tuple[datetime, datetime], ...]
    ) -> None:
        await self.conn.execute(
            exchange_days.delete().where(exchange_days.c.exchange_id == exchange_id)
        )
        for number, (start, end) in enumerate(sorted(days), start=1):
            await self.conn.execute(
                insert(exchange_days).values(
                    exchange_id=exchange_id, day_no=number, starts_at=start, ends_at=end
                )
            )

    async def reschedule(
        self, exchange_id: int, days: tuple[tuple[datetime, datetime], ...], now: datetime
    ) -> None:
        await self._set_days(exchange_id, days)
        await self.set_status(exchange_id, "planned", now)

    async def set_details(self, exchange_id: int, details: ExchangeDetails, now: datetime) -> None:
        """Place, organisations, notes and employer contacts (days: `reschedule`)."""
        await self.conn.execute(
            update(exchanges)
            .where(exchanges.c.id == exchange_id)
            .values(
                place=details.place,
                sending_org=details.sending_org,
                host_org=details.host_org,
                notes=details.notes,
                sending_contact_id=details.sending_contact_id,
                host_contact_id=details.host_contact_id,
                updated_at=now,
            )
        )

    async def set_status(self, exchange_id: int, status: str, now: datetime) -> None:
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        await self.conn.execute(
            update(exchanges)
            .where(exchanges.c.id == exchange_id)
            .values(status=status, updated_at=now)
        )

    async def set_intro_call(self, exchange_id: int, when: datetime, now: datetime) -> None:
        await self.conn.execute(
            update(exchanges)
            .where(exchanges.c.id == exchange_id)
            .values(intro_call_at=when, updated_at=now)
        )

    async def issue_certificate(self, exchange_id: int, now: datetime) -> bool:
        """Mark the certificate issued; False if it already was (issued once, sent once)."""
        result = await self.conn.execute(
            update(exchanges)
            .where(exchanges.c.id == exchange_id, exchanges.c.certificate_at.is_(None))
            .values(certificate_at=now, updated_at=now)
        )
        return result.rowcount == 1

    async def withdraw_certificate(self, exchange_id: int, now: datetime) -> bool:
        """Unmark an issued certificate; False if none was issued."""
        result = await self.conn.execute(
            update(exchanges)
            .where(exchanges.c.id == exchange_id, exchanges.c.certificate_at.is_not(None))
            .values(certificate_at=None, updated_at=now)
        )
        return result.rowcount == 1

    async def get(self, exchange_id: int) -> Exchange | None:
        found = await self._select(exchanges.c.id == exchange_id)
        return found[0] if found else None

    async def of_person(self, person_id: int) -> list[Exchange]:
        """Only the exchanges a person takes part in or coordinates (see `coordinating`)."""
        return await self._select(
            or_(
                exchanges.c.switcher_id == person_id,
                exchanges.c.coach_id == person_id,
                coordinating(person_id),
                exchanges.c.sending_contact_id == person_id,
                exchanges.c.host_contact_id == person_id,
            )
        )

    async def coordinated_by(self, coordinator_id: int) -> list[Exchange]:
        return await self._select(coordinating(coordinator_id))

    async def all(self) -> list[Exchange]:
        return await self._select(None)

    async def parts_of(self, exchange: Exchange, person_id: int) -> list[str]:
        """The parts a person may act in now: the coordinator seat counts only while they
        coordinate the exchange's programme (checked again at every event)."""
        parts = exchange.roles_of(person_id)
        if "coordinator" in parts and not await Programmes(self.conn).coordinates(
            person_id, exchange.programme_id
        ):
            parts.remove("coordinator")
        return parts

    async def _select(self, where: object) -> list[Exchange]:
        query = select(exchanges).order_by(exchanges.c.id)
        if where is not None:
            query = query.where(where)  # type: ignore[arg-type]
        rows = (await self.conn.execute(query)).all()
        days: dict[int, list[tuple[datetime, datetime]]] = {}
        if rows:  # every exchange's days in one query, not one per exchange
            found = await self.conn.execute(
                select(exchange_days.c.exchange_id, exchange_days.c.starts_at,
                       exchange_days.c.ends_at)
                .where(exchange_days.c.exchange_id.in_([r.id for r in rows]))
                .order_by(exchange_days.c.exchange_id, exchange_days.c.day_no)
            )  # fmt: skip
            for d in found:
                days.setdefault(int(d.exchange_id), []).append((d.starts_at, d.ends_at))
        out = []
        for row in rows:
            out.append(
                Exchange(
                    row.id,
                    row.switcher_id,
                    row.coach_id,
                    row.coordinator_id,
                    row.sending_org,
                    row.host_org,
                    row.place,
                    row.notes,
                    row.status,
                    tuple(days.get(row.id, ())),
                    row.sending_contact_id,
                    row.host_contact_id,
                    row.intro_call_at,
                    row.certificate_at,
                    row.programme_id,
                )
            )
        return out
