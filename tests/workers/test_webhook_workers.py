"""Two workers behind a webhook (issue 18 item 3, "two `wegwijzer run` workers on one
PostgreSQL, Telegram in webhook mode against a Bot API on loopback that posts updates to both
through a small round-robin proxy"): people onboard and take the quiz while their consecutive
updates land on alternating workers. Every person gets the same messages in the same order (none
lost, doubled or answered out of turn) and every answer is kept.

Ordering across workers: the loopback API posts a chat's next update only once the previous one
was answered, as Telegram does, and a worker answers only after the update was handled; the
per-person advisory lock serialises the rest. CI runs PEOPLE people at once (the machine is
shared); `python -m bench.webhook_load --people 200` runs the full 200 and reports the rate."""

from __future__ import annotations

from pathlib import Path

from bench.webhook_load import webhook_load

PEOPLE = 40


async def test_two_webhook_workers_answer_every_person_in_order_once(
    pg_url: str, tmp_path: Path
) -> None:
    result = await webhook_load(pg_url, PEOPLE, workdir=tmp_path)
    print(f"\nwebhook, two workers: {result}")
    assert result.errors == []
    assert result.finished == PEOPLE
    assert result.out_of_line == 0
    assert result.answers_kept == result.answers_expected
    assert result.quizzes_completed == PEOPLE
    assert min(result.posts_per_worker.values()) > 0.4 * result.interactions  # both served
