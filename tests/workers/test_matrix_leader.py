"""Exactly one worker holds the Matrix sync (issue 18 item 3, "Matrix leader hand-over"): two
workers on one PostgreSQL database, each with a `LeaderOnly` around its Matrix transport. One
leads, the other stands by; when the leader's database session dies (as with kill -9), the
other takes over well within 30 s, and the old one stops its transport. The sync position and
the handled event ids are in the database, so the new leader carries on where the old one
stopped and never handles an event twice."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime

from sqlalchemy import text

from bot.leader import LeaderOnly, LostLeadership
from storage.database import Database
from storage.leadership import first_time, next_batch, save_next_batch

TAKE_OVER_WITHIN = 30.0


class FakeSync:
    """A transport that only says when it runs."""

    def __init__(self, name: str, log: list[str], changed: asyncio.Event) -> None:
        self.name, self.log, self.changed = name, log, changed
        self._done = asyncio.Event()

    async def start(self) -> None:
        self.log.append(f"{self.name} syncs")
        self.changed.set()

    async def wait(self) -> None:
        await self._done.wait()

    async def stop(self) -> None:
        self.log.append(f"{self.name} stops")
        self._done.set()
        self.changed.set()


async def until(changed: asyncio.Event, condition: object, timeout: float) -> None:  # noqa: ASYNC109
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        changed.clear()
        await asyncio.wait_for(changed.wait(), max(deadline - time.monotonic(), 0.001))


async def test_one_worker_syncs_and_another_takes_over_when_it_dies(pg_url: str) -> None:
    setup = Database(pg_url)
    await setup.migrate()
    await setup.close()
    log: list[str] = []
    changed = asyncio.Event()
    workers = {name: Database(pg_url) for name in ("a", "b")}
    leaders = {
        name: LeaderOnly(
            db, "Matrix sync", lambda n=name: FakeSync(n, log, changed), retry=0.2, check=0.2
        )
        for name, db in workers.items()
    }
    try:
        await leaders["a"].start()
        await until(changed, lambda: log == ["a syncs"], 10)
        await leaders["b"].start()
        await asyncio.sleep(0)  # b tries, finds a leading, stands by
        assert leaders["b"].inner is None

        # a's session dies, as when its process is killed: the server ends it
        pid = leaders["a"].leadership.backend_pid
        assert pid is not None
        died = time.monotonic()
        async with workers["b"].engine.connect() as admin:
            await admin.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
            await admin.commit()
        await until(changed, lambda: "b syncs" in log, TAKE_OVER_WITHIN)
        assert time.monotonic() - died < TAKE_OVER_WITHIN
        await until(changed, lambda: "a stops" in log, TAKE_OVER_WITHIN)
        try:  # the old leader's part ended with "lost the lead": the supervisor starts over
            await asyncio.wait_for(leaders["a"].wait(), 10)
            raise AssertionError("the old leader carried on")
        except LostLeadership:
            pass
        assert log.count("a syncs") == 1 and log.count("b syncs") == 1  # never both at once
        assert log.index("b syncs") > log.index("a syncs")
    finally:
        for leader in leaders.values():
            await leader.stop()
        for db in workers.values():
            await db.close()


async def test_the_sync_position_and_handled_events_are_shared(pg_url: str) -> None:
    first, second = Database(pg_url), Database(pg_url)
    await first.migrate()
    now = datetime.now(UTC)
    try:
        async with first.transaction() as conn:
            assert await first_time(conn, "$event-1", now)
            await save_next_batch(conn, "s72_1234")
        async with second.transaction() as conn:  # the next leader, another process
            assert await next_batch(conn) == "s72_1234"
            assert not await first_time(conn, "$event-1", now)  # handled: not again
            assert await first_time(conn, "$event-2", now)
    finally:
        await first.close()
        await second.close()
