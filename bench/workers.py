"""Two `wegwijzer run` workers on one PostgreSQL database (issue 18 item 3): a reminder burst of
N notices due at once, delivered to the loopback Bot API by whichever worker takes them.

With `--kill-at F`, one worker is killed with SIGKILL once a fraction F of the burst went out:
the other one finishes, taking over the rows the dead one had leased once its lease ran out.
Measured at the API: messages/s overall and while both workers ran, messages per chat (0 = lost,
2+ = doubled); in the database: rows sent, rows left interrupted (being sent at the kill: never
resent), which worker sent what.

    WEGWIJZER_TEST_DATABASE_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/test \\
        .venv/bin/python -m bench.workers [--burst 5000] [--kill-at 0.3]

The send rate is `--send-rate`, the bot's, shared by the workers through the database
(`SharedPacer`; Telegram allows about 30/s per bot: production keeps the default 29); the default
here is high, so what is measured is the workers and the database, not the pace.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import socket
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select  # noqa: E402

from bench.loopback_botapi import (  # noqa: E402
    LoopbackBotApi,
    bot_env,
    cpu_seconds,
    memory_mb,
    spawn,
    stop,
)
from bot.notices import PAYLOAD_VERSION  # noqa: E402
from conversations.exchange_texts import NOTICE  # noqa: E402
from conversations.text import Msg, msg_to_data  # noqa: E402
from storage.database import Database  # noqa: E402
from storage.dialect import notify_reminders  # noqa: E402
from storage.schema import identities, reminders, users  # noqa: E402

FIRST_CHAT = 600_000_000
NO_PROGRESS = 60.0  # seconds without a change before the run is called stuck


@dataclass
class Leased:
    """A row the killed worker had taken (pending, its lease running) when it died."""

    id: int
    lease_until: datetime


@dataclass
class WorkersBurst:
    notices: int
    lost: int
    doubled: int
    rows_sent: int
    rows_interrupted: int
    rows_left: int  # still pending or sending at the end
    sent_by: dict[str, int]
    per_second: float  # first message to last, the lease wait after a kill included
    per_second_both: float  # while both workers were running
    seconds: float
    killed: str | None = None
    cpu_seconds: float = 0.0  # the workers still running at the end, and their children
    peak_rss_mb: float = 0.0  # the largest worker
    taken_over: int = 0  # rows the killed worker had leased, sent by the other one
    taken_over_early: int = 0  # …of which sent before the lease had run out (must be 0)
    errors: list[str] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def worker_names(count: int) -> tuple[str, ...]:
    return tuple(f"worker-{chr(ord('a') + n)}" for n in range(count))


def worker_env(
    name: str, data_dir: Path, database_url: str, server: LoopbackBotApi, **extra: str
) -> dict[str, str]:
    """A worker as the README's systemd unit (README "Deployment") starts it: its own data
    folder, name and port; the shared database, media and Matrix folders."""
    env = bot_env(data_dir, server)
    env.update(
        WEGWIJZER_DATABASE_URL=database_url,
        WEGWIJZER_WORKER_NAME=name,
        WEGWIJZER_WEB_PORT=str(free_port()),
        WEGWIJZER_MEDIA_DIR=str(data_dir.parent / "media"),
        WEGWIJZER_MATRIX_DIR=str(data_dir.parent / "matrix"),
        WEGWIJZER_LOG_FORMAT="json",
    )
    env.update(extra)
    return env


async def seed(db: Database, count: int) -> None:
    """N people reachable on Telegram and one notice each, due now, in one transaction; the
    workers are woken by its commit (LISTEN/NOTIFY)."""
    now = datetime.now(UTC)
    async with db.transaction() as conn:
        first = await conn.scalar(select(func.coalesce(func.max(users.c.id), 0))) or 0
        ids = range(first + 1, first + 1 + count)
        await conn.execute(insert(users), [{"id": i, "created_at": now} for i in ids])
        await conn.execute(
            insert(identities),
            [
                {"user_id": i, "platform": "telegram", "external_id": str(FIRST_CHAT + n),
                 "chat_id": str(FIRST_CHAT + n), "created_at": now}
                for n, i in enumerate(ids)
            ],
        )  # fmt: skip
        await conn.execute(
            insert(reminders),
            [
                {"person_id": i, "kind": NOTICE, "due_at": now, "status": "pending",
                 "payload": {"v": PAYLOAD_VERSION, "choices": [],
                             "text": msg_to_data(Msg(msgid=f"Burst notice {n}"))}}
                for n, i in enumerate(ids)
            ],
        )  # fmt: skip
        from storage.dialect import sync_sequence

        await sync_sequence(conn, users)
        await notify_reminders(conn)


async def wait_started(procs: dict[str, asyncio.subprocess.Process], logs: dict[str, Path]) -> None:
    """Until every worker polls Telegram (its reminder loop started before)."""
    deadline = time.monotonic() + 120
    while True:
        texts = {n: p.read_text(errors="replace") for n, p in logs.items()}
        if all("Telegram transport" in t for t in texts.values()):
            return
        dead = [n for n, p in procs.items() if p.returncode is not None]
        if dead or time.monotonic() > deadline:
            raise RuntimeError(f"worker {dead} did not start:\n{texts}")
        await asyncio.sleep(0.05)


async def _counts(db: Database) -> dict[str, int]:
    async with db.read() as conn:
        rows = await conn.execute(
            select(reminders.c.status, func.count()).group_by(reminders.c.status)
        )
        return {str(status): int(n) for status, n in rows}


async def _leased_by(db: Database, worker: str) -> list[Leased]:
    async with db.read() as conn:
        rows = await conn.execute(
            select(reminders.c.id, reminders.c.lease_until).where(
                reminders.c.status == "pending", reminders.c.claimed_by == worker
            )
        )
        return [Leased(int(r.id), r.lease_until) for r in rows]


async def reminder_burst(
    database_url: str,
    count: int,
    *,
    kill_at: float | None = None,
    lease: float = 5.0,
    send_rate: float = 1000.0,
    workdir: Path | None = None,
    workers: int = 2,
) -> WorkersBurst:
    """`count` notices due at once for `workers` workers, sharing the pace `send_rate`."""
    with tempfile.TemporaryDirectory(prefix="bench-workers-") as tmp:
        base = workdir or Path(tmp)
        db = Database(database_url)
        await db.migrate()  # migrations first, then the workers (README "Upgrades")
        errors: list[str] = []
        try:
            async with LoopbackBotApi() as server:
                names = worker_names(workers)
                logs = {n: base / f"{n}.log" for n in names}
                procs = {}
                for name in names:
                    (base / name).mkdir(parents=True, exist_ok=True)
                    env = worker_env(
                        name, base / name, database_url, server,
                        WEGWIJZER_REMINDER_LEASE=str(lease), WEGWIJZER_SEND_RATE=str(send_rate),
                    )  # fmt: skip
                    procs[name] = await spawn(["-m", "bot", "run"], env, logs[name])
                try:
                    await wait_started(procs, logs)
                    await seed(db, count)
                    killed, leased, both_until = await _drive(
                        db, server, procs, count, kill_at, errors
                    )
                    await server.wait_idle(quiet=0.5, timeout=30)  # a late double shows now
                    alive = [p.pid for p in procs.values() if p.returncode is None]
                    cpu = sum(cpu_seconds(pid) for pid in alive)
                    peak = max((memory_mb(pid) for pid in alive), default=0.0)
                finally:
                    for name, proc in procs.items():
                        code = await stop(proc)
                        if code not in (0, -signal.SIGKILL):
                            errors.append(f"{name} exited with {code}: {logs[name].read_text()}")
                chats = range(FIRST_CHAT, FIRST_CHAT + count)
                per_chat = [server.sent_per_chat.get(c, 0) for c in chats]
                first, last = server.first_send_at or 0.0, server.last_send_at or 0.0
                sent_before = sum(1 for s in server.feeds.values() for m in s if m.at <= both_until)
            result = await _result(
                db, count, per_chat, first, last, both_until, sent_before, killed, leased, errors
            )
            result.cpu_seconds, result.peak_rss_mb = round(cpu, 1), round(peak, 1)
            return result
        finally:
            await db.close()


async def _drive(
    db: Database,
    server: LoopbackBotApi,
    procs: dict[str, asyncio.subprocess.Process],
    count: int,
    kill_at: float | None,
    errors: list[str],
) -> tuple[str | None, list[Leased], float]:
    """Until every row is done; kills a worker on the way if asked. Returns who was killed,
    the rows it had leased, and when both stopped running together."""
    killed, leased, both_until = None, [], float("inf")
    last, changed = -1, time.monotonic()
    while True:
        delivered = sum(server.sent_per_chat.values())
        if killed is None and kill_at is not None and delivered >= kill_at * count:
            killed = "worker-a"
            procs[killed].send_signal(signal.SIGKILL)
            await procs[killed].wait()
            both_until = time.monotonic()
            leased = await _leased_by(db, killed)
        counts = await _counts(db)
        busy = counts.get("pending", 0) + counts.get("sending", 0)
        if not busy:
            break
        if (delivered, busy) != (last, 0):
            last, changed = delivered, time.monotonic()
        if time.monotonic() - changed > NO_PROGRESS:
            errors.append(f"no progress for {NO_PROGRESS:.0f} s: {counts}")
            break
        await asyncio.sleep(0.1)
    if both_until == float("inf"):
        both_until = time.monotonic()
    return killed, leased, both_until


async def _result(
    db: Database,
    count: int,
    per_chat: list[int],
    first: float,
    last: float,
    both_until: float,
    sent_before: int,
    killed: str | None,
    leased: list[Leased],
    errors: list[str],
) -> WorkersBurst:
    counts = await _counts(db)
    async with db.read() as conn:
        rows = await conn.execute(
            select(reminders.c.claimed_by, func.count())
            .where(reminders.c.status == "sent")
            .group_by(reminders.c.claimed_by)
        )
        sent_by = {str(w): int(n) for w, n in rows}
        taken = early = 0
        if leased:
            found = await conn.execute(
                select(reminders.c.id, reminders.c.claimed_by, reminders.c.sent_at).where(
                    reminders.c.id.in_([r.id for r in leased]), reminders.c.status == "sent"
                )
            )
            lease_end = {r.id: r.lease_until for r in leased}
            for row in found:
                if row.claimed_by != killed:
                    taken += 1
                    early += row.sent_at < lease_end[row.id]
    seconds = max(last - first, 1e-9)
    both = max(min(both_until, last) - first, 1e-9)
    return WorkersBurst(
        notices=count,
        lost=sum(1 for c in per_chat if c == 0),
        doubled=sum(1 for c in per_chat if c > 1),
        rows_sent=counts.get("sent", 0),
        rows_interrupted=counts.get("interrupted", 0),
        rows_left=counts.get("pending", 0) + counts.get("sending", 0),
        sent_by=sent_by,
        per_second=round(sum(per_chat) / seconds, 1),
        per_second_both=round(sent_before / both, 1),
        seconds=round(seconds, 2),
        killed=killed,
        taken_over=taken,
        taken_over_early=early,
        errors=errors,
    )


async def _with_database(args: argparse.Namespace) -> WorkersBurst:
    from tests import backends

    if backends.URL is None:
        raise SystemExit(backends.HOW_TO)
    server = backends.Server()
    url = server.fresh(migrated=False)
    try:
        return await reminder_burst(url, args.burst, kill_at=args.kill_at,
                                    send_rate=args.send_rate, lease=args.lease)  # fmt: skip
    finally:
        with contextlib.suppress(Exception):
            server.drop(url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--burst", type=int, default=5_000, help="notices due at once")
    parser.add_argument("--kill-at", type=float, help="SIGKILL worker-a after this fraction")
    parser.add_argument("--send-rate", type=float, default=1000.0, help="the bot's, per second")
    parser.add_argument("--lease", type=float, default=5.0, help="reminder lease, seconds")
    args = parser.parse_args()
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    print(json.dumps(asdict(asyncio.run(_with_database(args))), indent=2, default=str))


if __name__ == "__main__":
    main()
