"""Exchanges and their reminder rows change together, in one transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.reminders.plan import Planned, Recipient, plan_exchange
from bot.settings import Settings
from storage.exchanges import Exchanges, NewExchange
from storage.people import People
from storage.reminders import Reminders


class ExchangeError(ValueError):
    """A request that cannot make a valid exchange, worded for the person who made it."""


async def _recipients(conn: AsyncConnection, settings: Settings, ids: list[int]) -> list[Recipient]:
    found = []
    for person_id in ids:
        person = await People(conn).get(person_id)
        if person is None:
            raise ExchangeError(f"no person with id {person_id}")
        found.append(Recipient(person_id, person.timezone or settings.timezone))
    return found


async def _plan(
    conn: AsyncConnection, settings: Settings, exchange_id: int, now: datetime
) -> list[Planned]:
    exchange = await Exchanges(conn).get(exchange_id)
    assert exchange is not None
    people = await _recipients(conn, settings, [exchange.switcher_id, exchange.coach_id])
    planned = plan_exchange(list(exchange.days), people, settings.offsets, settings.quiet, now)
    for p in planned:
        await Reminders(conn).add(
            p.person_id,
            p.kind,
            p.due_at,
            exchange_id=exchange_id,
            event_at=p.event_at,
            status=p.status,
            note=p.note,
        )
    return planned


def _check_days(days: tuple[tuple[datetime, datetime], ...], now: datetime) -> None:
    if not 1 <= len(days) <= 2:
        raise ExchangeError("an exchange has one or two days")
    for start, end in days:
        if end <= start:
            raise ExchangeError("a day must end after it starts")
        if start <= now:
            raise ExchangeError("an exchange day must be in the future")


async def create_exchange(
    conn: AsyncConnection, settings: Settings, new: NewExchange, now: datetime
) -> int:
    _check_days(new.days, now)
    if new.switcher_id == new.coach_id:
        raise ExchangeError("the switcher and the learning coach must be two people")
    roles = {
        new.switcher_id: "switcher",
        new.coach_id: "learning_coach",
        **({new.coordinator_id: "coordinator"} if new.coordinator_id is not None else {}),
    }
    for person_id, role in roles.items():
        person = await People(conn).get(person_id)
        if person is None or role not in person.roles:
            raise ExchangeError(f"person {person_id} is not a {role.replace('_', ' ')}")
    exchange_id = await Exchanges(conn).create(new, now)
    await _plan(conn, settings, exchange_id, now)
    return exchange_id


async def reschedule_exchange(
    conn: AsyncConnection,
    settings: Settings,
    exchange_id: int,
    days: tuple[tuple[datetime, datetime], ...],
    now: datetime,
) -> None:
    """New dates: pending reminders are cancelled and planned again from the new dates."""
    _check_days(days, now)
    await Reminders(conn).cancel_pending(exchange_id, "rescheduled")
    await Exchanges(conn).reschedule(exchange_id, days, now)
    await _plan(conn, settings, exchange_id, now)


async def cancel_exchange(conn: AsyncConnection, exchange_id: int, now: datetime) -> None:
    await Reminders(conn).cancel_pending(exchange_id, "exchange cancelled")
    await Exchanges(conn).set_status(exchange_id, "cancelled", now)
