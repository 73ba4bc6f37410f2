"""Two `wegwijzer run` workers on one PostgreSQL database in Telegram webhook mode (issue 18 item
3): the loopback Bot API POSTs every update through a round-robin proxy, so a person's
consecutive updates land on alternating workers. N people onboard and take the quiz at once
(`bench/load.py`'s closed-loop people).

Checked: every person finished; every person received the same messages in the same order (the
name they typed aside), so none was lost, doubled or answered out of order; every answer kept.

    WEGWIJZER_TEST_DATABASE_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/test \\
        .venv/bin/python -m bench.webhook_load [--people 200]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from bench.load import Person, Stuck, quiz_questions  # noqa: E402
from bench.loopback_botapi import spawn, stop  # noqa: E402
from bench.webhook import RoundRobin, WebhookBotApi  # noqa: E402
from bench.workers import wait_started, worker_env, worker_names  # noqa: E402
from storage.database import Database  # noqa: E402
from storage.schema import answers, responses  # noqa: E402

FIRST_USER = 700_000
WEBHOOK_PATH = "/telegram/webhook"


@dataclass
class WebhookLoad:
    people: int
    finished: int
    interactions: int
    seconds: float
    per_second: float
    out_of_line: int  # people whose messages differ from everyone else's (lost, doubled, order)
    answers_expected: int
    answers_kept: int
    quizzes_completed: int
    posts_per_worker: dict[str, int]
    refused_posts: int  # webhook posts answered with anything but 200 (tried again)
    errors: list[str] = field(default_factory=list)


def transcript(server: WebhookBotApi, user_id: int) -> tuple[str, ...]:
    """What a person received, in order, with the name they typed taken out."""
    name = f"Bench Person {user_id}"
    return tuple(
        f"{seen.kind}:{seen.message.get('text') or seen.message.get('caption') or ''!s}"
        .replace(name, "NAME")
        + ("|photo" if seen.is_photo else "")
        + "|" + ",".join(b.rsplit(":", 1)[-1] for b in seen.buttons)
        for seen in server.feeds[user_id]
    )  # fmt: skip


async def kept(db: Database) -> tuple[int, int]:
    async with db.read() as conn:
        quiz = responses.c.form_id == "readiness_quiz"
        answered = await conn.scalar(
            select(func.count()).select_from(answers.join(responses)).where(quiz)
        )
        done = await conn.scalar(
            select(func.count()).where(quiz, responses.c.completed_at.is_not(None))
        )
    return int(answered or 0), int(done or 0)


@dataclass
class Workers:
    """N webhook workers behind the round-robin proxy, on the Bot API that posts to it."""

    server: WebhookBotApi
    proxy: RoundRobin
    procs: dict[str, asyncio.subprocess.Process]
    logs: dict[str, Path]
    upstreams: dict[str, str]  # worker -> its address behind the proxy

    def posts(self) -> dict[str, int]:
        return {name: self.proxy.sent[url] for name, url in self.upstreams.items()}


@contextlib.asynccontextmanager
async def webhook_workers(
    database_url: str, base: Path, errors: list[str], count: int = 2, *, wait: bool = True
) -> AsyncIterator[Workers]:
    """Start `count` workers as README "Deployment" does (migrations are the caller's, first);
    stop them with SIGTERM at the end, a non-zero exit going to `errors`."""
    async with WebhookBotApi() as server:
        names = worker_names(count)
        envs = {n: worker_env(n, base / n, database_url, server) for n in names}
        upstreams = {n: f"http://127.0.0.1:{envs[n]['WEGWIJZER_WEB_PORT']}" for n in names}
        async with RoundRobin(list(upstreams.values())) as proxy:
            logs, procs = {n: base / f"{n}.log" for n in names}, {}
            try:
                for name in names:
                    (base / name).mkdir(parents=True, exist_ok=True)
                    envs[name]["WEGWIJZER_TELEGRAM_WEBHOOK_URL"] = f"{proxy.url}{WEBHOOK_PATH}"
                    envs[name]["WEGWIJZER_WEB_URL"] = proxy.url
                    procs[name] = await spawn(["-m", "bot", "run"], envs[name], logs[name])
                if wait:
                    await wait_started(procs, logs)
                    await _healthy(upstreams, errors)
                yield Workers(server, proxy, procs, logs, upstreams)
            finally:
                for name, proc in procs.items():
                    if await stop(proc) != 0:
                        errors.append(f"{name}: {logs[name].read_text()[-3000:]}")


async def _healthy(upstreams: dict[str, str], errors: list[str]) -> None:
    """Every started worker says it can serve on /healthz, as the load balancer would ask."""
    async with aiohttp.ClientSession() as http:
        for name, url in upstreams.items():
            async with http.get(f"{url}/healthz") as resp:
                body = await resp.json()
                if resp.status != 200 or body.get("worker") != name:
                    errors.append(f"{name} not healthy: {resp.status} {body}")


async def webhook_load(
    database_url: str, people: int, *, workdir: Path | None = None
) -> WebhookLoad:
    with tempfile.TemporaryDirectory(prefix="bench-webhook-") as tmp:
        base = workdir or Path(tmp)
        db = Database(database_url)
        await db.migrate()  # migrations first, then the workers
        errors: list[str] = []
        try:
            async with webhook_workers(database_url, base, errors) as workers:
                server = workers.server
                latencies: list[float] = []
                began = time.monotonic()
                finished = await _run_people(server, people, latencies, errors)
                seconds = time.monotonic() - began
                await server.wait_idle(quiet=0.5, timeout=60)
            posts = workers.posts()
            lines = Counter(transcript(server, FIRST_USER + n) for n in range(people))
            usual = lines.most_common(1)[0][0] if lines else ()
            out_of_line = people - lines[usual]
            refused = sum(n for status, n in server.statuses.items() if status != 200)
            answered, done = await kept(db)
        finally:
            await db.close()
    return WebhookLoad(
        people=people,
        finished=finished,
        interactions=len(latencies),
        seconds=round(seconds, 2),
        per_second=round(len(latencies) / max(seconds, 1e-9), 1),
        out_of_line=out_of_line,
        answers_expected=people * quiz_questions(),
        answers_kept=answered,
        quizzes_completed=done,
        posts_per_worker=posts,
        refused_posts=refused,
        errors=errors[:10],
    )


async def _run_people(
    server: WebhookBotApi, people: int, latencies: list[float], errors: list[str]
) -> int:
    finished = 0

    async def one(user_id: int) -> None:
        nonlocal finished
        try:
            await Person(server, user_id, 0.0, latencies).run()
            finished += 1
        except Stuck as exc:
            errors.append(str(exc))

    await asyncio.gather(*(one(FIRST_USER + n) for n in range(people)))
    return finished


async def _with_database(people: int, workdir: Path | None) -> WebhookLoad:
    from tests import backends

    if backends.URL is None:
        raise SystemExit(backends.HOW_TO)
    server = backends.Server()
    url = server.fresh(migrated=False)
    try:
        return await webhook_load(url, people, workdir=workdir)
    finally:
        with contextlib.suppress(Exception):
            server.drop(url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=200, help="people at once")
    parser.add_argument("--workdir", type=Path, help="keep the workers' folders and logs here")
    args = parser.parse_args()
    print(json.dumps(asdict(asyncio.run(_with_database(args.people, args.workdir))), indent=2))


if __name__ == "__main__":
    main()
