"""The Desk Reset consultation keeps its promises (seeds review, "Desk Reset consultation"): the
quiz question shows its answer (a quiz teaches, 004:350-361; walkthrough 30 "never shows the
right answer"), and "we will share what we learn" is kept: the organiser sends a summary to
those who asked for it, in their language."""

from __future__ import annotations

from bot.app import App
from bot.consultation_share import parse_summaries, share_summary
from tests.exchanges.conftest import outbox  # noqa: F401  (the fixture)
from tests.exchanges.world import Outbox
from tests.fakes import Clock
from tests.flows.test_consultation import answer_up_to_recording, invited
from tests.flows.test_media import Files


async def test_the_quiz_question_shows_its_answer(app: App, clock: Clock) -> None:
    """Seeds review: the "Quiz:" question was a poll, its answer never shown."""
    ana = await invited(app, clock, Files(), "3101", "Ana Lopez")
    await ana.tap("opt:no")
    await ana.tap("nav:skip")
    await ana.tap("opt:job_seekers")  # a wrong guess
    text = ana.all_text()
    assert "The right answer: Everyone with a question about learning or work" in text
    assert "Career guidance is for everyone" in text


async def test_the_summary_reaches_only_those_who_asked_in_their_language(
    app: App, clock: Clock, outbox: Outbox  # noqa: F811
) -> None:
    """Seeds review: the outro promised to share results back with no feature behind it."""
    files = Files()
    ana = await invited(app, clock, files, "3201", "Ana Lopez")
    await answer_up_to_recording(ana, anonymous=False)
    await ana.tap("opt:no")  # no recording
    await ana.tap("opt:yes")  # yes, send me the summary
    bo = await invited(app, clock, files, "3202", "Bo")
    await answer_up_to_recording(bo, anonymous=True)
    await bo.tap("opt:no")
    await bo.tap("opt:no")  # no summary
    await ana.command("language")
    await ana.tap("lang:nl")

    form = app.library.forms["desk_reset"]
    summaries = parse_summaries(["Longer opening hours from March.",
                                 "nl=Vanaf maart langer open."])  # fmt: skip
    async with app.db.transaction() as conn:
        assert await share_summary(conn, form, summaries, clock.now) == 1
    assert app.scheduler is not None
    await app.scheduler.run_due()
    got = "\n".join(outbox.texts(ana))
    assert "Vanaf maart langer open." in got and "Longer opening" not in got
    assert not outbox.texts(bo)
