"""Run a transport in one worker only (issue 18 item 3): the Matrix sync. Every worker starts a
`LeaderOnly`; the one that takes the PostgreSQL advisory lock (`storage.leadership`) runs the
transport, the others wait and try again every `retry` seconds, so when the leader dies another
one takes over within that time. A leader that loses its lock's connection stops its transport
and the supervisor (bot/runner.py) starts over: it waits for the lock again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from bot.runner import Factory, Runnable
from storage.database import Database
from storage.leadership import Leadership

log = logging.getLogger(__name__)


class LostLeadership(Exception):
    pass


class LeaderOnly:
    def __init__(
        self, db: Database, name: str, make: Factory, *, retry: float = 5.0, check: float = 5.0
    ) -> None:
        self.name, self.make = name, make
        self.retry, self.check = retry, check
        self.leadership = Leadership(db, name)
        self.inner: Runnable | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def wait(self) -> None:
        if self._task is not None:
            await asyncio.shield(self._task)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        inner, self.inner = self.inner, None
        if inner is not None:
            with contextlib.suppress(Exception):
                await inner.stop()
        await self.leadership.release()

    async def _run(self) -> None:
        waiting_said = False
        while not await self.leadership.try_take():
            if not waiting_said:
                log.info("%s: another worker leads; standing by", self.name)
                waiting_said = True
            await asyncio.sleep(self.retry)
        log.info("%s: this worker leads now", self.name)
        self.inner = self.make()
        await self.inner.start()
        running = asyncio.create_task(self.inner.wait())
        watching = asyncio.create_task(self._watch())
        try:
            done, _ = await asyncio.wait({running, watching}, return_when=asyncio.FIRST_COMPLETED)
            if running in done:
                running.result()  # what ended it
                return
            inner, self.inner = self.inner, None  # another worker may lead now: stop at once
            with contextlib.suppress(Exception):
                await inner.stop()
            raise LostLeadership(f"{self.name}: lost the lead (its database connection)")
        finally:
            for task in (running, watching):
                task.cancel()

    async def _watch(self) -> None:
        """Returns once the lock's connection is gone."""
        while True:
            if not await self.leadership.still_held():
                return
            await asyncio.sleep(self.check)
