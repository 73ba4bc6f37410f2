"""Retention: delivered messages lose their text after 30 days; programme content goes 24
months after someone last took part, after a warning two weeks before in their language and
time zone, which they can answer with "keep"; `retention run --dry-run` only counts."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot import cli_retention
from bot.app import App
from bot.durations import Period, parse_period
from bot.notices import add_notice
from bot.outgoing import OutDocument
from bot.retention.job import WARN_BEFORE, run_retention
from conversations.retention.warning import warning
from conversations.text import _
from storage.reminders import Reminders
from storage.schema import answers, media, reflection_items, reflections, responses
from tests.exchanges.world import Outbox, exchange, join, set_timezone, tap_delivered
from tests.fakes import Clock, FakeChat
from tests.reflections.test_reflections import PHOTO, VOICE, reflect

#: Anna's only exchange ends at 23:30 UTC: 18:30 in New York, already the next day in Brussels.
ANNA_ENDS = datetime(2026, 11, 5, 23, 30, tzinfo=UTC)
ANNA_DELETES = datetime(2028, 11, 5, 23, 30, tzinfo=UTC)


async def world(app: App, clock: Clock) -> dict[str, tuple[FakeChat, int]]:
    """Anna (Dutch, New York) and Bert (English) each reflect with a voice note and a photo
    and answer a quiz question; Bert's exchange is a year after Anna's."""
    found = {
        "anna": await join(app, clock, "801", "switcher", "Anna", "nl"),
        "bert": await join(app, clock, "802", "switcher", "Bert", "en"),
        "coach": await join(app, clock, "803", "learning_coach", "Jan", "en"),
    }
    await set_timezone(app, found["anna"][1], "America/New_York")
    anna_start = ANNA_ENDS - timedelta(hours=7)
    await exchange(app, clock, found["anna"][1], found["coach"][1], None, anna_start)
    await exchange(
        app, clock, found["bert"][1], found["coach"][1], None, anna_start + timedelta(days=365)
    )
    files = {"voice-1": VOICE, "photo-1": PHOTO}

    async def fetch(ref: str) -> bytes:
        return files[ref]

    app.dispatcher.fetchers["fake"] = fetch
    for who in ("anna", "bert"):
        chat = found[who][0]
        await reflect(chat, "me", keep=True)
        await chat.command("quiz")
        await chat.tap(chat.choice_ids()[0])
        await chat.command("reset")
    return found


async def content_of(app: App, person: int) -> dict[str, object]:
    async with app.db.transaction() as conn:

        async def count(query: object) -> int:
            return int((await conn.execute(query)).scalar_one())  # type: ignore[call-overload]

        rows = await conn.execute(select(media.c.path).where(media.c.user_id == person))
        paths = [str(p) for (p,) in rows]
        return {
            "reflections": await count(
                select(func.count()).where(reflections.c.author_id == person)
            ),
            "items": await count(
                select(func.count())
                .select_from(reflection_items.join(reflections))
                .where(reflections.c.author_id == person)
            ),
            "answers": await count(
                select(func.count())
                .select_from(answers.join(responses))
                .where(responses.c.user_id == person)
            ),
            "paths": paths,
        }


async def retention(app: App, clock: Clock, *, dry_run: bool = False) -> None:
    await run_retention(app.db, app.settings, app.dispatcher.media, clock.now, dry_run=dry_run)
    assert app.scheduler is not None
    await app.scheduler.run_due()


def warnings_to(outbox: Outbox, chat: FakeChat, locale: str) -> list[str]:
    expected = chat.tr(warning(date(2028, 11, 5))[0].text, locale)  # type: ignore[attr-defined]
    return [t for t in outbox.texts(chat) if t == expected]


async def test_delivered_messages_lose_their_text_after_30_days_not_before(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    chat, person = await join(app, clock, "811", "coordinator", "Kim", "en")
    secret = _("Anna Peeters cannot make it.")
    async with app.db.transaction() as conn:
        delivered = await add_notice(conn, person, secret, clock.now)
        later = await add_notice(conn, person, secret, clock.now + timedelta(days=60))
    assert app.scheduler is not None
    await app.scheduler.run_due()
    assert outbox.texts(chat)[-1] == "Anna Peeters cannot make it."

    async def payloads() -> tuple[object, object]:
        async with app.db.transaction() as conn:
            first, second = await Reminders(conn).get(delivered), await Reminders(conn).get(later)
        assert first is not None and second is not None
        return first.payload, second.payload

    clock.advance(timedelta(days=30) - timedelta(minutes=1))
    await retention(app, clock)
    assert (await payloads())[0] is not None
    clock.advance(timedelta(minutes=2))
    await retention(app, clock)
    gone, pending = await payloads()
    assert gone is None
    assert pending is not None  # not delivered yet: still needed


async def test_warned_once_two_weeks_before_in_their_language_and_time_zone(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    found = await world(app, clock)
    anna, bert = found["anna"][0], found["bert"][0]
    clock.now = ANNA_DELETES - WARN_BEFORE - timedelta(hours=1)
    await retention(app, clock)
    assert warnings_to(outbox, anna, "nl") == []
    clock.advance(timedelta(hours=2))
    await retention(app, clock)
    clock.advance(timedelta(days=1))
    await retention(app, clock)
    [text] = warnings_to(outbox, anna, "nl")
    assert text != anna.tr(warning(date(2028, 11, 5))[0].text, "en")  # type: ignore[attr-defined]
    # 5 November where Anna lives, though it is already the 6th in Brussels
    assert warning(date(2028, 11, 6))[0].text != warning(date(2028, 11, 5))[0].text  # type: ignore[attr-defined]
    assert not any("2028" in t or "2029" in t for t in outbox.texts(bert))
    # "Download a copy" sends the same zip as /mydata
    await tap_delivered(anna, outbox.last_question(anna), "x:mydata")
    [archive] = [m for m in anna.last.messages if isinstance(m, OutDocument)]  # type: ignore[union-attr]
    assert archive.file_name == "wegwijzer-my-data.zip"


async def test_keep_postpones_the_deletion(app: App, clock: Clock, outbox: Outbox) -> None:
    found = await world(app, clock)
    anna, anna_id = found["anna"]
    clock.now = ANNA_DELETES - WARN_BEFORE
    await retention(app, clock)
    await tap_delivered(anna, outbox.last_question(anna), "x:keep")
    assert anna.all_text().startswith(
        anna.tr(
            _(
                "Thank you. Your data stays. If you again do not take part for a long time, "
                "I will ask you before anything is deleted."
            ),
            "nl",
        )
    )
    before = await content_of(app, anna_id)
    clock.now = ANNA_DELETES + timedelta(days=1)
    await retention(app, clock)
    assert await content_of(app, anna_id) == before
    assert len(warnings_to(outbox, anna, "nl")) == 1  # no new warning for a new period yet


async def test_after_the_date_content_and_files_are_gone_an_active_persons_untouched(
    app: App, clock: Clock, outbox: Outbox, data_dir: Path
) -> None:
    found = await world(app, clock)
    anna_id, bert_id = found["anna"][1], found["bert"][1]
    anna_before, bert_before = await content_of(app, anna_id), await content_of(app, bert_id)
    assert anna_before["reflections"] == 1 and anna_before["items"] == 3
    assert anna_before["answers"] == 1 and len(anna_before["paths"]) == 2  # type: ignore[arg-type]
    assert all((data_dir / p).is_file() for p in anna_before["paths"])  # type: ignore[attr-defined]
    clock.now = ANNA_DELETES - WARN_BEFORE
    await retention(app, clock)
    clock.now = ANNA_DELETES - timedelta(minutes=1)
    await retention(app, clock)
    assert await content_of(app, anna_id) == anna_before  # not a minute early
    clock.now = ANNA_DELETES
    await retention(app, clock)
    assert await content_of(app, anna_id) == {
        "reflections": 0, "items": 0, "answers": 0, "paths": []
    }  # fmt: skip
    assert not any((data_dir / p).exists() for p in anna_before["paths"])  # type: ignore[attr-defined]
    assert await content_of(app, bert_id) == bert_before
    assert all((data_dir / p).is_file() for p in bert_before["paths"])  # type: ignore[attr-defined]
    wal = data_dir / "wegwijzer.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0
    # Anna can still use the bot; nothing is deleted again or warned about
    await found["anna"][0].command("start")
    assert found["anna"][0].texts()


async def test_no_deletion_without_a_warning_two_weeks_before(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    """After downtime the job first warns; the date moves two weeks on, it is not skipped."""
    found = await world(app, clock)
    anna_id = found["anna"][1]
    before = await content_of(app, anna_id)
    clock.now = ANNA_DELETES + timedelta(days=30)
    await retention(app, clock)
    assert await content_of(app, anna_id) == before
    clock.advance(WARN_BEFORE)
    await retention(app, clock)
    assert await content_of(app, anna_id) != before


async def test_dry_run_deletes_nothing_and_prints_counts(
    app: App, clock: Clock, outbox: Outbox, capsys: pytest.CaptureFixture[str]
) -> None:
    found = await world(app, clock)
    anna_id = found["anna"][1]
    clock.now = ANNA_DELETES - WARN_BEFORE
    await retention(app, clock)
    before = await content_of(app, anna_id)
    clock.now = ANNA_DELETES
    capsys.readouterr()
    await cli_retention.run(app, argparse.Namespace(dry_run=True), now=clock.now)
    printed = capsys.readouterr().out
    assert "Dry run: nothing was changed." in printed
    assert "people whose programme data is deleted (would): 1" in printed
    assert "  reflections: 1" in printed and "  reflection_items: 3" in printed
    assert "  answers: 1" in printed and "  media files: 2" in printed
    assert "Anna" not in printed and "board" not in printed
    assert await content_of(app, anna_id) == before
    await cli_retention.run(app, argparse.Namespace(dry_run=False), now=clock.now)
    assert "(did): 1" in capsys.readouterr().out
    assert await content_of(app, anna_id) != before


async def test_the_daily_job_is_scheduled_when_the_bot_runs(app: App) -> None:
    scheduler = await app.start_scheduler(sync_every=3600)
    assert scheduler.aps is not None
    job = scheduler.aps.get_job("retention")
    assert job is not None and job.trigger.interval == timedelta(days=1)
    await app.run_retention()  # what the job calls: runs on an empty database too


def test_retention_periods() -> None:
    two_years = parse_period("24")
    assert two_years == Period(months=24) == parse_period("24mo")
    assert two_years.after(datetime(2026, 2, 28, tzinfo=UTC)) == datetime(2028, 2, 28, tzinfo=UTC)
    assert parse_period("1").after(datetime(2027, 1, 31, tzinfo=UTC)) == datetime(
        2027, 2, 28, tzinfo=UTC
    )
    assert parse_period("730d").after(datetime(2026, 1, 1, tzinfo=UTC)) == datetime(
        2028, 1, 1, tzinfo=UTC
    )
    with pytest.raises(ValueError):
        parse_period("0")
    with pytest.raises(ValueError):
        parse_period("two years")


def test_the_command_line_runs_it(tmp_path: Path) -> None:
    from tests.test_cli import wegwijzer

    result = wegwijzer(tmp_path, "retention", "run", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "Dry run: nothing was changed." in result.stdout
    assert "people whose programme data is deleted (would): 0" in result.stdout
    bad = wegwijzer(tmp_path, "retention", "run", WEGWIJZER_RETENTION_PROGRAMME="two years")
    assert bad.returncode == 2 and "WEGWIJZER_RETENTION_PROGRAMME: not a period" in bad.stderr
