"""Retention: the daily job (and `wegwijzer retention run`) that keeps data no longer than needed.

1. Delivered reminders and notices lose their message `WEGWIJZER_RETENTION_DELIVERED` (30 days)
   after they were sent, skipped or failed; the row itself (kind, dates, status) stays.
2. Programme content (see `storage.retention`) is deleted `WEGWIJZER_RETENTION_PROGRAMME`
   (24 months) after the person last took part. "Last took part" is the end of the last day of
   their last exchange (in any part) or their last step plan update, whichever is later; for
   someone who never had either, their last activity: the last message, tap or command they
   sent (when their conversation was last saved), or when they joined. A "keep" choice or an
   earlier deletion also restart the period.
3. Two weeks before, the person is warned in their language and time zone, with buttons to keep
   or download a copy. Deletion happens only after a warning that is still valid and never
   sooner than two weeks after it (after downtime the date moves, it is not skipped). Someone
   with no programme content is not warned.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.media import MediaStore
from bot.settings import Settings
from conversations.retention.warning import RETENTION_WARNING
from storage.database import Database
from storage.reminders import Reminders
from storage.retention import CONTENT, Retention, State, checkpoint

log = logging.getLogger(__name__)

WARN_BEFORE = timedelta(days=14)


@dataclass
class Report:
    """What a run did (or would do): counts only, never who."""

    payloads: int = 0
    warned: int = 0
    deleted_people: int = 0
    rows: Counter[str] = field(default_factory=Counter)
    files: int = 0

    def lines(self, dry_run: bool) -> list[str]:
        verb = "would" if dry_run else "did"
        out = [
            f"delivered reminders/notices whose message is cleared: {self.payloads}",
            f"people warned two weeks ahead ({verb}): {self.warned}",
            f"people whose programme data is deleted ({verb}): {self.deleted_people}",
        ]
        out += [f"  {table}: {n}" for table, n in sorted(self.rows.items()) if n]
        out.append(f"  media files: {self.files}")
        return out


def starts_from(anchor: datetime, state: State | None) -> datetime:
    """The moment the retention period runs from: last taking part, a keep, a deletion."""
    moments = [anchor]
    if state is not None:
        moments += [m for m in (state.kept_at, state.purged_at) if m is not None]
    return max(moments)


async def anchors(repo: Retention) -> dict[int, datetime]:
    """Person → when they last took part (see the module docstring)."""
    found = await repo.last_activity()
    programme: dict[int, datetime] = {}
    for source in (await repo.last_exchange_ends(), await repo.last_plan_steps()):
        for person, at in source.items():
            programme[person] = max(at, programme.get(person, at))
    return {person: programme.get(person, active) for person, active in found.items()}


async def run_retention(
    db: Database, settings: Settings, store: MediaStore, now: datetime, *, dry_run: bool = False
) -> Report:
    report = Report()
    period = settings.programme_retention
    files: list[str] = []
    async with db.transaction() as conn:
        repo = Retention(conn)
        report.payloads = await repo.clear_delivered(
            now - settings.delivered_retention, dry_run=dry_run
        )
        states = await repo.states()
        for person, anchor in sorted((await anchors(repo)).items()):
            state = states.get(person)
            start = starts_from(anchor, state)
            deletes_at = period.after(start)
            if now < deletes_at - WARN_BEFORE:
                continue
            counts = await repo.counts(person)
            if not any(counts[table] for table in CONTENT):
                continue
            valid = state is not None and state.warned_at is not None and state.warned_at >= start
            if not valid:
                report.warned += 1
                if not dry_run:
                    announced = max(deletes_at, now + WARN_BEFORE)
                    await Reminders(conn).add(person, RETENTION_WARNING, now, event_at=announced)
                    await repo.warned(person, now, announced)
                continue
            assert state is not None and state.deletes_at is not None
            if now < state.deletes_at:
                continue
            report.deleted_people += 1
            report.rows.update(counts)
            paths = await repo.media_paths(person)
            report.files += len(paths)
            if not dry_run:
                files += paths
                await repo.purge(person)
                await repo.purged(person, now)
    for path in files:  # only once the rows are gone for good
        await asyncio.to_thread(store.delete, path)
    if not dry_run and (report.deleted_people or report.payloads):
        await checkpoint(db)
    log.info(
        "retention%s: %d message(s) cleared, %d warned, %d person(s) deleted, %d file(s)",
        " (dry run)" if dry_run else "",
        report.payloads,
        report.warned,
        report.deleted_people,
        report.files,
    )
    return report
