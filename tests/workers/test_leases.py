"""Reminder leases between workers (issue 18 item 3), statement by statement on PostgreSQL: two
workers taking at the same moment never get the same row; a row under another worker's live
lease cannot be claimed for sending; once the lease ran out another worker takes it over; a
worker starting up does not mark another live worker's sends as interrupted, only those whose
lease ran out."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from bot.app import App
from bot.notices import add_notice
from bot.settings import load_settings
from conversations.text import Msg
from storage.database import Database
from storage.leadership import Leadership
from storage.reminder_leases import Leases
from storage.reminders import Reminders
from storage.schema import identities, reminders, users

LEASE = timedelta(seconds=30)


async def test_leases_split_rows_and_expire(pg_url: str) -> None:
    a, b = Database(pg_url), Database(pg_url)
    await a.migrate()
    now = datetime.now(UTC)
    try:
        async with a.transaction() as conn:
            await conn.execute(insert(users).values(id=1, created_at=now))
            for _ in range(40):
                await Reminders(conn).add(1, "notice", now - timedelta(seconds=1))

        async def take(db: Database, worker: str) -> list[int]:
            async with db.transaction() as conn:
                return await Leases(conn, worker).take(now, LEASE, 25)

        got_a, got_b = await asyncio.gather(take(a, "a"), take(b, "b"))
        assert not set(got_a) & set(got_b)  # never the same row
        assert len(got_a) + len(got_b) == 40
        assert await take(b, "b") == []  # everything is leased now

        row = got_a[0]
        async with b.transaction() as conn:  # b may not send a's row while a's lease runs
            assert not await Reminders(conn).claim(row, now, worker="b", lease=LEASE)
        async with a.transaction() as conn:
            assert await Reminders(conn).claim(row, now, worker="a", lease=LEASE)

        later = now + LEASE + timedelta(seconds=1)  # a died: its lease ran out
        async with b.transaction() as conn:
            assert await Reminders(conn).interrupted(now, expired_only=True) == []
            taken = await Leases(conn, "b").take(later, LEASE, 100)
            # every row whose lease ran out (b's own too), not the one a was sending
            assert set(taken) == (set(got_a) | set(got_b)) - {row}
            assert await Reminders(conn).interrupted(later, expired_only=True) == [row]
        async with a.read() as conn:
            found = await Reminders(conn).get(row)
        assert found is not None and found.status == "interrupted"  # never sent again
    finally:
        await a.close()
        await b.close()


class Recorder:
    platform = "telegram"

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.first = asyncio.Event()

    async def send(self, chat_id: str, messages: list[object]) -> None:
        self.sent.append(chat_id)
        self.first.set()


async def test_a_worker_that_stops_hands_back_the_rows_it_took(pg_url: str, tmp_path: Path) -> None:
    """SIGTERM in the middle of a burst (a deploy): what the worker took but did not start is
    free for the other workers at once, not after its lease."""
    setup = Database(pg_url)
    await setup.migrate()
    now = datetime.now(UTC)
    async with setup.transaction() as conn:
        for n in range(1, 31):
            await conn.execute(insert(users).values(id=n, created_at=now))
            await conn.execute(insert(identities).values(
                user_id=n, platform="telegram", external_id=str(n), chat_id=str(n),
                created_at=now))  # fmt: skip
            await add_notice(conn, n, Msg(msgid="Stop notice"), now)
    await setup.close()
    settings = load_settings(
        data_dir=tmp_path / "a", database_url=pg_url, worker_name="a", send_rate=2
    )
    app = await App.open(settings)
    transport = Recorder()
    app.transports["telegram"] = transport  # type: ignore[assignment]
    try:
        await app.start_scheduler()
        await asyncio.wait_for(transport.first.wait(), 30)
        async with app.db.read() as conn:
            held = await conn.scalar(
                select(func.count()).where(reminders.c.claimed_by == "a",
                                           reminders.c.status == "pending")
            )  # fmt: skip
        assert held  # it had taken more than it sent
    finally:
        await app.close()  # stops the scheduler as SIGTERM does
    check = Database(pg_url)
    try:
        async with check.read() as conn:
            rows = (await conn.execute(select(reminders))).all()
    finally:
        await check.close()
    waiting = [r for r in rows if r.status == "pending"]
    assert waiting and all(r.claimed_by is None and r.lease_until is None for r in waiting)
    assert len(transport.sent) == sum(1 for r in rows if r.status == "sent")


async def test_the_daily_retention_job_runs_in_one_worker_at_a_time(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Several workers each schedule the daily retention job: while one runs it, another that
    wakes up leaves it (no duplicate warnings from two at once)."""
    import bot.retention.job as job

    runs: list[str] = []

    async def record(*_args: object) -> None:
        runs.append("ran")

    monkeypatch.setattr(job, "run_retention", record)
    app = await App.open(load_settings(data_dir=tmp_path / "a", database_url=pg_url))
    other = Leadership(Database(pg_url), "retention")
    try:
        assert await other.try_take()  # another worker is running it
        await app.run_retention()
        assert runs == []
        await other.release()
        await app.run_retention()
        assert runs == ["ran"]
    finally:
        await other.release()
        await other.db.close()
        await app.close()


async def test_a_worker_takes_only_rows_it_can_send(pg_url: str) -> None:
    """Matrix runs in one worker (the sync leader): a Matrix person's notice is left for it
    instead of waiting under the lease of a worker without Matrix; a person with no chat at
    all is still taken, to be skipped; and the other worker does not wake up for rows it
    would not take."""
    db = Database(pg_url)
    await db.migrate()
    now = datetime.now(UTC)
    try:
        async with db.transaction() as conn:
            for person, platform in ((1, "telegram"), (2, "matrix"), (3, None)):
                await conn.execute(insert(users).values(id=person, created_at=now))
                if platform is not None:
                    await conn.execute(insert(identities).values(
                        user_id=person, platform=platform, external_id=str(person),
                        chat_id=str(person), created_at=now,
                    ))  # fmt: skip
            rows = {p: await Reminders(conn).add(p, "notice", now - timedelta(seconds=1))
                    for p in (1, 2, 3)}  # fmt: skip
        async with db.transaction() as conn:
            follower = Leases(conn, "follower")
            taken = await follower.take(now, LEASE, 10, ("telegram",))
            assert set(taken) == {rows[1], rows[3]}
            # nothing for it to do before its own leases run out (the Matrix row is due now)
            moment = await follower.next_moment(("telegram",))
            assert moment is not None and moment >= now + LEASE
            assert (await follower.next_moment() or now) < now  # unfiltered: the Matrix row
            leader = Leases(conn, "leader")
            assert await leader.take(now, LEASE, 10, ("telegram", "matrix")) == [rows[2]]
    finally:
        await db.close()
