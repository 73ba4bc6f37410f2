"""Aggregates are shown only for groups of at least WEGWIJZER_MIN_GROUP people (default 3):
a quiz result of an organisation with one respondent would be that person's answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.app import App
from bot.cohort import Cohort, Evaluation
from bot.cohort_report import cohort_report
from bot.outgoing import OutImage
from bot.settings import ConfigError, load_settings
from conversations.text import Msg, _
from storage.exchanges import Exchange
from storage.responses import Response
from tests.fakes import Clock
from tests.flows import test_coordinator_results as results

REPORT = "report:readiness_quiz"


async def test_an_organisation_with_one_respondent_shows_no_scores(app: App, clock: Clock) -> None:
    """The review's finding: one respondent's quiz was shown as "the organisation's" result."""
    coord, coord_id = await results.coordinator(app, clock, "6000", language="nl")
    big = await results.invite(app, clock, "participant", coord_id, "Groot Bedrijf")
    tiny = await results.invite(app, clock, "participant", coord_id, "Eenmanszaak")
    for user in ("6101", "6102", "6103"):
        await results.take_quiz(await results.join(app, user, big), "trust")
    await results.take_quiz(await results.join(app, "6104", tiny), "little")

    await coord.command("menu")
    await coord.tap(REPORT)
    text = coord.all_text()
    too_small = _(
        "{organisation}: too few answers to show without identifying someone (at least "
        "{minimum} are needed).",
        organisation=Msg.plain("Eenmanszaak"),
        minimum=3,
    )
    assert coord.tr(too_small, "nl") in text
    assert coord.tr(too_small, "nl") != coord.tr(too_small, "en")  # translated
    assert "Groot Bedrijf (3 " in text  # a group of three is shown
    # The little one's score 1 appears nowhere, not even folded into the overall average
    # (which would give it away by difference): the average is the big organisation's alone.
    bond = coord.tr(Msg(msgid="Bond and trust"), "nl")
    lines = [line for line in text.splitlines() if line.startswith(bond + ":")]
    assert len(lines) == 2 and all(line.endswith("(3 van 3)") for line in lines), lines


async def test_only_too_small_groups_means_no_chart_at_all(app: App, clock: Clock) -> None:
    coord, coord_id = await results.coordinator(app, clock, "6200")
    pair = await results.invite(app, clock, "participant", coord_id, "Duo")
    for user in ("6201", "6202"):
        await results.take_quiz(await results.join(app, user, pair), "little")
    await coord.command("menu")
    await coord.tap(REPORT)
    assert coord.last is not None
    assert not any(isinstance(m, OutImage) for m in coord.last.messages)
    assert "Duo: too few answers to show without identifying someone (at least 3" in (
        coord.all_text()
    )
    assert "score" not in coord.all_text()


def _cohort(ratings: list[int]) -> Cohort:
    day = datetime(2026, 11, 10, 9, tzinfo=UTC)
    exchanges = [
        Exchange(n, 10 + n, 20 + n, 1, None, None, "Gent", None, "done",
                 ((day, day + timedelta(hours=6)),))
        for n in range(len(ratings))
    ]  # fmt: skip
    evaluations = [
        Evaluation(n, "switcher", 10 + n, "evaluation_switcher", True,
                   Response(n, 10 + n, "evaluation_switcher", 1, day, day + timedelta(days=22),
                            None, {"useful": rating}))
        for n, rating in enumerate(ratings)
    ]  # fmt: skip
    return Cohort(exchanges=exchanges, evaluations=evaluations, min_group=3)


def test_evaluation_averages_need_three_answers(app: App) -> None:
    forms = app.library.forms
    question = next(q for q in forms["evaluation_switcher"].questions if q.type == "scale")

    def report(ratings: list[int]) -> str:
        cohort = _cohort(ratings)
        for e in cohort.evaluations:
            assert e.response is not None
            e.response.answers[question.id] = e.response.answers.pop("useful")
        return "\n".join(
            app.translator.render(line, "en", UTC)  # type: ignore[arg-type]
            for line in cohort_report(cohort, forms)
        )

    two = report([5, 1])
    assert ": average" not in two and "too few answers to show an average" in two
    three = report([5, 1, 3])
    assert ": average 3" in three and "too few" not in three


def test_the_minimum_group_size_is_a_setting() -> None:
    assert load_settings().min_group == 3
    assert load_settings(min_group=5).min_group == 5
    with pytest.raises(ConfigError, match="WEGWIJZER_MIN_GROUP"):
        load_settings(min_group=0)
