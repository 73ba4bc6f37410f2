"""Exchanges and their reminder rows change together, in one transaction."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.notices import add_notice
from bot.reminders.plan import (
    Planned,
    Recipient,
    plan_evaluations,
    plan_exchange,
    plan_nudges,
)
from bot.settings import Settings
from conversations.certificate import CERTIFICATE, CERTIFICATE_FOR_EMPLOYER
from conversations.exchange_texts import attendance_choices
from conversations.roles import Role, role_label
from conversations.text import Msg, _, day_span
from storage.attendance import Attendance
from storage.exchanges import Exchange, ExchangeDetails, Exchanges, NewExchange
from storage.people import People
from storage.programmes import Programmes
from storage.reminders import Reminders


class ExchangeError(ValueError):
    """A request that cannot make a valid exchange, worded for the person who made it: in
    English as `str()` (command line, logs), and as `message` in their language (the desk)."""

    def __init__(self, message: Msg) -> None:
        self.message = message
        text = english(message).rstrip(".")
        super().__init__(text[:1].lower() + text[1:])


def english(msg: Msg) -> str:
    """The source text with its parameters filled in (no catalog needed)."""
    values = {k: english(v) if isinstance(v, Msg) else str(v) for k, v in msg.params.items()}
    return msg.msgid.format(**values)


async def _recipients(conn: AsyncConnection, settings: Settings, ids: list[int]) -> list[Recipient]:
    found = []
    for person_id in ids:
        person = await People(conn).get(person_id)
        if person is None:
            raise ExchangeError(_("No person with id {id}.", id=str(person_id)))
        found.append(Recipient(person_id, person.timezone or settings.timezone))
    return found


async def _plan(
    conn: AsyncConnection,
    settings: Settings,
    exchange_id: int,
    now: datetime,
    only: list[int] | None = None,
) -> list[Planned]:
    """Plan the exchange's reminders (`only`: nudges and evaluations of these people)."""
    exchange = await Exchanges(conn).get(exchange_id)
    assert exchange is not None
    people = await _recipients(conn, settings, [exchange.switcher_id, exchange.coach_id])
    planned = plan_exchange(list(exchange.days), people, settings.offsets, settings.quiet, now)
    contacts = [c for c in (exchange.sending_contact_id, exchange.host_contact_id) if c]
    everyone = await _recipients(conn, settings, [*(p.person_id for p in people), *contacts])
    if only is not None:
        planned, everyone = [], [p for p in everyone if p.person_id in only]
    planned += plan_nudges(list(exchange.days), everyone, settings.quiet, now)
    planned += plan_evaluations(
        list(exchange.days), everyone, settings.evaluation_delay, settings.quiet, now
    )
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
        raise ExchangeError(_("An exchange has one or two days."))
    for start, end in days:
        if end <= start:
            raise ExchangeError(_("A day must end after it starts."))
        if start <= now:
            raise ExchangeError(_("An exchange day must be in the future."))


async def _tell(
    conn: AsyncConnection,
    exchange: Exchange,
    text: Msg,
    now: datetime,
    *,
    but: int | None = None,
    ask_attendance: bool = False,
    others: Msg | None = None,
) -> None:
    """A notice to everyone in the exchange (except `but`, who made the change, and a
    coordinator who no longer coordinates its programme); `others` is what those who do not
    attend read instead (walkthrough 26: no "Will you be there?", no agenda, for employers)."""
    for person_id in exchange.participants:
        if person_id == but:
            continue
        if person_id == exchange.coordinator_id and not await Programmes(conn).coordinates(
            person_id, exchange.programme_id
        ):
            continue
        attendee = person_id in (exchange.switcher_id, exchange.coach_id)
        choices = attendance_choices(exchange.id) if ask_attendance and attendee else ()
        said = text if attendee or others is None else others
        await add_notice(conn, person_id, said, now, exchange_id=exchange.id, choices=choices)


async def _programme(
    conn: AsyncConnection, new: NewExchange, roles: list[tuple[int | None, str]], now: datetime
) -> int:
    """The programme the exchange belongs to: one that holds every person in their part and
    that the coordinator coordinates. Nobody is attached across programmes."""
    members = [(who, role) for who, role in roles if who is not None and role != "coordinator"]
    shared = await Programmes(conn).common(members)
    if new.coordinator_id is not None:
        theirs = set(await Programmes(conn).coordinated_by(new.coordinator_id))
        shared = [p for p in shared if p in theirs]
        if not shared:
            raise ExchangeError(
                _(
                    "Not everyone is in a programme that coordinator {id} coordinates.",
                    id=str(new.coordinator_id),
                )
            )
        return shared[0]
    if shared:
        return shared[0]
    found = await Programmes(conn).of_person(new.switcher_id, "switcher")
    return found[0] if found else await Programmes(conn).ensure_default(now)


async def create_exchange(
    conn: AsyncConnection, settings: Settings, new: NewExchange, now: datetime
) -> int:
    _check_days(new.days, now)
    if new.switcher_id == new.coach_id:
        raise ExchangeError(_("The switcher and the learning coach must be two people."))
    roles = [
        (new.switcher_id, "switcher"),
        (new.coach_id, "learning_coach"),
        (new.coordinator_id, "coordinator"),
        (new.sending_contact_id, "employer"),
        (new.host_contact_id, "employer"),
    ]
    for person_id, role in roles:
        if person_id is None:
            continue
        person = await People(conn).get(person_id)
        if person is None or role not in person.roles:
            raise ExchangeError(
                _("Person {id} is not a {role}.", id=str(person_id), role=role_label(Role(role)))
            )
    new = replace(new, programme_id=await _programme(conn, new, roles, now))
    exchange_id = await Exchanges(conn).create(new, now)
    await _plan(conn, settings, exchange_id, now)
    exchange = await Exchanges(conn).get(exchange_id)
    assert exchange is not None
    text = _(
        "You have a new exchange at {place}, starting {when}. See the details, your "
        "preparation checklist and the learning agenda under /exchanges.",
        place=Msg.plain(exchange.place),
        when=min(s for s, _e in exchange.days),
    )
    others = _(
        "You have a new exchange at {place}, starting {when}. See the details and your "
        "preparation checklist under /exchanges.",
        place=Msg.plain(exchange.place),
        when=min(s for s, _e in exchange.days),
    )
    await _tell(
        conn, exchange, text, now, but=new.coordinator_id, ask_attendance=True, others=others
    )
    return exchange_id


async def reschedule_exchange(
    conn: AsyncConnection,
    settings: Settings,
    exchange_id: int,
    days: tuple[tuple[datetime, datetime], ...],
    now: datetime,
    *,
    by: int | None = None,
) -> None:
    """New dates: pending reminders are cancelled and planned again from the new dates."""
    _check_days(days, now)
    exchange = await Exchanges(conn).get(exchange_id)
    if exchange is None or exchange.status in ("cancelled", "done"):
        raise ExchangeError(_("Exchange {id} cannot be rescheduled.", id=str(exchange_id)))
    await Reminders(conn).cancel_pending(exchange_id, "rescheduled")
    await Exchanges(conn).reschedule(exchange_id, days, now)
    await Attendance(conn).clear(exchange_id)
    await _plan(conn, settings, exchange_id, now)
    shown = tuple(day_span(s, e) for s, e in days)  # every day, its date said once
    text = _(
        "Your exchange at {place} has new dates: {days}. Will you be there?",
        place=Msg.plain(exchange.place),
        days=shown,
    )
    others = _("The exchange at {place} has new dates: {days}.", place=Msg.plain(exchange.place),
               days=shown)  # fmt: skip
    await _tell(conn, exchange, text, now, but=by, ask_attendance=True, others=others)


async def edit_exchange(
    conn: AsyncConnection,
    settings: Settings,
    exchange_id: int,
    details: ExchangeDetails,
    now: datetime,
    *,
    by: int | None = None,
) -> None:
    """New place, organisations, notes or employer contacts: a contact added gets their
    checklist nudge and evaluation (one removed is no longer reminded), and everyone is told."""
    exchange = await Exchanges(conn).get(exchange_id)
    if exchange is None or exchange.status in ("cancelled", "done"):
        raise ExchangeError(_("Exchange {id} cannot be changed.", id=str(exchange_id)))
    for contact in (details.sending_contact_id, details.host_contact_id):
        if contact is None:
            continue
        person = await People(conn).get(contact)
        if person is None or "employer" not in person.roles:
            raise ExchangeError(
                _("Person {id} is not a {role}.", id=str(contact), role=role_label(Role.EMPLOYER))
            )
        if exchange.programme_id not in await Programmes(conn).common([(contact, "employer")]):
            raise ExchangeError(
                _("Person {id} is not in the programme of this exchange.", id=str(contact))
            )
    before = {exchange.sending_contact_id, exchange.host_contact_id}
    await Exchanges(conn).set_details(exchange_id, details, now)
    added = [c for c in (details.sending_contact_id, details.host_contact_id) if c not in before]
    if added:
        await _plan(conn, settings, exchange_id, now, only=[c for c in added if c is not None])
    changed = await Exchanges(conn).get(exchange_id)
    assert changed is not None
    text = _(
        "The details of your exchange at {place} on {when} have changed. See them under "
        "/exchanges.",
        place=Msg.plain(changed.place),
        when=min(s for s, _e in changed.days),
    )
    await _tell(conn, changed, text, now, but=by)


async def cancel_exchange(
    conn: AsyncConnection, exchange_id: int, now: datetime, *, by: int | None = None
) -> None:
    """Reminders removed, status cancelled, everyone (but who cancelled) told."""
    exchange = await Exchanges(conn).get(exchange_id)
    if exchange is None or exchange.status in ("cancelled", "done"):
        raise ExchangeError(_("Exchange {id} cannot be cancelled.", id=str(exchange_id)))
    await Reminders(conn).cancel_pending(exchange_id, "exchange cancelled")
    await Exchanges(conn).set_status(exchange_id, "cancelled", now)
    text = _(
        "The exchange at {place} on {when} is cancelled. Your coordinator will contact you "
        "about what happens next.",
        place=Msg.plain(exchange.place),
        when=min(s for s, _e in exchange.days),
    )
    await _tell(conn, exchange, text, now, but=by)


async def issue_certificate(conn: AsyncConnection, exchange_id: int, now: datetime) -> bool:
    """Issue once: mark it and queue its delivery to the switcher and the sending employer
    (rows, like reminders)."""
    exchange = await Exchanges(conn).get(exchange_id)
    if exchange is None or exchange.status == "cancelled":
        raise ExchangeError(_("Exchange {id} has no certificate to issue.", id=str(exchange_id)))
    if not await Exchanges(conn).issue_certificate(exchange_id, now):
        return False
    await Reminders(conn).add(exchange.switcher_id, CERTIFICATE, now, exchange_id=exchange_id)
    if exchange.sending_contact_id is not None:  # their proof of training hours (002:597, 872)
        await Reminders(conn).add(
            exchange.sending_contact_id, CERTIFICATE_FOR_EMPLOYER, now, exchange_id=exchange_id
        )
    return True


async def withdraw_certificate(conn: AsyncConnection, exchange_id: int, now: datetime) -> bool:
    """Take an issued certificate back: unmarked, and not delivered if it is still waiting."""
    if not await Exchanges(conn).withdraw_certificate(exchange_id, now):
        return False
    for row in await Reminders(conn).of_exchange(exchange_id):
        if row.kind == CERTIFICATE and row.status == "pending":
            await Reminders(conn).finish(row.id, "cancelled", now, "certificate withdrawn")
    return True
