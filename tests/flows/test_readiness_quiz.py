"""The readiness quiz: transparent scoring over every option, advice per level, a full run."""

from __future__ import annotations

import pytest

from bot.app import App
from bot.content import load_library
from conversations.forms.schema import Form, Question
from conversations.forms.scoring import level_for, scores
from conversations.text import Msg
from storage.responses import Responses
from tests.fakes import Clock, FakeChat
from tests.flows.test_onboarding import make_invite, person_of

QUIZ: Form = load_library().forms["readiness_quiz"]
CASES = [
    (q, option_id, score)
    for q in QUIZ.questions
    for option_id, score in (
        [(o.id, o.score) for o in q.options] or [("yes", q.yes_score), ("no", q.no_score)]
    )
]


def test_the_quiz_covers_the_six_dimensions_of_the_draaiboek() -> None:
    assert [d.id for d in QUIZ.dimensions] == [
        "trust", "proximity", "openness", "urgency", "support", "capacity",
    ]  # fmt: skip
    assert {q.dimension for q in QUIZ.questions} == {d.id for d in QUIZ.dimensions}


@pytest.mark.parametrize(("question", "option", "score"), CASES, ids=lambda v: getattr(v, "id", v))
def test_every_option_scores_exactly_its_declared_points(
    question: Question, option: str, score: float
) -> None:
    value: object = [option] if question.type == "multi" else option
    totals = scores(QUIZ, {question.id: value})
    assert question.dimension is not None
    assert totals[question.dimension] == score
    assert sum(totals.values()) == score  # nothing leaks into other dimensions


def test_multi_choice_support_adds_up() -> None:
    all_support = [o.id for o in QUIZ.question("support_offer").options]
    assert scores(QUIZ, {"support_offer": all_support})["support"] == 4
    assert scores(QUIZ, {"support_offer": None})["support"] == 0  # skipped


@pytest.mark.parametrize("dimension", QUIZ.dimensions, ids=lambda d: d.id)
def test_each_level_applies_up_to_its_bound_and_the_next_takes_over(dimension) -> None:  # type: ignore[no-untyped-def]
    bounds = [lv.up_to for lv in dimension.levels if lv.up_to is not None]
    assert bounds == sorted(bounds)
    for index, level in enumerate(dimension.levels[:-1]):
        assert level.up_to is not None
        assert level_for(dimension, level.up_to) is level
        assert level_for(dimension, level.up_to + 1) is dimension.levels[index + 1]


def test_low_trust_gets_the_advice_to_invest_in_communication() -> None:
    trust = next(d for d in QUIZ.dimensions if d.id == "trust")
    low = scores(QUIZ, {"bond": "little"})["trust"]
    assert "Invest first in communicating and recruiting" in level_for(trust, low).advice
    openness = next(d for d in QUIZ.dimensions if d.id == "openness")
    closed = scores(QUIZ, {"open_doors": "few"})["openness"]
    assert "one or two exchanges" in level_for(openness, closed).advice


async def test_a_full_quiz_in_dutch_saves_scores_and_gives_advice(app: App) -> None:
    chat = FakeChat(app)
    await chat.command("start")
    await chat.tap("lang:nl")
    await chat.tap("consent:yes")
    await chat.say("Kim")
    await chat.command("quiz")
    assert chat.tr(Msg(msgid=QUIZ.title), "nl") == "Klaar om zelf aan de slag te gaan?"
    for answer in ["opt:little", "opt:far", "opt:few", "opt:very_hard", "opt:effort",
                   "opt:very", "opt:few"]:  # fmt: skip
        await chat.tap(answer)
    await chat.tap("opt:hr_policy")
    await chat.tap("nav:done")
    for _ in range(3):
        await chat.tap("opt:yes")
    text = chat.all_text()
    trust = next(d for d in QUIZ.dimensions if d.id == "trust")
    assert chat.tr(Msg(msgid=trust.levels[0].advice), "nl") in text
    assert "Investeer eerst in communiceren en rekruteren" in text
    person = await person_of(app, chat)
    async with app.db.transaction() as conn:
        (response,) = await Responses(conn).of_user(person.id, "readiness_quiz")
    assert response.scores == {
        "trust": 1, "proximity": 0, "openness": 0, "urgency": 7, "support": 1, "capacity": 3,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("answers", "phase"),
    [
        ({"clear_owner": "no", "time_to_try": "no", "bond": "little"}, "First make room"),
        ({**{q: "yes" for q in ("clear_owner", "time_to_try")}, "bond": "little"},
         "phases 5.1 and 5.2"),
        (
            {"clear_owner": "yes", "time_to_try": "yes", "bond": "trust", "open_doors": "few"},
            "Start with phase 5.1",
        ),
        (
            {"clear_owner": "yes", "time_to_try": "yes", "bond": "trust", "open_doors": "many",
             "attract": "easy", "retain": "easy"},
            "show which labour-market challenges",
        ),
        (
            {"clear_owner": "yes", "time_to_try": "yes", "bond": "trust", "open_doors": "many",
             "attract": "very_hard", "retain": "very_hard"},
            "start with phase 5.1",
        ),
    ],
)  # fmt: skip
def test_the_recommendation_says_where_to_start(answers: dict[str, str], phase: str) -> None:
    from conversations.forms.scoring import recommendation

    rec = recommendation(QUIZ, scores(QUIZ, answers))
    assert rec is not None and phase in rec.text


def best_answers() -> dict[str, object]:
    """The most "ready" network the quiz can describe."""
    picked: dict[str, object] = {}
    for q in QUIZ.questions:
        if q.type == "yesno":
            picked[q.id] = "yes"
        elif q.type == "multi":
            picked[q.id] = [o.id for o in q.options]
        else:
            picked[q.id] = max(q.options, key=lambda o: o.score).id
    return picked


def test_even_the_readiest_network_starts_at_phase_5_1_never_5_3() -> None:
    """Seeds review, readiness quiz (002:537, 551, 600-609): recommendations follow the
    draaiboek's order; "start right away with phase 5.3" skipped communication and recruitment."""
    from conversations.forms.scoring import recommendation

    for rec in QUIZ.recommendations:
        assert "right away" not in rec.text
        phases = [p for p in ("5.1", "5.2", "5.3") if p in rec.text]
        assert phases and phases[0] == "5.1", rec.text  # every advice starts at the start
    best = recommendation(QUIZ, scores(QUIZ, best_answers()))
    assert best is not None and "start with phase 5.1" in best.text


def test_every_advice_quotes_the_draaiboek_quiz_or_is_marked_as_wegwijzers() -> None:
    """Seeds review, readiness quiz: the advice per answer comes from the draaiboek's own text
    (002:300-402); what the draaiboek does not say (support, capacity) is marked as Wegwijzer's."""
    for dimension in QUIZ.dimensions:
        for level in dimension.levels:
            if level.own:
                continue
            assert level.source is not None
            first = int(level.source.split(":")[1].split("-")[0].split(",")[0])
            assert 300 <= first <= 402, (dimension.id, level.source)
    own = {d.id for d in QUIZ.dimensions if all(lv.own for lv in d.levels)}
    assert own == {"support", "capacity"}  # the two blocks without advice in 002:381-395


def test_trust_is_only_claimed_for_the_draaiboeks_first_answer() -> None:
    """Seeds review §2b: "they know each other and meet" is not yet "a bond of trust"
    (002:297, 304)."""
    trust = next(d for d in QUIZ.dimensions if d.id == "trust")
    meet = level_for(trust, scores(QUIZ, {"bond": "meet"})["trust"])
    assert meet.label != "a bond of trust"
    assert level_for(trust, scores(QUIZ, {"bond": "trust"})["trust"]).label == "a bond of trust"


async def test_the_result_says_scores_are_wegwijzers_reading_and_marks_its_own_advice(
    app: App,
) -> None:
    """Seeds review, readiness quiz: the draaiboek has no points or levels; a score is kept only
    when shown as Wegwijzer's reading, and invented advice is not passed off as the draaiboek's."""
    chat = FakeChat(app, language_code="en")
    await chat.command("start")
    await chat.tap("lang:en")
    await chat.tap("consent:yes")
    await chat.say("Kim")
    await chat.command("quiz")
    for answer in ["opt:trust", "opt:close", "opt:many", "opt:effort", "opt:effort",
                   "opt:very", "opt:minority"]:  # fmt: skip
        await chat.tap(answer)
    await chat.tap("nav:skip")
    for _ in range(3):
        await chat.tap("opt:yes")
    text = chat.all_text()
    assert "The draaiboek's quiz gives no points." in text
    assert "Wegwijzer's suggestion (not in the draaiboek): You have a clear contact person" in text
    assert "Wegwijzer's suggestion (not in the draaiboek): Great: you can soon" not in text
    assert "Where to start: Follow the draaiboek's phases in order" in text


async def test_the_quiz_is_in_the_menu_of_coordinators_and_employers_only(
    app: App, clock: Clock
) -> None:
    """Seeds review, readiness quiz (002:88-90, 289; walkthrough 23): a check for a network or
    organisation, so not in the menus of switchers, coaches or newcomers."""
    for role, shown in [("coordinator", True), ("employer", True), ("switcher", False),
                        ("learning_coach", False), ("newcomer", False)]:  # fmt: skip
        chat = FakeChat(app, user=f"quiz-{role}")
        if role == "newcomer":
            await chat.command("start")
        else:
            await chat.command("start", await make_invite(app, clock, role))
        await chat.tap("lang:en")
        await chat.tap("consent:yes")
        await chat.say("Kim")
        await chat.command("start")
        assert ("form:readiness_quiz" in chat.choice_ids()) is shown, role


async def test_retaking_the_quiz_shows_the_change_since_last_time(app: App, clock) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    chat = FakeChat(app, language_code="en")
    await chat.command("start")
    await chat.tap("lang:en")
    await chat.tap("consent:yes")
    await chat.say("Kim")

    async def take(bond: str) -> None:
        await chat.command("quiz")
        await chat.tap(f"opt:{bond}")
        for answer in ["opt:far", "opt:few", "opt:easy", "opt:easy", "opt:very", "opt:many"]:
            await chat.tap(answer)
        await chat.tap("nav:skip")
        for _ in range(3):
            await chat.tap("opt:yes")

    await take("little")
    assert "You took this quiz before" not in chat.all_text()
    clock.advance(timedelta(days=30))
    await take("trust")
    text = chat.all_text()
    assert "You took this quiz before, on November 2, 2026." in text
    assert "Bond and trust: a bond of trust (score 3, last time 1)" in text
