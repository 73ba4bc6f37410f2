"""Closed-loop load: simulated Telegram people take onboarding and the readiness quiz against a
real bot process on a loopback Bot API, measured from outside.

Each person: /start → English → consent "yes" → types a name → /quiz → taps the first option of
every question as soon as it arrives (a multi-choice question: the first option, then "done").
One action in flight per person, and only the newest question of a burst is answered (a
generator that answers stale buttons loops on "this button is no longer valid"). `--people`
people run at once; when one finishes, the next starts in that slot (`--rounds` people per slot).

Measured: interactions/s (a message or tap answered by the bot's next question), latency from
pushing the update to the next question's arrival at the API (p50/p95/p99), CPU seconds of the
bot process per interaction (/proc utime+stime), its peak RSS, and whether every answer was kept
(Wegwijzer: `answers` rows in its SQLite database; the peer: its PicklePersistence file).

    .venv/bin/python bench/load.py [--system wegwijzer|peer|both] [--people 50] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import pickle
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml

from bench.loopback_botapi import (
    ROOT,
    LoopbackBotApi,
    Seen,
    bot_env,
    cpu_seconds,
    load_average,
    memory_mb,
    spawn,
    stop,
    wait_polling,
)

QUIZ = ROOT / "conversations" / "content" / "forms" / "readiness_quiz.yaml"
STEP_TIMEOUT = 120.0  # a step that takes longer than this counts the person as stuck
MAX_STEPS = 60


def quiz_questions() -> int:
    return len(yaml.safe_load(QUIZ.read_text(encoding="utf-8"))["questions"])


class Stuck(Exception):
    """The bot did not answer a step in time, or answered something the person can't use."""


@dataclass
class Person:
    """One simulated person: pushes an update, waits for the bot's next question, repeats."""

    server: LoopbackBotApi
    user_id: int
    think: float
    latencies: list[float]
    cursor: int = 0
    question: Seen | None = None
    tapped_text: str | None = None
    steps: int = 0

    async def _push_and_wait(self, push: Any) -> Seen:
        if self.think:
            await asyncio.sleep(self.think)
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise Stuck(f"person {self.user_id}: more than {MAX_STEPS} steps")
        feed, wake = self.server.feeds[self.user_id], self.server.watch(self.user_id)
        pushed = time.monotonic()
        push()
        deadline = pushed + STEP_TIMEOUT
        answer: Seen | None = None
        while answer is None:
            wake.clear()
            while self.cursor < len(feed):  # the newest question of what has arrived
                seen = feed[self.cursor]
                self.cursor += 1
                if seen.at >= pushed and (seen.buttons or seen.is_photo):
                    answer = seen
            if answer is None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise Stuck(f"person {self.user_id}: no answer within {STEP_TIMEOUT:.0f} s")
                try:
                    await asyncio.wait_for(wake.wait(), remaining)
                except TimeoutError:
                    pass
        self.latencies.append(answer.at - pushed)
        if answer.buttons:
            self.question = answer
        return answer

    async def say(self, text: str) -> Seen:
        self.tapped_text = None
        return await self._push_and_wait(
            lambda: self.server.push_text(self.user_id, text, first_name="Bench",
                                          language_code="en")
        )  # fmt: skip

    async def tap(self, data: str) -> Seen:
        question = self.question
        if question is None:
            raise Stuck(f"person {self.user_id}: nothing to tap")
        self.tapped_text = question.message.get("text")
        message_id = int(question.message["message_id"])
        return await self._push_and_wait(
            lambda: self.server.push_callback(self.user_id, message_id, data,
                                              first_name="Bench", language_code="en")
        )  # fmt: skip

    def button(self, suffix: str | None = None) -> str:
        """The button ending in `suffix` (callback data), or the first option."""
        buttons = self.question.buttons if self.question else []
        for data in buttons:
            if suffix is not None and data.endswith(suffix):
                return data
        if suffix is not None and suffix != "*":
            raise Stuck(f"person {self.user_id}: no {suffix!r} button in {buttons}")
        options = [d for d in buttons if ":nav:" not in f":{d}"]
        return (options or buttons)[0]

    async def run(self) -> None:
        await self.say("/start")
        await self.tap(self.button("lang:en"))
        await self.tap(self.button("consent:yes"))
        await self.say(f"Bench Person {self.user_id}")
        answer = await self.say("/quiz")
        while not answer.is_photo:
            assert self.question is not None
            toggled = self.question.message.get("text") == self.tapped_text
            answer = await self.tap(self.button("nav:done" if toggled else "*"))


@dataclass
class LoadResult:
    system: str
    people: int
    total: int
    finished: int
    interactions: int
    seconds: float
    per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    cpu_ms_per_interaction: float
    cpu_share_of_a_core: float
    peak_rss_mb: float
    requests_per_interaction: float  # Bot API calls other than getUpdates
    requests: dict[str, int]
    generator_cpu_share: float  # this process (people + loopback API), share of one core
    answers_expected: int
    answers_kept: int
    quizzes_completed: int
    load_average: str
    errors: list[str] = field(default_factory=list)
    posts_per_worker: dict[str, int] = field(default_factory=dict)  # webhook mode, per worker


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def kept_by_wegwijzer(data_dir: Path) -> tuple[int, int]:
    with sqlite3.connect(data_dir / "wegwijzer.db") as db:
        answers = db.execute(
            "SELECT count(*) FROM answers JOIN responses ON responses.id = answers.response_id "
            "WHERE responses.form_id = 'readiness_quiz'"
        ).fetchone()[0]
        done = db.execute(
            "SELECT count(*) FROM responses WHERE form_id = 'readiness_quiz' "
            "AND completed_at IS NOT NULL"
        ).fetchone()[0]
    return int(answers), int(done)


def kept_by_peer(data_dir: Path) -> tuple[int, int]:
    path = data_dir / "peer.pickle"
    if not path.exists():
        return 0, 0
    with path.open("rb") as f:
        data = pickle.load(f)
    answers = done = 0
    for user in (data.get("user_data") or {}).values():
        for quiz in user.get("quizzes", []):
            answers += len(quiz)
            done += 1
    return answers, done


def command(system: str, profile: Path | None = None) -> list[str]:
    """The bot's command line; with `profile`, run under cProfile (written at a clean stop)."""
    args = ["-m", "bot", "run"] if system == "wegwijzer" else [str(ROOT / "bench" / "ptb_peer.py")]
    return ["-m", "cProfile", "-o", str(profile), *args] if profile else args


async def run_load(
    system: str,
    people: int,
    rounds: int = 1,
    think: float = 0.0,
    first_user: int = 10_000,
    profile: Path | None = None,
) -> LoadResult:
    """Start `system` against a fresh loopback API and data folder, run the load, stop it."""
    with tempfile.TemporaryDirectory(prefix=f"bench-{system}-") as tmp:
        data_dir = Path(tmp) / "data"
        data_dir.mkdir()
        log_path = Path(tmp) / "bot.log"
        async with LoopbackBotApi() as server:
            env = bot_env(data_dir, server)
            args = command(system, profile)
            if system != "wegwijzer":
                args += ["--data-dir", str(data_dir)]
            started = time.monotonic()
            proc = await spawn(args, env, log_path)
            try:
                await wait_polling(server, started, proc, log_path)
                await asyncio.sleep(1.0)  # let start-up work (command menus, sweeps) settle
                return await _measure(system, server, proc, data_dir, log_path, people, rounds,
                                      think, first_user)  # fmt: skip
            finally:
                await stop(proc)


@dataclass
class Drive:
    """What the people experienced: one latency per interaction, who finished, how long."""

    latencies: list[float]
    errors: list[str]
    finished: int
    began: float
    seconds: float


async def drive(server: LoopbackBotApi, people: int, rounds: int, think: float,
                first_user: int) -> Drive:  # fmt: skip
    """`people` slots at once; each runs `rounds` people one after the other."""
    latencies: list[float] = []
    errors: list[str] = []
    finished = 0
    queue = iter(range(first_user, first_user + people * rounds))

    async def slot() -> None:
        nonlocal finished
        for user_id in queue:
            try:
                await Person(server, user_id, think, latencies).run()
                finished += 1
            except Stuck as exc:
                errors.append(str(exc))

    began = time.monotonic()
    await asyncio.gather(*(slot() for _ in range(people)))
    return Drive(latencies, errors, finished, began, time.monotonic() - began)


def summarise(system: str, people: int, rounds: int, run: Drive, *, cpu: float, own: float,
              requests: Counter[str], peak: float, kept: int, done: int,
              errors: list[str]) -> LoadResult:  # fmt: skip
    """The table's numbers from a run and what was read from /proc, the API and the database."""
    latencies, seconds, total = run.latencies, run.seconds, people * rounds
    for method in ("getupdates", "setwebhook", "deletewebhook", "getwebhookinfo"):
        requests.pop(method, None)
    return LoadResult(
        system=system,
        people=people,
        total=total,
        finished=run.finished,
        interactions=len(latencies),
        seconds=round(seconds, 2),
        per_second=round(len(latencies) / seconds, 1),
        p50_ms=round(_percentile(latencies, 50) * 1000, 1),
        p95_ms=round(_percentile(latencies, 95) * 1000, 1),
        p99_ms=round(_percentile(latencies, 99) * 1000, 1),
        cpu_ms_per_interaction=round(cpu / max(len(latencies), 1) * 1000, 2),
        cpu_share_of_a_core=round(cpu / seconds, 2),
        peak_rss_mb=round(peak, 1),
        requests_per_interaction=round(requests.total() / max(len(latencies), 1), 2),
        requests=dict(requests.most_common()),
        generator_cpu_share=round(own / (time.monotonic() - run.began), 2),
        answers_expected=total * quiz_questions(),
        answers_kept=kept,
        quizzes_completed=done,
        load_average=load_average(),
        errors=(run.errors + errors)[:10],
    )


async def _measure(system: str, server: LoopbackBotApi, proc: asyncio.subprocess.Process,
                   data_dir: Path, log_path: Path, people: int, rounds: int, think: float,
                   first_user: int) -> LoadResult:  # fmt: skip
    cpu_before, own_before = cpu_seconds(proc.pid), time.process_time()
    requests_before = server.requests.copy()
    run = await drive(server, people, rounds, think, first_user)
    await server.wait_idle(quiet=0.5, timeout=120)  # the advice after the chart, and the like
    cpu = cpu_seconds(proc.pid) - cpu_before
    own = time.process_time() - own_before
    requests = server.requests - requests_before
    peak = memory_mb(proc.pid)
    errors = []
    code = await stop(proc)
    if code != 0:
        errors.append(f"the bot exited with {code}: {log_path.read_text()[-2000:]}")  # noqa: ASYNC240
    kept, done = (kept_by_wegwijzer if system == "wegwijzer" else kept_by_peer)(data_dir)
    return summarise(system, people, rounds, run, cpu=cpu, own=own, requests=requests,
                     peak=peak, kept=kept, done=done, errors=errors)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--system", choices=["wegwijzer", "peer", "both"], default="both")
    parser.add_argument("--people", type=int, default=50, help="people at once")
    parser.add_argument("--rounds", type=int, default=3, help="people per slot, one after another")
    parser.add_argument("--think", type=float, default=0.0, help="seconds before each action")
    parser.add_argument(
        "--profile", type=Path, help="run the bot under cProfile; write SYSTEM.prof in this folder"
    )
    args = parser.parse_args()
    systems = ["wegwijzer", "peer"] if args.system == "both" else [args.system]
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
    results = []
    for system in systems:
        profile = args.profile / f"{system}.prof" if args.profile else None
        results.append(
            asyncio.run(run_load(system, args.people, args.rounds, args.think, 10_000, profile))
        )
    print(json.dumps([asdict(r) for r in results], indent=2))


if __name__ == "__main__":
    main()
