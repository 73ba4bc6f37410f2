"""`wegwijzer retention run [--dry-run]`: the daily retention job by hand. Prints counts per
table and of people, never who (see bot/retention.py for what is deleted and when)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from bot.app import App
from bot.retention.job import run_retention


def add_parser(sub: Any) -> None:
    retention = sub.add_parser(
        "retention", help="delete data kept longer than the retention periods; warn who is due"
    )
    retention_sub = retention.add_subparsers(dest="retention_command", required=True)
    run = retention_sub.add_parser(
        "run", help="clear old delivered messages, warn people, delete programme data that is due"
    )
    run.add_argument(
        "--dry-run", action="store_true", help="only print what would be done; change nothing"
    )


async def run(app: App, args: argparse.Namespace, now: datetime | None = None) -> int:
    dry_run = bool(args.dry_run)
    report = await run_retention(
        app.db, app.settings, app.dispatcher.media, now or datetime.now(UTC), dry_run=dry_run
    )
    if dry_run:
        print("Dry run: nothing was changed.")
    for line in report.lines(dry_run):
        print(line)
    if report.warned and not dry_run:
        print("Warnings go out the next time the bot runs.")
    return 0
