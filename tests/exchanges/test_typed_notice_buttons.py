"""Buttons under reminders and notices can be answered by typing (walkthrough finding 2): a
typed number went to the question that was open before the notice arrived (the menu, the agenda
part editor), so the terminal could not answer a reminder at all."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.app import App
from conversations.text import Msg, _
from storage.attendance import Attendance
from storage.supporters import Supporters
from tests.exchanges.test_reminder_delivery import three, walk
from tests.exchanges.world import Outbox, exchange
from tests.fakes import Clock
from tests.newcomers.test_matching import ask_for_mentor
from tests.newcomers.world import NURSE, newcomer, supporter

START = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)


async def attending(app: App, exchange_id: int, person_id: int) -> bool | None:
    async with app.db.read() as conn:
        return (await Attendance(conn).of_exchange(exchange_id)).get(person_id)


async def test_a_typed_number_answers_the_reminder_just_received(
    app: App, outbox: Outbox, clock: Clock
) -> None:
    """Finding 2: Anna types `1` under "1) I'll be there 2) I can't make it": she is noted as
    coming (before, the `1` opened the first line of her menu)."""
    switcher, s_id, _coach, c_id, _coordinator, k_id = await three(app, clock)
    await switcher.command("reset")  # the menu is open
    ex = await exchange(app, clock, s_id, c_id, k_id, START)
    await walk(app, clock, START - timedelta(days=1))
    reminder = outbox.last_question(switcher)
    assert reminder.options[0].label == switcher.tr(_("I'll be there"), "nl")
    await switcher.say("1")
    assert await attending(app, ex, s_id) is True
    assert "Bedankt! Tot" in switcher.all_text()
    # the reminder is answered: the next number is for the open question again (the menu)
    await switcher.say("1")
    assert "checklist" in switcher.choice_ids()  # "My exchanges" opened


async def test_a_mentor_accepts_an_offer_by_typing(
    app: App, outbox: Outbox, clock: Clock
) -> None:
    """Finding 2: Peter typed `1` under "Yes, I will help / Not this time" and was told that no
    newcomer is matched to him; typing the label got "Please choose one of the options"."""
    peter, p_id = await supporter(app, clock, "410", "Peter", languages=("ar", "nl"))
    layla, _l = await newcomer(app, clock, "420", "Layla", "en", NURSE)
    await ask_for_mentor(layla)
    await walk(app, clock, clock.now)
    assert "Layla is looking for a mentor" in outbox.last_question(peter).text
    await peter.say("Yes, I will help")
    async with app.db.read() as conn:
        [offer] = await Supporters(conn).offers_to(p_id)
    assert offer.status == "accepted"


async def test_a_missed_offer_is_found_again_under_mentees(
    app: App, outbox: Outbox, clock: Clock
) -> None:
    """Finding 2: `/mentees` said "No newcomer is matched to you yet" while an offer was
    pending, so an offer missed in the chat could not be found again."""
    peter, p_id = await supporter(app, clock, "430", "Peter", languages=("ar", "nl"))
    layla, _l = await newcomer(app, clock, "440", "Layla", "en", NURSE)
    await ask_for_mentor(layla)
    await walk(app, clock, clock.now)
    await peter.command("mentees")
    assert "No newcomer is matched" not in peter.all_text()
    [request] = [c for c in peter.choice_ids() if c.startswith("o:")]
    await peter.tap(request)
    assert "Layla is looking for a mentor" in peter.all_text()
    await peter.tap("yes")
    async with app.db.read() as conn:
        [offer] = await Supporters(conn).offers_to(p_id)
    assert offer.status == "accepted"
    await walk(app, clock, clock.now)
    await peter.command("mentees")
    assert not [c for c in peter.choice_ids() if c.startswith("o:")]  # no longer open
    assert any(c.startswith("m:") for c in peter.choice_ids())  # now a matched newcomer


async def test_the_evaluation_can_be_started_from_exchanges(
    app: App, outbox: Outbox, clock: Clock
) -> None:
    """Finding 2: "Start the evaluation" existed only under the reminder; /exchanges now offers
    it once the exchange is over."""
    switcher, s_id, coach, c_id, _coordinator, k_id = await three(app, clock)
    await exchange(app, clock, s_id, c_id, k_id, START)
    await switcher.command("exchanges")
    assert "evaluation" not in switcher.choice_ids()  # not before the exchange
    clock.now = START + timedelta(days=1)
    await coach.command("exchanges")
    await coach.tap("evaluation")
    form = app.dispatcher.journey.forms["evaluation_learning_coach"]
    assert coach.tr(Msg(msgid=form.title), "uk") in coach.all_text()
