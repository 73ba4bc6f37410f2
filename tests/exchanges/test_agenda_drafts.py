"""Drafts and edits in the learning agenda (walkthrough findings 5 and 13): after /reset,
/cancel or /language the interview started again and the draft was emptied; editing the goals
silently replaced them all."""

from __future__ import annotations

import pytest

from bot.app import App
from conversations.agenda_model import AgendaContent
from storage.agendas import Agendas
from tests.exchanges.world import join
from tests.fakes import Clock, FakeChat

TRIGGER = "Omdat ons team een nieuw planningssysteem krijgt"
QUESTION = "Hoe werkt een buddysysteem voor nieuwe collega's in de praktijk bij jullie?"
GOAL_1 = "Een buddysysteem opzetten voor nieuwe collega's in mijn team"
GOAL_2 = "Drie vragen klaar hebben voor het gesprek met HR"
GOAL_2B = "Vier vragen klaar hebben voor het gesprek met HR"


async def draft_of(app: App, person: int) -> AgendaContent:
    async with app.db.read() as conn:
        raw = await Agendas(conn).draft(person)
    return AgendaContent.model_validate(raw or {})


async def latest_goals(app: App, person: int) -> list[str]:
    async with app.db.read() as conn:
        latest = await Agendas(conn).latest(person)
    assert latest is not None
    return [g.text for g in AgendaContent.model_validate(latest.content).goals]


@pytest.mark.parametrize("interruption", [("reset",), ("cancel",), ("language", "lang:nl")])
async def test_agenda_resumes_the_half_finished_interview(
    app: App, clock: Clock, interruption: tuple[str, ...]
) -> None:
    """Finding 5: Cara answered "why now", sent /reset (or /cancel, or switched language), then
    /agenda: the interview began again at "why now" and her draft was emptied."""
    cara, cara_id = await join(app, clock, "501", "switcher", "Cara", "nl")
    await cara.command("agenda")
    await cara.say(TRIGGER)
    await cara.command(interruption[0])
    if len(interruption) > 1:
        await cara.tap(interruption[1])
        await cara.command("reset")
    await cara.command("agenda")
    assert (await draft_of(app, cara_id)).trigger is not None  # not emptied
    assert TRIGGER in cara.all_text()  # shows what was kept
    why_now = "Waarom wil je nu iets nieuws leren?"
    assert why_now not in cara.question().text  # ... and goes on with the next question
    await cara.say(QUESTION)
    draft = await draft_of(app, cara_id)
    assert draft.trigger is not None and draft.trigger.text == TRIGGER
    assert draft.question is not None and draft.question.text == QUESTION


async def interview(anna: FakeChat) -> None:
    await anna.command("agenda")
    await anna.say(TRIGGER)
    await anna.say(QUESTION)
    await anna.tap("keep")  # the learning question gets one follow-up (walkthrough 12)
    await anna.say(GOAL_1)
    await anna.tap("skip")
    await anna.tap("skip")
    await anna.tap("more:yes")
    await anna.say(GOAL_2)
    await anna.tap("skip")
    await anna.tap("skip")
    await anna.tap("more:no")
    for _part in range(3):
        await anna.tap("skip")
    for _part in ("region", "travel", "dates"):
        await anna.tap("skip")
    await anna.tap("save")


async def test_unsaved_changes_survive_a_close_and_a_new_agenda_command(
    app: App, clock: Clock
) -> None:
    """Finding 5: "Closed. Your changes are kept as a draft; save them with /agenda" — and the
    next /agenda replaced the draft with the saved version."""
    anna, anna_id = await join(app, clock, "502", "switcher", "Anna", "nl")
    await interview(anna)
    await anna.command("agenda")
    await anna.tap("change")
    await anna.tap("part:trigger")
    await anna.say("Omdat mijn baas het vroeg")
    await anna.tap("close")
    await anna.command("agenda")
    assert "Omdat mijn baas het vroeg" in anna.all_text()
    await anna.tap("save")
    async with app.db.read() as conn:
        latest = await Agendas(conn).latest(anna_id)
    assert latest is not None and latest.version == 2
    assert AgendaContent.model_validate(latest.content).trigger.text == "Omdat mijn baas het vroeg"  # type: ignore[union-attr]


async def test_one_goal_is_edited_or_removed_on_its_own(app: App, clock: Clock) -> None:
    """Finding 13: "Change a part → Learning goals" restarted at goal 1 and, after one goal and
    "That's it", goal 2 was gone. Now each goal can be changed or removed on its own."""
    anna, anna_id = await join(app, clock, "503", "switcher", "Anna", "en")
    await interview(anna)
    await anna.command("agenda")
    await anna.tap("change")
    await anna.tap("part:goals")
    assert GOAL_1 in anna.all_text() and GOAL_2 in anna.all_text()
    assert {"goal:edit:2", "goal:remove:2", "goal:add", "back"} <= set(anna.choice_ids())
    await anna.tap("goal:edit:2")
    assert "back" in anna.choice_ids()  # the goal question has a way back
    await anna.say(GOAL_2B)
    await anna.tap("skip")
    await anna.tap("skip")
    await anna.tap("back")  # from the goal list to the summary
    await anna.tap("save")
    assert await latest_goals(app, anna_id) == [GOAL_1, GOAL_2B]
    await anna.command("agenda")
    await anna.tap("change")
    await anna.tap("part:goals")
    await anna.tap("goal:remove:1")
    await anna.tap("back")
    await anna.tap("save")
    assert await latest_goals(app, anna_id) == [GOAL_2B]
