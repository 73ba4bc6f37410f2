"""One sending pace for the whole bot (issue 18): Telegram allows about 30 messages a second per
bot, so two workers must not each send at that rate. `SharedPacer` takes every slot from one
row in PostgreSQL: two workers pacing at 20 a second together send 20 a second, not 40.

Only upper bounds on the rate are asserted: a busy machine can make sends late, never early."""

from __future__ import annotations

import asyncio
import time

from sqlalchemy import select

from bot.reminders.pacing import SharedPacer
from storage.database import Database
from storage.schema import send_pace

RATE, EACH = 20.0, 20


async def test_two_workers_share_one_pace(pg_url: str) -> None:
    workers = [Database(pg_url), Database(pg_url)]
    await workers[0].migrate()
    released: list[float] = []

    async def send(pacer: SharedPacer, chat: str) -> None:
        await pacer.wait(chat)
        released.append(time.monotonic())

    try:
        pacers = [SharedPacer(db, per_second=RATE) for db in workers]
        began = time.monotonic()
        await asyncio.gather(*(send(p, f"{n}:{i}") for n, p in enumerate(pacers)
                               for i in range(EACH)))  # fmt: skip
        async with workers[0].read() as conn:
            rows = (await conn.execute(select(send_pace.c.name))).scalars().all()
    finally:
        for db in workers:
            await db.close()
    assert rows == ["reminders"]
    released.sort()
    # 40 sends at 20 a second shared take at least 39 spacings (two separate paces: half that)
    assert released[-1] - began >= (2 * EACH - 1) / RATE * 0.95
    for first in released:  # never more than the rate (and the one starting it) in any second
        assert sum(1 for t in released if first <= t < first + 1.0) <= RATE + 1


async def test_one_chat_still_gets_at_most_one_message_a_second(pg_url: str) -> None:
    db = Database(pg_url)
    await db.migrate()
    try:
        pacer = SharedPacer(db, per_second=1000)
        began = time.monotonic()
        for _ in range(3):
            await pacer.wait("person:1")
        assert time.monotonic() - began >= 2 * pacer.per_chat_interval * 0.95
    finally:
        await db.close()
