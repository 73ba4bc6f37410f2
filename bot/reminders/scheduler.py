"""APScheduler wakes the deliverer up by reminder id; the reminders table stays the truth.

At start-up rows a previous process left half-sent are marked "interrupted" (never resent),
then every pending row due within the horizon gets a one-off job. A periodic sync picks up rows
added since (by the command line, by another event) and rows that could not be sent yet. Jobs
use `misfire_grace_time=None`: APScheduler's default grace of one second would silently drop a
job that was due while the loop was busy.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger

from bot.reminders.claiming import ClaimingLoop
from bot.reminders.delivery import Deliverer, Outcome
from storage.database import Database
from storage.reminders import Reminders

log = logging.getLogger(__name__)

#: Rows due within this window get a job; later ones wait for a later sync.
HORIZON = timedelta(minutes=10)


class ReminderScheduler:
    def __init__(
        self,
        db: Database,
        deliverer: Deliverer,
        clock: Callable[[], datetime],
        *,
        sync_every: float = 30.0,
        wake: bool = True,
        worker: str | None = None,
        lease: timedelta = timedelta(seconds=30),
        send_rate: float = 29.0,
    ) -> None:
        self.db, self.deliverer, self.clock = db, deliverer, clock
        self.sync_every, self.wake = sync_every, wake
        #: PostgreSQL: rows are taken under a lease by whichever worker is free (claiming.py).
        self.claiming: ClaimingLoop | None = None
        if not db.is_sqlite and wake and worker is not None:
            self.claiming = ClaimingLoop(
                db, deliverer, clock, worker=worker, lease=lease, send_rate=send_rate,
                sync_every=sync_every,
            )  # fmt: skip
        self.aps: AsyncIOScheduler | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._in_flight: set[int] = set()
        self._firing: set[asyncio.Task[object]] = set()

    async def start(self) -> None:
        async with self.db.transaction() as conn:
            interrupted = await Reminders(conn).interrupted(
                self.clock(), expired_only=not self.db.is_sqlite  # others may be sending
            )
        if interrupted:
            log.warning(
                "%d reminder(s) were being sent when the bot stopped; not resent", len(interrupted)
            )
        self.aps = AsyncIOScheduler(
            timezone=UTC,
            job_defaults={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
        )
        self.aps.start()
        if self.claiming is not None:
            self.claiming.start()
        await self.sync()
        self.aps.add_job(
            self.sync, "interval", seconds=self.sync_every, id="sync", replace_existing=True
        )

    async def stop(self, grace: float = 30.0) -> None:
        """Stop waking the deliverer, then let the sends in flight finish (up to `grace`
        seconds): APScheduler's shutdown cancels running jobs, which would leave a row half-sent
        and marked *interrupted* (lost) at the next start although nothing crashed."""
        aps, self.aps = self.aps, None
        if aps is not None and aps.running:
            aps.pause()
        self.deliverer.stop_waiting()  # not claimed yet: they stay pending for the next start
        if self.claiming is not None:
            await self.claiming.stop(grace)
        busy = [*self._firing, *self._tasks]
        if busy:
            _done, late = await asyncio.wait(busy, timeout=grace)
            if late:
                log.warning("%d send(s) still running after %.0f s; stopping", len(late), grace)
        if aps is not None and aps.running:
            aps.shutdown(wait=False)

    def nudge(self) -> None:
        """New rows were committed (a notice, a new exchange): look now, not at the next sync."""
        task = asyncio.get_running_loop().create_task(self.sync())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def sync(self) -> None:
        """Give every pending row due soon a job that wakes the deliverer with its id."""
        if self.claiming is not None:
            self.claiming.nudge()
            return
        if self.aps is None or not self.wake:
            return
        now = self.clock()
        async with self.db.read() as conn:  # a snapshot: nobody waits for the writer meanwhile
            pending = await Reminders(conn).pending(until=now + HORIZON)
        for row in pending:
            if row.due_at > now + HORIZON or row.id in self._in_flight:
                continue
            # Delays, not wall-clock dates: the bot's clock decides (tests control it).
            run_at = datetime.now(UTC) + max(row.due_at - now, timedelta(0))
            self.aps.add_job(
                self._fire,
                DateTrigger(run_date=run_at),
                args=[row.id],
                id=f"reminder:{row.id}",
                replace_existing=True,
            )

    async def _fire(self, reminder_id: int) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._firing.add(task)
            task.add_done_callback(self._firing.discard)
        self._in_flight.add(reminder_id)
        try:
            outcome: Outcome = await self.deliverer.deliver(reminder_id)
        except asyncio.CancelledError:
            if self.deliverer.closing:
                return  # stopping before its row was claimed: it goes out after the restart
            raise
        except Exception:
            log.exception("delivering reminder %d failed", reminder_id)
            return
        finally:
            self._in_flight.discard(reminder_id)
        log.info("reminder %d: %s", reminder_id, outcome.status)
        if outcome.status in ("moved", "retry"):
            await self.sync()

    async def run_due(self) -> list[Outcome]:
        """Deliver everything due now, in order, and wait for it (for tests and `wegwijzer
        reminders run`)."""
        now = self.clock()
        async with self.db.transaction() as conn:
            due = [r.id for r in await Reminders(conn).pending(until=now)]
        return [await self.deliverer.deliver(rid) for rid in due]
