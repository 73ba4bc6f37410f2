"""`wegwijzer desk [link --person ID]` and `wegwijzer audit list`: the coordinator's desk from
the command line — serve it alone, print a one-time login link, read the audit log."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.app import App
from bot.desk.links import NotCoordinator, issue_link
from bot.settings import ConfigError
from storage.desk import AuditLog
from storage.people import People


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    desk = sub.add_parser("desk", help="serve the coordinator's desk (web pages) alone")
    desk_sub = desk.add_subparsers(dest="desk_command")
    link = desk_sub.add_parser("link", help="print a one-time login link (10 minutes)")
    link.add_argument("--person", type=int, required=True, metavar="PERSON_ID")
    audit = sub.add_parser("audit", help="who downloaded exports or viewed people's content")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    listing = audit_sub.add_parser("list", help="the latest entries of the audit log")
    listing.add_argument("--limit", type=int, default=200)


async def run_desk(app: App, args: argparse.Namespace) -> int:
    if args.desk_command == "link":
        async with app.db.transaction() as conn:
            try:
                url = await issue_link(conn, app.settings, args.person, datetime.now(UTC))
            except NotCoordinator:
                raise ConfigError(
                    f"--person: person {args.person} is not a coordinator "
                    "(see wegwijzer people list)"
                ) from None
        print(url)
        print("It works once, within 10 minutes.")
        return 0
    from bot.cli_run import stop_in_order
    from bot.desk.server import DeskServer
    from bot.runner import run_all

    print(f"The coordinator's desk: {app.settings.desk_url}/desk/ (Ctrl+C to stop)")
    await run_all({"Desk": lambda: DeskServer(app)}, stop_in_order(app))
    return 0


async def run_audit(app: App, args: argparse.Namespace) -> int:
    async with app.db.read() as conn:
        rows = await AuditLog(conn).latest(max(1, args.limit))
        names = await People(conn).names(
            {i for r in rows for i in (r.actor_id, r.subject_id) if i is not None}
        )
    tz = ZoneInfo(app.settings.timezone)
    print("WHEN  WHO  ACTION  WHAT  WHOSE")
    for r in rows:
        who = f"{r.actor_id} {names.get(r.actor_id) or ''}".strip() if r.actor_id else "-"
        whose = f"{r.subject_id} {names.get(r.subject_id) or ''}".strip() if r.subject_id else "-"
        print(f"{r.at.astimezone(tz):%Y-%m-%d %H:%M}  {who}  {r.action}  {r.target}  {whose}")
    return 0
