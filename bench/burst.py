"""A reminder burst: N notices due at the same moment, for N registered Telegram people, delivered
by one real `wegwijzer run` to the loopback Bot API.

The people and notices are written through storage (`People.create`, `bot.notices.add_notice`)
before the bot starts, so they are all due when it comes up. Measured at the API: messages/s
from the first notice to the last, and per chat how many arrived (0 = lost, 2+ = doubled); in the
database afterwards, how many rows ended `sent`. Proactive sends go through the Pacer
(bot/reminders/pacing.py), whose rate caps this number by design.

    .venv/bin/python bench/burst.py [--burst 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.loopback_botapi import (
    LoopbackBotApi,
    bot_env,
    cpu_seconds,
    load_average,
    memory_mb,
    spawn,
    stop,
    wait_polling,
)
from bot.notices import add_notice
from bot.reminders.pacing import Pacer
from bot.settings import load_settings
from conversations.text import Msg
from storage.database import Database
from storage.people import People

FIRST_CHAT = 500_000_000
NO_PROGRESS = 60.0  # seconds without a new message before the run is called stuck


@dataclass
class BurstResult:
    notices: int
    delivered_chats: int
    lost: int
    doubled: int
    rows_sent: int
    rows_left_sending: int  # claimed but not finished when the bot stopped: lost at next start
    seconds: float
    per_second: float
    pacer_per_second: float
    cpu_seconds: float
    peak_rss_mb: float
    load_average: str
    setup_seconds: float
    errors: list[str] = field(default_factory=list)


async def prepare(data_dir: Path, count: int) -> None:
    """N people reachable on Telegram, each with one notice due now, written through storage."""
    db = Database(load_settings(data_dir=data_dir).db_url)
    await db.migrate()
    now = datetime.now(UTC)
    try:
        for start in range(0, count, 1000):
            async with db.transaction() as conn:
                people = People(conn)
                for n in range(start, min(start + 1000, count)):
                    chat = str(FIRST_CHAT + n)
                    person = await people.create("telegram", chat, chat, now)
                    await add_notice(conn, person, Msg(msgid=f"Bench notice {n}"), now)
    finally:
        await db.close()


def rows_with(data_dir: Path, status: str) -> int:
    with sqlite3.connect(data_dir / "wegwijzer.db") as db:
        query = "SELECT count(*) FROM reminders WHERE status = ?"
        return int(db.execute(query, (status,)).fetchone()[0])


async def run_burst(count: int, stop_after: float | None = None) -> BurstResult:
    """With `stop_after`, the bot gets SIGTERM that many seconds after it started polling, as a
    deploy would stop it in the middle of a burst."""
    with tempfile.TemporaryDirectory(prefix="bench-burst-") as tmp:
        data_dir, log_path = Path(tmp) / "data", Path(tmp) / "bot.log"
        data_dir.mkdir()
        began = time.monotonic()
        await prepare(data_dir, count)
        setup = time.monotonic() - began
        errors: list[str] = []
        async with LoopbackBotApi() as server:
            started = time.monotonic()
            proc = await spawn(["-m", "bot", "run"], bot_env(data_dir, server), log_path)
            try:
                polling = await wait_polling(server, started, proc, log_path)
                last_count, last_change = -1, time.monotonic()
                while stop_after is None or time.monotonic() - polling < stop_after:
                    delivered = sum(server.sent_per_chat.values())
                    if delivered != last_count:
                        last_count, last_change = delivered, time.monotonic()
                    if len(server.sent_per_chat) >= count:
                        break
                    if time.monotonic() - last_change > NO_PROGRESS:
                        errors.append(f"no progress for {NO_PROGRESS:.0f} s at {delivered}")
                        break
                    await asyncio.sleep(0.2)
                if stop_after is None:
                    await server.wait_idle(quiet=1.0, timeout=60)  # a late double shows now
                cpu, peak = cpu_seconds(proc.pid), memory_mb(proc.pid)
                loadavg = load_average()
            finally:
                code = await stop(proc)
            if code != 0:
                errors.append(f"the bot exited with {code}: {log_path.read_text()[-2000:]}")
            chats = range(FIRST_CHAT, FIRST_CHAT + count)
            counts = [server.sent_per_chat.get(c, 0) for c in chats]
            first, last = server.first_send_at or 0.0, server.last_send_at or 0.0
        seconds = max(last - first, 1e-9)
        return BurstResult(
            notices=count,
            delivered_chats=sum(1 for c in counts if c),
            lost=sum(1 for c in counts if c == 0),
            doubled=sum(1 for c in counts if c > 1),
            rows_sent=rows_with(data_dir, "sent"),
            rows_left_sending=rows_with(data_dir, "sending"),
            seconds=round(seconds, 2),
            per_second=round((sum(counts) - 1) / seconds, 1) if sum(counts) > 1 else 0.0,
            pacer_per_second=round(1 / Pacer().spacing, 1),
            cpu_seconds=round(cpu, 1),
            peak_rss_mb=round(peak, 1),
            load_average=loadavg,
            setup_seconds=round(setup, 1),
            errors=errors,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--burst", type=int, default=10_000, help="notices due at once")
    parser.add_argument("--stop-after", type=float, help="SIGTERM the bot after this many s")
    args = parser.parse_args()
    print(json.dumps(asdict(asyncio.run(run_burst(args.burst, args.stop_after))), indent=2))


if __name__ == "__main__":
    main()
