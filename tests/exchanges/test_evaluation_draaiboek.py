"""The four evaluations follow the draaiboek's 5.8 (seeds review, "Evaluation 5.8"): its
questions per role (002:936-942) in meaning, its follow-up ideas (922, 954), additions marked
as Wegwijzer's, and "Welke vervolgacties zal je nemen?" asked of the switcher and leading
into /actions."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.app import App
from bot.content import load_library
from storage.exchanges import NewExchange
from tests.exchanges.test_reminder_delivery import walk
from tests.exchanges.world import Outbox, join, tap_delivered
from tests.fakes import Clock

FORMS = load_library().forms
EVALUATIONS = {
    "evaluation_switcher": "002:936",
    "evaluation_sending_employer": "002:938",
    "evaluation_learning_coach": "002:940",
    "evaluation_host_employer": "002:942",
}


@pytest.mark.parametrize(("form_id", "line"), EVALUATIONS.items())
def test_every_question_is_the_draaiboeks_or_marked_as_wegwijzers(form_id: str, line: str) -> None:
    """Seeds review, evaluation 5.8: the switcher's form added two scales as if they were the
    draaiboek's; every question now names its lines (the role's own, or the follow-up ideas of
    922/954) or says it is Wegwijzer's, and each role gets all of its draaiboek questions."""
    form = FORMS[form_id]
    for q in form.questions:
        if q.id == "recording_consent":  # asks leave to keep voice notes, not about the exchange
            continue
        assert q.own or (q.source is not None and q.source.startswith("002:9")), q.id
    from_role = [q for q in form.questions if q.source and q.source.startswith(line)]
    assert len(from_role) == {"002:936": 5, "002:938": 4, "002:940": 5, "002:942": 4}[line]
    assert any(q.source and "922" in q.source for q in form.questions if q.type == "yesno")


async def test_the_switcher_is_asked_for_follow_up_actions_and_led_into_actions(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    """Seeds review, evaluation 5.8 (002:936): "Welke vervolgacties zal je nemen?" was left out
    of the switcher's evaluation; Wegwijzer's own scale is shown as an extra question."""
    anna, anna_id = await join(app, clock, "521", "switcher", "Anna", "en")
    _jan, jan_id = await join(app, clock, "522", "learning_coach", "Jan", "en")
    start = clock.now + timedelta(days=10)
    from bot.reminders.service import create_exchange

    new = NewExchange(anna_id, jan_id, "Gent", ((start, start + timedelta(hours=6)),))
    async with app.db.transaction() as conn:
        ex = await create_exchange(conn, app.settings, new, clock.now)
    await walk(app, clock, start + timedelta(days=22))
    await tap_delivered(anna, outbox.last_question(anna), f"x:eval:{ex}")
    assert "(An extra question from Wegwijzer.)" in anna.all_text()  # preparation: not 936
    await anna.tap("opt:4")
    await anna.tap("opt:no")  # keep no voice messages
    assert "(An extra question from Wegwijzer.)" not in anna.all_text()  # "What did you learn?"
    asked = []
    form = FORMS["evaluation_switcher"]
    for question in form.questions[2:]:
        asked.append(anna.all_text())
        await answer_all_one(anna, question.type, question.options)
    assert any("Which follow-up actions will you take?" in text for text in asked)
    assert any("/actions" in text for text in asked)
    assert "What will you do with what you learned?" in anna.all_text()  # /actions opened


async def answer_all_one(chat, kind, options) -> None:  # type: ignore[no-untyped-def]
    if kind == "scale":
        await chat.tap("opt:4")
    elif kind == "single":
        await chat.tap(f"opt:{options[0].id}")
    elif kind == "yesno":
        await chat.tap("opt:no")
    else:
        await chat.say("Share the new planning board in our team meeting")

