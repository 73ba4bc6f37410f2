"""Learning places (draaiboek 5.4): registered by a coordinator or a host employer, matched to
switchers (5.5), paused or retired by the coordinator.

Every listing is filtered in SQL by the programmes a coordinator coordinates, so one
organisation's places never show up in another's matching. What is left of a place's capacity
is its capacity minus the exchanges made from it that are not cancelled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import ColumnElement, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.programmes import coordinated
from storage.schema import exchanges, invites, user_roles
from storage.schema_places import PLACE_STATUSES, learning_places, place_choices
from storage.schema_programmes import programme_members

_lp = learning_places
#: What an edit may change (`Places.update`).
EDITABLE = frozenset(
    """topic host_org site municipality region sector public_transport dates capacity coach_id
    host_contact_id safety exclusions excluded_orgs""".split()
)


@dataclass(frozen=True)
class NewPlace:
    programme_id: int
    topic: str
    host_org: str
    site: str
    municipality: str
    capacity: int = 1
    dates: tuple[tuple[date, date], ...] = ()
    sector: str | None = None
    region: str | None = None
    public_transport: bool | None = None
    coach_id: int | None = None
    host_contact_id: int | None = None
    safety: str | None = None
    exclusions: str | None = None
    excluded_orgs: tuple[str, ...] = ()
    created_by: int | None = None
    #: A new learning coach named by the host, until they confirm (then `coach_id`).
    coach_name: str | None = None


@dataclass(frozen=True)
class Place(NewPlace):
    id: int = 0
    status: str = "open"
    #: Exchanges made from this place that are not cancelled.
    taken: int = 0
    created_at: datetime | None = field(default=None, compare=False)

    @property
    def left(self) -> int:
        return max(0, self.capacity - self.taken)


def _dates(raw: object) -> tuple[tuple[date, date], ...]:
    if not isinstance(raw, list):
        return ()
    return tuple((date.fromisoformat(a), date.fromisoformat(b)) for a, b in raw)


class Places:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def add(self, new: NewPlace, now: datetime) -> int:
        result = await self.conn.execute(
            insert(_lp)
            .values(
                programme_id=new.programme_id,
                topic=new.topic,
                host_org=new.host_org,
                sector=new.sector,
                site=new.site,
                municipality=new.municipality,
                region=new.region,
                public_transport=new.public_transport,
                dates=[[a.isoformat(), b.isoformat()] for a, b in sorted(new.dates)],
                capacity=new.capacity,
                coach_id=new.coach_id,
                host_contact_id=new.host_contact_id,
                safety=new.safety,
                exclusions=new.exclusions,
                excluded_orgs=list(new.excluded_orgs),
                status="open",
                created_by=new.created_by,
                created_at=now,
                updated_at=now,
            )
            .returning(_lp.c.id)
        )
        return int(result.scalar_one())

    async def _read(self, *where: object) -> list[Place]:
        taken = (
            select(func.count(exchanges.c.id))
            .where(exchanges.c.learning_place_id == _lp.c.id, exchanges.c.status != "cancelled")
            .scalar_subquery()
        )
        rows = await self.conn.execute(
            select(_lp, taken.label("taken")).where(*where).order_by(_lp.c.id)  # type: ignore[arg-type]
        )
        return [
            Place(
                programme_id=r.programme_id,
                topic=r.topic,
                host_org=r.host_org,
                site=r.site,
                municipality=r.municipality,
                capacity=r.capacity,
                dates=_dates(r.dates),
                sector=r.sector,
                region=r.region,
                public_transport=r.public_transport,
                coach_id=r.coach_id,
                host_contact_id=r.host_contact_id,
                safety=r.safety,
                exclusions=r.exclusions,
                excluded_orgs=tuple(r.excluded_orgs or ()),
                created_by=r.created_by,
                coach_name=r.coach_name,
                id=r.id,
                status=r.status,
                taken=int(r.taken or 0),
                created_at=r.created_at,
            )
            for r in rows
        ]

    async def get(self, place_id: int) -> Place | None:
        found = await self._read(_lp.c.id == place_id)
        return found[0] if found else None

    async def all(self) -> list[Place]:
        return await self._read()

    async def of_coordinator(self, coordinator_id: int, *, open_only: bool = False) -> list[Place]:
        """The places of the programmes this person coordinates now (open ones only, if asked)."""
        where: list[ColumnElement[bool]] = [_lp.c.programme_id.in_(coordinated(coordinator_id))]
        if open_only:
            where.append(_lp.c.status == "open")
        return await self._read(*where)

    async def of_host(self, person_id: int) -> list[Place]:
        """The places this employer contact hosts or registered."""
        return await self._read(
            (_lp.c.host_contact_id == person_id) | (_lp.c.created_by == person_id)
        )

    async def set_status(self, place_id: int, status: str, now: datetime) -> bool:
        assert status in PLACE_STATUSES
        result = await self.conn.execute(
            update(_lp).where(_lp.c.id == place_id).values(status=status, updated_at=now)
        )
        return bool(result.rowcount)

    async def organisation_of(self, person_id: int) -> str | None:
        """The organisation a person was invited for (the invite's label): a switcher's own
        employer, which matching never offers them as a learning place."""
        row = (
            await self.conn.execute(
                select(invites.c.label)
                .join(user_roles, user_roles.c.invite_code == invites.c.code)
                .where(user_roles.c.user_id == person_id, invites.c.label.is_not(None))
                .order_by(user_roles.c.granted_at.desc())
                .limit(1)
            )
        ).first()
        return str(row[0]) if row else None

    async def open_for_member(self, person_id: int, role: str) -> list[Place]:
        """The open places of the programmes this person belongs to in this role."""
        pm = programme_members
        mine = select(pm.c.programme_id).where(pm.c.user_id == person_id, pm.c.role == role)
        return await self._read(_lp.c.programme_id.in_(mine), _lp.c.status == "open")

    async def choices(self, switcher_ids: set[int]) -> dict[int, tuple[int, ...]]:
        """Each switcher's top 3 (place ids, most wanted first)."""
        found: dict[int, list[int]] = {}
        rows = await self.conn.execute(
            select(place_choices.c.switcher_id, place_choices.c.place_id)
            .where(place_choices.c.switcher_id.in_(switcher_ids))
            .order_by(place_choices.c.switcher_id, place_choices.c.rank)
        )
        for switcher_id, place_id in rows:
            found.setdefault(int(switcher_id), []).append(int(place_id))
        return {k: tuple(v) for k, v in found.items()}

    async def set_choices(
        self, switcher_id: int, place_ids: tuple[int, ...], now: datetime
    ) -> None:
        """Replace the switcher's top 3."""
        await self.conn.execute(
            delete(place_choices).where(place_choices.c.switcher_id == switcher_id)
        )
        for rank, place_id in enumerate(place_ids[:3], start=1):
            await self.conn.execute(
                insert(place_choices).values(
                    switcher_id=switcher_id, rank=rank, place_id=place_id, chosen_at=now
                )
            )

    async def set_coach_invite(self, place_id: int, name: str, code: str, now: datetime) -> None:
        """A new learning coach named for the place, invited with `code`."""
        await self.conn.execute(
            update(_lp)
            .where(_lp.c.id == place_id)
            .values(coach_name=name, coach_invite=code, updated_at=now)
        )

    async def by_coach_invite(self, code: str) -> Place | None:
        found = await self._read(_lp.c.coach_invite == code)
        return found[0] if found else None

    async def set_coach(self, place_id: int, coach_id: int, now: datetime) -> None:
        await self.conn.execute(
            update(_lp).where(_lp.c.id == place_id).values(coach_id=coach_id, updated_at=now)
        )

    async def invite_of(self, person_id: int, role: str) -> str | None:
        """The invite code this person got `role` with."""
        row = (
            await self.conn.execute(
                select(user_roles.c.invite_code).where(
                    user_roles.c.user_id == person_id, user_roles.c.role == role
                )
            )
        ).first()
        return str(row[0]) if row and row[0] else None

    async def coach_invite_of(self, place_id: int) -> str | None:
        row = (
            await self.conn.execute(select(_lp.c.coach_invite).where(_lp.c.id == place_id))
        ).first()
        return str(row[0]) if row and row[0] else None

    async def update(self, place_id: int, changes: dict[str, object], now: datetime) -> bool:
        """Change what is given (keys: the columns of `NewPlace`, `dates` as ranges)."""
        assert set(changes) <= EDITABLE, set(changes) - EDITABLE
        values = dict(changes)
        if "dates" in values:
            ranges = values["dates"]
            assert isinstance(ranges, tuple)
            values["dates"] = [[a.isoformat(), b.isoformat()] for a, b in sorted(ranges)]
        if "excluded_orgs" in values:
            values["excluded_orgs"] = list(values["excluded_orgs"])  # type: ignore[call-overload]
        result = await self.conn.execute(
            update(_lp).where(_lp.c.id == place_id).values(**values, updated_at=now)
        )
        return bool(result.rowcount)
