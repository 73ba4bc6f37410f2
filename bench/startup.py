"""Start-up time and memory of `wegwijzer run` on a populated database.

The population (people with a Telegram identity, a role, a consent and a finished quiz answer
each) is written with bulk inserts through SQLAlchemy Core on the storage schema, after the
migrations created it. Then `wegwijzer run` starts against the loopback Bot API. Start-up =
from launching the process to its first getUpdates (the moment it can serve people); RSS is read
once it has settled (and the peak so far).

    .venv/bin/python bench/startup.py [--population 100000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, insert

from bench.loopback_botapi import (
    LoopbackBotApi,
    bot_env,
    load_average,
    memory_mb,
    spawn,
    stop,
    wait_polling,
)
from bot.settings import load_settings
from storage.consents import DATA_PROCESSING
from storage.database import Database
from storage.schema import answers, consents, identities, responses, user_roles, users

BATCH = 5_000
SETTLE = 2.0  # seconds after the first getUpdates before RSS is read


@dataclass
class StartupResult:
    population: int
    seconds_to_polling: float
    rss_mb: float
    peak_rss_mb: float
    db_mb: float
    load_average: str
    setup_seconds: float
    errors: list[str] = field(default_factory=list)


def population_rows(ids: range, now: datetime) -> dict[Any, list[dict[str, Any]]]:
    """One batch of the population, per table (SQLite here, PostgreSQL in bench/pg_load.py)."""
    return {
        users: [{"id": i, "name": f"Person {i}", "locale": "nl", "created_at": now} for i in ids],
        identities: [{"user_id": i, "platform": "telegram", "external_id": str(i),
                      "chat_id": str(i), "created_at": now} for i in ids],
        user_roles: [{"user_id": i, "role": "switcher", "granted_at": now} for i in ids],
        consents: [{"user_id": i, "purpose": DATA_PROCESSING, "given": True,
                    "notice_version": "1", "recorded_at": now} for i in ids],
        responses: [{"id": i, "user_id": i, "form_id": "readiness_quiz", "form_version": 1,
                     "started_at": now, "completed_at": now} for i in ids],
        answers: [{"response_id": i, "question_id": "bond", "value": "trust",
                   "answered_at": now} for i in ids],
    }  # fmt: skip


def populate(data_dir: Path, count: int) -> None:
    settings = load_settings(data_dir=data_dir)
    db = Database(settings.db_url)
    asyncio.run(_migrate(db))
    engine = create_engine(settings.db_url.replace("sqlite+aiosqlite", "sqlite"))
    now = datetime.now(UTC)
    with engine.begin() as conn:
        for start in range(1, count + 1, BATCH):
            ids = range(start, min(start + BATCH, count + 1))
            for table, values in population_rows(ids, now).items():
                conn.execute(insert(table), values)
    engine.dispose()


async def _migrate(db: Database) -> None:
    try:
        await db.migrate()
    finally:
        await db.close()


async def measure(data_dir: Path, count: int, setup: float) -> StartupResult:
    log_path = data_dir.parent / "bot.log"
    errors: list[str] = []
    async with LoopbackBotApi() as server:
        started = time.monotonic()
        proc = await spawn(["-m", "bot", "run"], bot_env(data_dir, server), log_path)
        try:
            polling = await wait_polling(server, started, proc, log_path)
            await asyncio.sleep(SETTLE)
            rss, peak = memory_mb(proc.pid, "VmRSS"), memory_mb(proc.pid)
            loadavg = load_average()
        finally:
            code = await stop(proc)
        if code != 0:
            errors.append(f"the bot exited with {code}: {log_path.read_text()[-2000:]}")
    return StartupResult(
        population=count,
        seconds_to_polling=round(polling - started, 2),
        rss_mb=round(rss, 1),
        peak_rss_mb=round(peak, 1),
        db_mb=round((data_dir / "wegwijzer.db").stat().st_size / 2**20, 1),
        load_average=loadavg,
        setup_seconds=round(setup, 1),
        errors=errors,
    )


def run_startup(count: int) -> StartupResult:
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        data_dir = Path(tmp) / "data"
        data_dir.mkdir()
        began = time.monotonic()
        populate(data_dir, count)
        return asyncio.run(measure(data_dir, count, time.monotonic() - began))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--population", type=int, default=100_000, help="people in the database")
    args = parser.parse_args()
    print(json.dumps(asdict(run_startup(args.population)), indent=2))


if __name__ == "__main__":
    main()
