"""`wegwijzer exchange create|list|reschedule|edit|cancel`: exchanges from the command line.

Everyone involved is told through the running bot (notices are rows it picks up within its
sync interval); reminders move with new dates and disappear with a cancellation."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.app import App
from bot.cli_args import fits
from bot.cli_programme import check_coordinator
from bot.reminders.service import (
    ExchangeError,
    cancel_exchange,
    create_exchange,
    edit_exchange,
    reschedule_exchange,
)
from bot.settings import ConfigError
from conversations.exchange_texts import NOTICE
from storage.exchanges import ExchangeDetails, Exchanges, NewExchange
from storage.people import People
from storage.reminders import Reminders
from storage.schema import exchanges


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    exchange = sub.add_parser("exchange", help="plan and list exchanges")
    exchange_sub = exchange.add_subparsers(dest="exchange_command", required=True)
    create = exchange_sub.add_parser("create", help="plan an exchange and its reminders")
    create.add_argument("--switcher", type=int, required=True, metavar="PERSON_ID")
    create.add_argument("--coach", type=int, required=True, metavar="PERSON_ID")
    create.add_argument("--coordinator", type=int, metavar="PERSON_ID")
    create.add_argument("--start", required=True, help="ISO 8601 local, e.g. 2026-12-03T09:00")
    create.add_argument("--end", required=True, help="end of day 1, e.g. 2026-12-03T16:30")
    create.add_argument("--start2", help="start of an optional second day")
    create.add_argument("--end2", help="end of the second day")
    create.add_argument(
        "--place", required=True, type=fits(exchanges.c.place), help="address of the learning place"
    )
    create.add_argument("--sending-org", type=fits(exchanges.c.sending_org))
    create.add_argument("--host-org", type=fits(exchanges.c.host_org))
    create.add_argument("--notes", help="practical notes: safety instructions, what to bring")
    create.add_argument(
        "--sending-contact",
        type=int,
        metavar="PERSON_ID",
        help="the sending employer's contact person (role employer)",
    )
    create.add_argument(
        "--host-contact",
        type=int,
        metavar="PERSON_ID",
        help="the host employer's contact person (role employer)",
    )
    listing = exchange_sub.add_parser("list", help="every exchange with its status and days")
    listing.add_argument(
        "--coordinator",
        type=int,
        metavar="PERSON_ID",
        help="only the exchanges this coordinator coordinates, in their programmes",
    )
    move = exchange_sub.add_parser("reschedule", help="new dates; reminders move, all are told")
    move.add_argument("exchange_id", type=int)
    move.add_argument("--start", required=True)
    move.add_argument("--end", required=True)
    move.add_argument("--start2")
    move.add_argument("--end2")
    edit = exchange_sub.add_parser(
        "edit", help="new place, organisations, notes or employer contacts; all are told"
    )
    edit.add_argument("exchange_id", type=int)
    edit.add_argument("--place")
    edit.add_argument("--sending-org")
    edit.add_argument("--host-org")
    edit.add_argument("--notes")
    edit.add_argument("--sending-contact", type=int, metavar="PERSON_ID", help="0: nobody")
    edit.add_argument("--host-contact", type=int, metavar="PERSON_ID", help="0: nobody")
    cancel = exchange_sub.add_parser("cancel", help="cancel; reminders removed, all are told")
    cancel.add_argument("exchange_id", type=int)  # fmt: skip


def _moment(value: str, option: str, timezone: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{option}: not an ISO 8601 date-time (e.g. 2026-12-03T09:00)") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ZoneInfo(timezone))
    return parsed.astimezone(UTC)


def _days(args: argparse.Namespace, tz: str) -> list[tuple[datetime, datetime]]:
    days = [(_moment(args.start, "--start", tz), _moment(args.end, "--end", tz))]
    if args.start2 or args.end2:
        if not (args.start2 and args.end2):
            raise ConfigError("--start2/--end2: give both for a second day")
        days.append((_moment(args.start2, "--start2", tz), _moment(args.end2, "--end2", tz)))
    return days


async def run(app: App, args: argparse.Namespace) -> int:
    tz = app.settings.timezone
    if args.exchange_command == "list":
        async with app.db.transaction() as conn:
            if args.coordinator is None:
                found = await Exchanges(conn).all()
            else:
                await check_coordinator(conn, args.coordinator, "--coordinator")
                found = await Exchanges(conn).coordinated_by(args.coordinator)
            ids = {i for e in found for i in (e.switcher_id, e.coach_id)}
            names = {i: (p.name if (p := await People(conn).get(i)) else None) for i in ids}
        for e in found:  # names and the certificate, not bare numbers (walkthrough 32)
            shown = ", ".join(
                f"{s.astimezone(ZoneInfo(tz)):%Y-%m-%d %H:%M}-{t.astimezone(ZoneInfo(tz)):%H:%M}"
                for s, t in e.days
            )
            who = f"switcher {names[e.switcher_id] or '?'} ({e.switcher_id})"
            coach = f"coach {names[e.coach_id] or '?'} ({e.coach_id})"
            cert = "  certificate issued" if e.certificate_at else ""
            print(f"{e.id}  {e.status:<9}  {who}  {coach}  {shown}  {e.place}{cert}")
        return 0
    if args.exchange_command == "cancel":
        async with app.db.transaction() as conn:
            try:
                await cancel_exchange(conn, args.exchange_id, datetime.now(UTC))
            except ExchangeError as exc:
                raise ConfigError(f"exchange: {exc}") from None
        print(f"Exchange {args.exchange_id} cancelled; everyone involved will be told.")
        return 0
    if args.exchange_command == "edit":
        return await _edit(app, args)
    days = _days(args, tz)
    if args.exchange_command == "reschedule":
        async with app.db.transaction() as conn:
            try:
                await reschedule_exchange(
                    conn, app.settings, args.exchange_id, tuple(days), datetime.now(UTC)
                )
            except ExchangeError as exc:
                raise ConfigError(f"exchange: {exc}") from None
        print(f"Exchange {args.exchange_id} rescheduled; reminders moved, everyone will be told.")
        return 0
    new = NewExchange(
        args.switcher,
        args.coach,
        args.place,
        tuple(days),
        args.coordinator,
        args.sending_org,
        args.host_org,
        args.notes,
        args.sending_contact,
        args.host_contact,
    )
    async with app.db.transaction() as conn:
        try:
            exchange_id = await create_exchange(conn, app.settings, new, datetime.now(UTC))
        except ExchangeError as exc:
            raise ConfigError(f"exchange: {exc}") from None
        planned = await Reminders(conn).of_exchange(exchange_id)
    pending = sum(r.status == "pending" and r.kind != NOTICE for r in planned)
    told = sum(r.kind == NOTICE for r in planned)
    print(f"Exchange {exchange_id} planned; {pending} reminders scheduled; {told} people told.")
    return 0


async def _edit(app: App, args: argparse.Namespace) -> int:
    """Only what is given changes; the same service as the desk (`edit_exchange`)."""
    async with app.db.transaction() as conn:
        current = await Exchanges(conn).get(args.exchange_id)
        if current is None:
            raise ConfigError(f"exchange: no exchange {args.exchange_id}")

        def pick(given: int | None, now: int | None) -> int | None:
            return now if given is None else (given or None)

        details = ExchangeDetails(
            args.place if args.place is not None else current.place,
            args.sending_org if args.sending_org is not None else current.sending_org,
            args.host_org if args.host_org is not None else current.host_org,
            args.notes if args.notes is not None else current.notes,
            pick(args.sending_contact, current.sending_contact_id),
            pick(args.host_contact, current.host_contact_id),
        )
        try:
            await edit_exchange(conn, app.settings, args.exchange_id, details, datetime.now(UTC))
        except ExchangeError as exc:
            raise ConfigError(f"exchange: {exc}") from None
    print(f"Exchange {args.exchange_id} changed; everyone involved will be told.")
    return 0
