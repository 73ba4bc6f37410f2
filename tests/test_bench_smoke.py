"""CI smoke run of `bench/` (production-core issue item 4): the benchmarks still work end to end
on a small load, and what they check is right — every simulated person finished, every answer
was committed, no notice was lost or doubled. No timing is asserted: this machine is shared;
timings are `./dev bench`'s business."""

from __future__ import annotations

import yaml

from bench.burst import run_burst
from bench.load import QUIZ, quiz_questions, run_load
from bench.startup import run_startup


async def test_twenty_people_finish_onboarding_and_the_quiz_with_every_answer_committed() -> None:
    result = await run_load("wegwijzer", people=20)
    assert result.errors == []
    assert result.finished == result.total == 20
    assert result.answers_expected == 20 * quiz_questions()
    assert result.answers_kept == result.answers_expected
    assert result.quizzes_completed == 20
    # /start, language, consent, name, /quiz, every question, "done" on each multi-choice one
    questions = yaml.safe_load(QUIZ.read_text(encoding="utf-8"))["questions"]
    multi = sum(1 for q in questions if q["type"] == "multi")
    assert result.interactions == 20 * (5 + len(questions) + multi)


async def test_the_ptb_peer_serves_the_same_load() -> None:
    result = await run_load("peer", people=3)
    assert result.errors == []
    assert result.finished == 3
    assert result.answers_kept == result.answers_expected == 3 * quiz_questions()


async def test_a_burst_of_200_notices_arrives_once_each() -> None:
    result = await run_burst(200)
    assert result.errors == []
    assert (result.delivered_chats, result.lost, result.doubled) == (200, 0, 0)
    assert result.rows_sent == 200
    assert result.rows_left_sending == 0


def test_the_bot_starts_on_a_populated_database() -> None:
    result = run_startup(2_000)
    assert result.errors == []
    assert result.seconds_to_polling > 0 and result.rss_mb > 0
