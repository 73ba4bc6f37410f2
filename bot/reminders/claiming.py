"""Delivery by several workers on PostgreSQL (issue 18 item 3): each worker takes batches of due
rows under a lease (`storage.reminder_leases`) and delivers them, so any worker may send any
reminder or notice, and the rows of a worker that died are taken over once its lease has run
out. SQLite keeps the one-process path of `bot/reminders/scheduler.py` (APScheduler jobs).

The loop wakes when rows were added here (`nudge`), when the soonest row falls due or a lease
runs out, and at least every `sync_every` seconds (rows added by another worker or the command
line).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.reminders.delivery import Deliverer, Outcome
from storage.database import Contention, Database
from storage.dialect import REMINDERS_CHANNEL
from storage.reminder_leases import Leases
from storage.reminders import Reminders

log = logging.getLogger(__name__)

#: Deliveries of one worker running at once (each waits for its sending slot first).
CONCURRENCY = 8
MAX_BATCH = 200


class ClaimingLoop:
    def __init__(
        self,
        db: Database,
        deliverer: Deliverer,
        clock: Callable[[], datetime],
        *,
        worker: str,
        lease: timedelta,
        send_rate: float,
        sync_every: float,
        on_outcome: Callable[[int, Outcome], None] | None = None,
    ) -> None:
        self.db, self.deliverer, self.clock = db, deliverer, clock
        self.worker, self.lease, self.sync_every = worker, lease, sync_every
        #: A batch this worker can send well within its lease, at its sending rate.
        self.batch = max(1, min(MAX_BATCH, int(send_rate * lease.total_seconds() / 3)))
        self.on_outcome = on_outcome
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._slots = asyncio.Semaphore(CONCURRENCY)
        self._waiting: set[int] = set()

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    def nudge(self) -> None:
        self._wake.set()

    async def stop(self, grace: float) -> None:
        """Stop taking rows; deliveries under way finish (up to `grace`); rows taken but not
        started are handed back at once instead of waiting for the lease to run out."""
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            _done, late = await asyncio.wait({self._task}, timeout=grace)
            if late:
                self._task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await self._task
        if self._waiting:
            with contextlib.suppress(Exception):
                async with self.db.transaction() as conn:
                    await Leases(conn, self.worker).release(sorted(self._waiting))

    async def _listen(self) -> AsyncConnection | None:
        """A connection of its own that LISTENs: a row committed by any worker (or the command
        line) wakes this one at once. Without it, the loop still looks every `sync_every`."""
        try:
            conn = await self.db.engine.connect()
            raw = await conn.get_raw_connection()
            driver: Any = raw.driver_connection
            await driver.add_listener(REMINDERS_CHANNEL, lambda *_args: self._wake.set())
        except Exception as exc:
            log.warning("cannot listen for new reminders (%s); looking every %.0f s",
                        type(exc).__name__, self.sync_every)  # fmt: skip
            return None
        return conn

    async def _run(self) -> None:
        listening = await self._listen()
        try:
            await self._loop()
        finally:
            if listening is not None:
                with contextlib.suppress(Exception):
                    await listening.close()

    async def _loop(self) -> None:
        while not self._stopping:
            self._wake.clear()  # what is committed from here on wakes the wait below
            try:
                taken = await self._take()
            except Contention:
                continue
            except Exception:
                log.exception("taking due reminders failed; trying again")
                taken = []
            if taken:
                await self._deliver_all(taken)
                continue
            await self._idle()

    async def _take(self) -> list[int]:
        now = self.clock()
        async with self.db.transaction() as conn:
            interrupted = await Reminders(conn).interrupted(now, expired_only=True)
            serves = tuple(self.deliverer.transports)  # Matrix only while this worker leads it
            taken = await Leases(conn, self.worker).take(now, self.lease, self.batch, serves)
        if interrupted:
            log.warning(
                "%d reminder(s) were being sent by a worker that stopped; not resent",
                len(interrupted),
            )
        return taken

    async def _idle(self) -> None:
        wait = self.sync_every
        with contextlib.suppress(Exception):
            async with self.db.read() as conn:
                serves = tuple(self.deliverer.transports)
                moment = await Leases(conn, self.worker).next_moment(serves)
            if moment is not None:
                wait = min(wait, max((moment - self.clock()).total_seconds(), 0.0) + 0.01)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), wait)

    async def _deliver_all(self, ids: list[int]) -> None:
        self._waiting.update(ids)
        await asyncio.gather(*(self._deliver(rid) for rid in ids))

    async def _deliver(self, reminder_id: int) -> None:
        async with self._slots:
            if self._stopping:
                return  # handed back by stop()
            self._waiting.discard(reminder_id)
            try:
                outcome = await self.deliverer.deliver(reminder_id)
            except asyncio.CancelledError:
                if not self.deliverer.closing:
                    raise
                self._waiting.add(reminder_id)  # stopped before its claim: handed back
                return
            except Exception:
                log.exception("delivering reminder %d failed", reminder_id)
                return
        if self.deliverer.closing and outcome.status == "waiting":
            self._waiting.add(reminder_id)  # gave up its slot: handed back by stop()
        log.debug("reminder %d: %s", reminder_id, outcome.status)
        if self.on_outcome is not None:
            self.on_outcome(reminder_id, outcome)
