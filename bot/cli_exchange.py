"""`wegwijzer exchange create|list`: coordinators set up exchanges from the command line."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.app import App
from bot.reminders.service import ExchangeError, create_exchange
from bot.settings import ConfigError
from conversations.exchange_texts import NOTICE
from storage.exchanges import Exchanges, NewExchange
from storage.reminders import Reminders


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
    create.add_argument("--place", required=True, help="address of the learning place")
    create.add_argument("--sending-org")
    create.add_argument("--host-org")
    create.add_argument("--notes", help="practical notes: safety instructions, what to bring")
    exchange_sub.add_parser("list", help="every exchange with its status and days")


def _moment(value: str, option: str, timezone: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{option}: not an ISO 8601 date-time (e.g. 2026-12-03T09:00)") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ZoneInfo(timezone))
    return parsed.astimezone(UTC)


async def run(app: App, args: argparse.Namespace) -> int:
    tz = app.settings.timezone
    if args.exchange_command == "list":
        async with app.db.transaction() as conn:
            found = await Exchanges(conn).all()
        for e in found:
            shown = ", ".join(
                f"{s.astimezone(ZoneInfo(tz)):%Y-%m-%d %H:%M}-{t.astimezone(ZoneInfo(tz)):%H:%M}"
                for s, t in e.days
            )
            print(
                f"{e.id}  {e.status:<9}  switcher {e.switcher_id}  coach {e.coach_id}  "
                f"{shown}  {e.place}"
            )
        return 0
    days = [(_moment(args.start, "--start", tz), _moment(args.end, "--end", tz))]
    if args.start2 or args.end2:
        if not (args.start2 and args.end2):
            raise ConfigError("--start2/--end2: give both for a second day")
        days.append((_moment(args.start2, "--start2", tz), _moment(args.end2, "--end2", tz)))
    new = NewExchange(
        args.switcher,
        args.coach,
        args.place,
        tuple(days),
        args.coordinator,
        args.sending_org,
        args.host_org,
        args.notes,
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
