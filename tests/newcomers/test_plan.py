"""The step plan from several intake profiles, on the shipped Flemish content: each person gets
the steps that apply to them and the track of their sector, in order. And the content rules
that protect editors: conditions must name real intake questions and options."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.content import ContentError, load_library
from conversations.newcomer.plan import build_plan
from conversations.newcomer.plan_model import PlanContent
from tests.newcomers.world import ENGINEER, NURSE


@pytest.fixture(scope="module")
def content() -> PlanContent:
    plan = load_library().plan
    assert plan is not None
    return plan


def ids(content: PlanContent, answers: dict[str, Any]) -> list[str]:
    return [s.id for s in build_plan(content, answers)]


def test_a_nurse_with_arabic_and_little_dutch(content: PlanContent) -> None:
    plan = ids(content, NURSE)
    for step in ("civic_integration", "dutch_course", "dutch_practice", "diploma_recognition",
                 "vdab_register", "choose_track", "mentoring", "belgian_cv"):  # fmt: skip
        assert step in plan, step
    track = [s.id for s in next(t for t in content.tracks if t.id == "healthcare").steps]
    assert plan[plan.index("choose_track") + 1 : plan.index("choose_track") + 1 + len(track)] == (
        track
    )
    others = {s.id for t in content.tracks if t.id != "healthcare" for s in t.steps}
    assert not others & set(plan)
    assert "asylum_right_to_work" not in plan
    assert plan.index("dutch_course") < plan.index("diploma_recognition") < plan.index("apply")


def test_an_engineer_with_english_and_b1_dutch(content: PlanContent) -> None:
    plan = ids(content, ENGINEER)
    assert "diploma_recognition" not in plan  # recognised already
    assert "vdab_register" not in plan  # registered already
    assert "civic_integration" not in plan  # finished
    assert {s.id for s in next(t for t in content.tracks if t.id == "engineering_it").steps} <= set(
        plan
    )
    assert not {s.id for s in next(t for t in content.tracks if t.id == "healthcare").steps} & set(
        plan
    )


def test_an_asylum_seeker_learns_about_the_right_to_work_first(content: PlanContent) -> None:
    answers = {"residence": "asylum", "dutch_level": "none", "sector": "other",
               "languages": ["ti"]}  # fmt: skip
    plan = ids(content, answers)
    assert plan[0] == "asylum_right_to_work"
    assert "civic_integration" not in plan
    assert not {s.id for t in content.tracks for s in t.steps} & set(plan)  # no sector chosen


def test_a_teacher_gets_the_education_track_and_fluent_dutch_skips_the_course(
    content: PlanContent,
) -> None:
    answers = {"residence": "family", "dutch_level": "b2", "sector": "education",
               "diploma_level": "master", "recognition": "in_progress"}  # fmt: skip
    plan = ids(content, answers)
    assert "dutch_course" not in plan
    assert {s.id for s in next(t for t in content.tracks if t.id == "education").steps} <= set(plan)


def test_every_step_says_what_why_how_and_region_specific_facts_are_marked(
    content: PlanContent,
) -> None:
    for step in content.all_steps():
        assert step.what and step.why and step.how
        assert step.verify, f"{step.id}: say what an editor must check (verify)"
        assert "{" not in step.what + step.why + step.how


def test_a_local_plan_with_a_wrong_condition_stops_start_up(tmp_path: Path) -> None:
    shipped = Path(__file__).resolve().parents[2] / "conversations/content/newcomer_plan.yaml"
    text = shipped.read_text(encoding="utf-8")
    (tmp_path / "newcomer_plan.yaml").write_text(
        text.replace("dutch_level: [", "dutch_levels: [", 1), encoding="utf-8"
    )
    with pytest.raises(ContentError) as caught:
        load_library(tmp_path)
    assert any("no intake question 'dutch_levels'" in p for p in caught.value.problems)


def test_a_local_plan_replaces_the_shipped_one(tmp_path: Path) -> None:
    shipped = Path(__file__).resolve().parents[2] / "conversations/content/newcomer_plan.yaml"
    text = shipped.read_text(encoding="utf-8").replace(
        'region: "Flanders', 'region: "Gent only — Flanders', 1
    )
    (tmp_path / "newcomer_plan.yaml").write_text(text, encoding="utf-8")
    plan = load_library(tmp_path).plan
    assert plan is not None and plan.region.startswith("Gent only")


async def test_changing_language_mid_intake_keeps_every_answer(app, clock) -> None:  # type: ignore[no-untyped-def]
    from conversations.text import Msg
    from storage.responses import Responses
    from tests.exchanges.world import join

    amal, amal_id = await join(app, clock, "450", "newcomer", "Amal", "en")
    await amal.command("intake")
    await amal.tap("opt:refugee")
    await amal.tap("opt:east_flanders")
    await amal.command("language")
    await amal.tap("lang:ar")
    form = app.dispatcher.journey.forms["newcomer_intake"]
    question = Msg(msgid=form.question("municipality").text)
    assert amal.tr(question, "ar") in amal.all_text()  # the same question, now in Arabic
    await amal.say("Gent")
    await amal.command("plan")  # leaving and coming back continues where it was
    assert (
        "continue where you left off" in amal.all_text()
        or amal.tr(Msg(msgid=form.question("languages").text), "ar") in amal.all_text()
    )
    assert "opt:ar" in amal.choice_ids()  # the languages question, next after municipality
    async with app.db.transaction() as conn:
        [response] = await Responses(conn).of_user(amal_id, "newcomer_intake")
    assert response.answers == {"residence": "refugee", "region": "east_flanders",
                                "municipality": "Gent"}  # fmt: skip
