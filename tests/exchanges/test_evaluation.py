"""Some weeks after the exchange, the four roles each get their own evaluation (content files,
draaiboek 5.8) in their own language; reminders stop once answered, at most two reminders."""

from __future__ import annotations

from datetime import timedelta

from bot.app import App
from conversations.events import ChoiceIn
from conversations.exchange_texts import EVALUATION
from conversations.text import Msg
from storage.exchanges import NewExchange
from storage.reminders import Reminders
from storage.responses import Responses
from tests.exchanges.test_reminder_delivery import walk
from tests.exchanges.world import Outbox, join, tap_delivered
from tests.fakes import Clock, FakeChat


async def answer_all(chat: FakeChat, form_id: str) -> None:
    """Tap or type an answer to every question of an evaluation until it is finished."""
    form = chat.app.dispatcher.journey.forms[form_id]
    for question in form.questions:
        if question.type == "scale":
            await chat.tap("opt:4")
        elif question.type == "single":
            await chat.tap(f"opt:{question.options[0].id}")
        elif question.type == "yesno":
            await chat.tap("opt:no")
        else:
            await chat.say(f"Antwoord op {question.id}")


async def test_four_roles_evaluate_in_their_language_and_reminders_stop(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    switcher, s_id = await join(app, clock, "501", "switcher", "Anna", "nl")
    coach, c_id = await join(app, clock, "502", "learning_coach", "Samir", "ar")
    sending, se_id = await join(app, clock, "503", "employer", "Els", "nl")
    host, h_id = await join(app, clock, "504", "employer", "Hadi", "ar")
    start = clock.now + timedelta(days=10)
    from bot.reminders.service import create_exchange

    new = NewExchange(s_id, c_id, "Gent", ((start, start + timedelta(hours=6)),),
                      sending_contact_id=se_id, host_contact_id=h_id)  # fmt: skip
    async with app.db.transaction() as conn:
        ex = await create_exchange(conn, app.settings, new, clock.now)
    end = start + timedelta(hours=6)
    await walk(app, clock, end + timedelta(days=21, hours=1))

    forms = {
        switcher: "evaluation_switcher",
        coach: "evaluation_learning_coach",
        sending: "evaluation_sending_employer",
        host: "evaluation_host_employer",
    }
    for chat, form_id in forms.items():
        if chat is host:
            continue  # Hadi does not answer
        request = outbox.last_question(chat)
        await tap_delivered(chat, request, f"x:eval:{ex}")
        title = chat.tr(Msg(msgid=app.dispatcher.journey.forms[form_id].title), "en")
        locale = "ar" if chat in (coach, host) else "nl"
        assert chat.tr(Msg(msgid=app.dispatcher.journey.forms[form_id].title), locale) != title
        assert chat.tr(Msg(msgid=app.dispatcher.journey.forms[form_id].title), locale) in (
            chat.all_text()
        )
        await answer_all(chat, form_id)

    await walk(app, clock, end + timedelta(days=60))
    async with app.db.transaction() as conn:
        rows = [r for r in await Reminders(conn).of_exchange(ex) if r.kind == EVALUATION]
        done = {
            pid: [r for r in await Responses(conn).of_user(pid, form) if r.completed_at]
            for pid, form in (
                (s_id, "evaluation_switcher"),
                (c_id, "evaluation_learning_coach"),
                (se_id, "evaluation_sending_employer"),
            )
        }
    assert all(len(found) == 1 for found in done.values())
    sent = {pid: sum(r.person_id == pid and r.status == "sent" for r in rows)
            for pid in (s_id, c_id, se_id, h_id)}  # fmt: skip
    assert sent == {s_id: 1, c_id: 1, se_id: 1, h_id: 3}  # the first ask plus two reminders
    assert {r.note for r in rows if r.status == "skipped"} == {"already answered"}

    # a forged evaluation button for somebody else's exchange opens nothing
    outsider, _o = await join(app, clock, "599", "switcher", "Mallory", "en")
    await outsider.send(ChoiceIn(choice_id=f"x:eval:{ex}", seq=0))
    assert "evaluation" not in " ".join(outsider.choice_ids())
