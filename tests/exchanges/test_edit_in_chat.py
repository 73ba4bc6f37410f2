"""Issue 17 item 4: a coordinator reschedules and edits an exchange from chat, through the same
service as the desk and the command line: an employer contact added gets told and gets their
evaluation planned; new days are read like at set-up and everyone is asked again."""

from __future__ import annotations

from datetime import timedelta

from bot.app import App
from conversations.text import _
from storage.exchanges import Exchanges
from storage.reminders import Reminders
from tests.exchanges.world import Outbox, exchange, join
from tests.fakes import Clock


async def test_the_coordinator_adds_an_employer_and_moves_the_days(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    kim, kim_id = await join(app, clock, "601", "coordinator", "Kim", "en")
    anna, anna_id = await join(app, clock, "602", "switcher", "Anna", "nl")
    _jan, jan_id = await join(app, clock, "603", "learning_coach", "Jan", "en")
    tom, tom_id = await join(app, clock, "604", "employer", "Tom", "fr")
    made = await exchange(app, clock, anna_id, jan_id, kim_id, clock.now + timedelta(days=10))
    assert app.scheduler is not None
    await app.scheduler.run_due()

    await kim.command("exchanges")
    assert "change" in kim.choice_ids()
    await kim.tap("change")
    await kim.tap("host_contact_id")
    await kim.tap(f"p:{tom_id}")
    assert kim.tr(_("Changed. Everyone in the exchange has been told."), "en") in kim.all_text()
    async with app.db.transaction() as conn:
        found = await Exchanges(conn).get(made)
        rows = await Reminders(conn).of_exchange(made)
    assert found is not None and found.host_contact_id == tom_id
    assert any(r.person_id == tom_id and r.kind == "evaluation" for r in rows)
    await app.scheduler.run_due()
    assert outbox.texts(tom), "the new host contact is told"

    await kim.tap("change")  # the exchange view is asked again after the change
    await kim.tap("days")
    await kim.say("15 december 16u-9u")
    assert kim.tr(_("The end must come after the start."), "en") in kim.all_text()
    await kim.say("15 december 9u-16u")
    await kim.tap("one_day")
    assert "9:00\u202fAM–4:00\u202fPM" in kim.all_text()
    await kim.tap("move")
    async with app.db.transaction() as conn:
        found = await Exchanges(conn).get(made)
    assert found is not None and [(d[0].month, d[0].day) for d in found.days] == [(12, 15)]
    await app.scheduler.run_due()
    assert any("09:00–16:00" in t for t in outbox.texts(anna))  # dates said once, in Dutch
