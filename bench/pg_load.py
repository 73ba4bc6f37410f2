"""The production-core bench on PostgreSQL with several workers (issue 18): the same load, burst
and start-up as `bench/load.py`, `bench/burst.py` and `bench/startup.py`, measured the same way,
so `python -m bench --backend postgresql --workers 2` prints the same table.

- Load: N `wegwijzer run` workers as in README "Deployment" (`bench/workers.py` `worker_env`),
  Telegram by webhook through the round-robin proxy (`bench/webhook_load.py`); the same
  closed-loop people. CPU is every worker's and its children's (the drawing processes); peak RSS
  is summed over the workers; answers are counted in PostgreSQL.
- Burst: the notices due at once, delivered by whichever worker leases them, at the bot's pace of
  29 a second shared by the workers through the database (`SharedPacer`), as deployed.
- Start-up: the workers launched together on a database holding the population; the time until
  the last one has called `setWebhook` (it serves from then on); RSS per worker, the largest.

Each part gets an empty database of its own on the server (`tests/backends.py`), dropped after.
"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from bench.burst import BurstResult
from bench.load import LoadResult, drive, summarise
from bench.loopback_botapi import cpu_seconds, load_average, memory_mb
from bench.startup import BATCH, SETTLE, StartupResult, population_rows
from bench.webhook_load import kept, webhook_workers
from bench.workers import reminder_burst
from storage.database import Database
from storage.dialect import sync_sequence
from storage.schema import responses, users

#: The default WEGWIJZER_SEND_RATE: Telegram's limit is the bot's, shared by the workers.
BOT_SEND_RATE = 29.0
FIRST_USER = 10_000


async def run_load(database_url: str, workers: int, people: int, rounds: int = 1,
                   think: float = 0.0) -> LoadResult:  # fmt: skip
    """`people` at once, `rounds` each, against `workers` webhook workers on one database."""
    system = f"wegwijzer-postgresql-{workers}"
    with tempfile.TemporaryDirectory(prefix="bench-pg-load-") as tmp:
        db = Database(database_url)
        await db.migrate()  # migrations first, then the workers
        errors: list[str] = []
        try:
            async with webhook_workers(database_url, Path(tmp), errors, workers) as running:
                server, pids = running.server, [p.pid for p in running.procs.values()]
                await asyncio.sleep(1.0)  # let start-up work settle, as bench/load.py does
                cpu_before, own_before = sum(map(cpu_seconds, pids)), time.process_time()
                requests_before = server.requests.copy()
                run = await drive(server, people, rounds, think, FIRST_USER)
                await server.wait_idle(quiet=0.5, timeout=120)
                cpu = sum(map(cpu_seconds, pids)) - cpu_before
                own = time.process_time() - own_before
                requests = server.requests - requests_before
                peak = sum(map(memory_mb, pids))
            answered, done = await kept(db)
        finally:
            await db.close()
    result = summarise(system, people, rounds, run, cpu=cpu, own=own, requests=requests,
                       peak=peak, kept=answered, done=done, errors=errors)  # fmt: skip
    result.posts_per_worker = running.posts()
    return result


async def run_burst(database_url: str, workers: int, count: int) -> BurstResult:
    """The notices due at once, the workers sharing the bot's pace as in production."""
    began = time.monotonic()
    rate = BOT_SEND_RATE
    result = await reminder_burst(database_url, count, send_rate=rate, workers=workers)
    return BurstResult(
        notices=count,
        delivered_chats=count - result.lost,
        lost=result.lost,
        doubled=result.doubled,
        rows_sent=result.rows_sent,
        rows_left_sending=result.rows_left,
        seconds=result.seconds,
        per_second=result.per_second,
        pacer_per_second=round(rate, 1),
        cpu_seconds=result.cpu_seconds,
        peak_rss_mb=result.peak_rss_mb,
        load_average=load_average(),
        setup_seconds=round(time.monotonic() - began - result.seconds, 1),
        errors=result.errors,
    )


async def populate(database_url: str, count: int) -> None:
    """The start-up population of `bench/startup.py`, written in bulk to PostgreSQL."""
    db = Database(database_url)
    await db.migrate()
    now = datetime.now(UTC)
    try:
        for start in range(1, count + 1, BATCH):
            ids = range(start, min(start + BATCH, count + 1))
            async with db.transaction() as conn:
                for table, values in population_rows(ids, now).items():
                    await conn.execute(insert(table), values)
        async with db.transaction() as conn:
            await sync_sequence(conn, users)
            await sync_sequence(conn, responses)
    finally:
        await db.close()


async def _database_mb(database_url: str) -> float:
    db = Database(database_url)
    try:
        async with db.read() as conn:
            size = await conn.scalar(select(func.pg_database_size(func.current_database())))
    finally:
        await db.close()
    return round(int(size or 0) / 2**20, 1)


async def run_startup(database_url: str, workers: int, count: int) -> StartupResult:
    began = time.monotonic()
    await populate(database_url, count)
    setup = time.monotonic() - began
    errors: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-pg-startup-") as tmp:
        started = time.monotonic()
        async with webhook_workers(database_url, Path(tmp), errors, workers, wait=False) as w:
            ready = await _all_set_webhook(w.server.calls_of, workers, started, w.procs)
            await asyncio.sleep(SETTLE)
            pids = [p.pid for p in w.procs.values()]
            rss = max(memory_mb(pid, "VmRSS") for pid in pids)
            peak = max(memory_mb(pid) for pid in pids)
            loadavg = load_average()
    return StartupResult(
        population=count,
        seconds_to_polling=round(ready - started, 2),
        rss_mb=round(rss, 1),
        peak_rss_mb=round(peak, 1),
        db_mb=await _database_mb(database_url),
        load_average=loadavg,
        setup_seconds=round(setup, 1),
        errors=errors,
    )


async def _all_set_webhook(calls_of: Callable[[str], list[Any]], workers: int, since: float,
                           procs: dict[str, asyncio.subprocess.Process]) -> float:  # fmt: skip
    """The moment the last of the workers called setWebhook (each one does, at start)."""
    deadline = time.monotonic() + 120
    while True:
        found = sorted(c.at for c in calls_of("setWebhook") if c.at >= since)
        if len(found) >= workers:
            return float(found[workers - 1])
        dead = [name for name, p in procs.items() if p.returncode is not None]
        if dead or time.monotonic() > deadline:
            raise RuntimeError(f"workers {dead or list(procs)} did not start in time")
        await asyncio.sleep(0.005)


class Databases:
    """An empty database per part on the test server (`tests/backends.py`), dropped after."""

    def __init__(self) -> None:
        from tests import backends

        if backends.URL is None:
            raise SystemExit(backends.HOW_TO)
        self.server = backends.Server()
        self.urls: list[str] = []

    def fresh(self) -> str:
        self.urls.append(self.server.fresh(migrated=False))
        return self.urls[-1]

    def drop(self) -> None:
        for url in self.urls:
            with contextlib.suppress(Exception):
                self.server.drop(url)
