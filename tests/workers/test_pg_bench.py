"""The production-core bench on PostgreSQL with two workers (issue 18, "the bench of the
production-core issue also runs on PostgreSQL with two workers and reports the same table"): a
small run of each part of `python -m bench --backend postgresql --workers 2`, checking what the
bench checks (everyone finished, every answer kept, no notice lost or doubled, both workers
served) and that its table has the SQLite table's rows. No timing is asserted: `./dev bench`'s
business, on a quiet machine (README "Benchmarks")."""

from __future__ import annotations

from collections.abc import Callable

import yaml

from bench import pg_load
from bench.__main__ import table
from bench.load import QUIZ, quiz_questions

PEOPLE, BURST, POPULATION = 8, 60, 1_000


async def test_the_bench_runs_on_postgresql_with_two_workers_and_prints_the_same_table(
    pg_empty: Callable[[], str],
) -> None:
    load_url, burst_url, startup_url = pg_empty(), pg_empty(), pg_empty()
    ours = await pg_load.run_load(load_url, 2, PEOPLE)
    assert ours.errors == []
    assert ours.finished == ours.total == PEOPLE
    assert ours.answers_kept == ours.answers_expected == PEOPLE * quiz_questions()
    assert ours.quizzes_completed == PEOPLE
    questions = yaml.safe_load(QUIZ.read_text(encoding="utf-8"))["questions"]
    multi = sum(1 for q in questions if q["type"] == "multi")
    assert ours.interactions == PEOPLE * (5 + len(questions) + multi)
    assert set(ours.posts_per_worker) == {"worker-a", "worker-b"}
    assert min(ours.posts_per_worker.values()) > 0  # both workers served
    assert ours.cpu_ms_per_interaction > 0 and ours.peak_rss_mb > 0

    burst = await pg_load.run_burst(burst_url, 2, BURST)
    assert burst.errors == []
    assert (burst.delivered_chats, burst.lost, burst.doubled) == (BURST, 0, 0)
    assert (burst.rows_sent, burst.rows_left_sending) == (BURST, 0)
    assert burst.pacer_per_second == pg_load.BOT_SEND_RATE  # shared by the two, as deployed
    # …so the two together keep to the bot's rate (each at its own would double it); a busy
    # machine can only make sends late, so this bound never depends on its speed
    assert burst.per_second <= pg_load.BOT_SEND_RATE * 1.1

    start = await pg_load.run_startup(startup_url, 2, POPULATION)
    assert start.errors == []
    assert start.seconds_to_polling > 0 and start.rss_mb > 0 and start.db_mb > 0

    two = table(ours, None, burst, start, workers=2).splitlines()
    one = table(ours, None, burst, start, workers=1).splitlines()
    assert "2 workers on PostgreSQL" in two[0]
    assert [row.split("|")[-2] for row in two] == [row.split("|")[-2] for row in one]
    finished = next(row for row in two if row.startswith("| people finished"))
    assert f"{PEOPLE}/{PEOPLE}" in finished and finished.endswith("✅ |")
    posts = next(row for row in two if row.startswith("| webhook posts per worker"))
    assert posts.endswith("✅ |")  # both workers served
