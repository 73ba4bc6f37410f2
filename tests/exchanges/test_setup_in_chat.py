"""Walkthrough 8 and 14, issue 17 item 4: the coordinator's set-up in chat asks for the sending
organisation and both employer contacts, reads natural dates, says the end must come after the
start, questions a Sunday or a public holiday, has *Back* between steps, and confirms every
field; the employer contacts of an exchange made this way get their notice, checklist and
evaluation."""

from __future__ import annotations

from bot.app import App
from conversations.holidays import unusual_day
from conversations.text import _
from storage.exchanges import Exchanges
from storage.reminders import Reminders
from tests.exchanges.world import Outbox, join
from tests.fakes import Clock


async def test_set_up_with_employers_natural_dates_back_and_a_full_summary(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    kim, kim_id = await join(app, clock, "501", "coordinator", "Kim", "nl")
    anna, anna_id = await join(app, clock, "502", "switcher", "Anna", "nl")
    jan, jan_id = await join(app, clock, "503", "learning_coach", "Jan", "nl")
    els, els_id = await join(app, clock, "504", "employer", "Els", "nl")
    tom, tom_id = await join(app, clock, "505", "employer", "Tom", "fr")
    await kim.tap("menu:new_exchange")
    await kim.tap(f"p:{anna_id}")
    await kim.tap(f"p:{jan_id}")
    assert "back" in kim.choice_ids()

    await kim.say("10 december 16u-9u")  # walkthrough 14: the end before the start
    assert kim.tr(_("The end must come after the start."), "nl") in kim.all_text()
    await kim.say("13 december 9u tot 17u")  # a Sunday: asked, and refused
    assert kim.tr(unusual_day(clock.now.date().replace(month=12, day=13)) or _(""), "nl") in (
        kim.all_text()
    )
    assert kim.choice_ids() == ["day:yes", "day:no"]
    await kim.tap("day:no")
    await kim.say("10 december 9u-16u30")  # natural Dutch, no year: this December
    await kim.say("December 11 9am-1pm")  # English works too
    await kim.say("Stadhuis, Botermarkt 1, Gent")
    await kim.say("Stad Gnet")
    await kim.tap("back")  # a typo: one step back, the host is asked again
    assert kim.tr(_("Which organisation hosts the switcher?"), "nl") in kim.all_text()
    await kim.say("Stad Gent")
    await kim.say("Bakkerij Janssens")  # the sending organisation
    assert f"p:{els_id}" in kim.choice_ids() and f"p:{tom_id}" in kim.choice_ids()
    await kim.tap(f"p:{els_id}")  # sending employer contact
    assert f"p:{els_id}" not in kim.choice_ids()  # not the host's contact too
    await kim.tap(f"p:{tom_id}")  # host employer contact
    await kim.say("Veiligheidsschoenen meebrengen")
    summary = kim.all_text()
    for shown in ("Anna", "Jan", "Stadhuis, Botermarkt 1, Gent", "Stad Gent", "Bakkerij Janssens",
                  "Els", "Tom", "Veiligheidsschoenen meebrengen"):  # fmt: skip
        assert shown in summary, shown
    assert "09:00–16:30" in summary and summary.count("10 dec") == 1  # the date said once
    await kim.tap("create")

    async with app.db.transaction() as conn:
        [made] = await Exchanges(conn).all()
        rows = await Reminders(conn).of_exchange(made.id)
    assert (made.switcher_id, made.coach_id, made.coordinator_id) == (anna_id, jan_id, kim_id)
    assert (made.sending_contact_id, made.host_contact_id) == (els_id, tom_id)
    assert (made.sending_org, made.host_org) == ("Bakkerij Janssens", "Stad Gent")
    assert made.notes == "Veiligheidsschoenen meebrengen"
    assert [d[0].day for d in made.days] == [10, 11]
    evaluations = {r.person_id for r in rows if r.kind == "evaluation"}
    assert {els_id, tom_id} <= evaluations  # their evaluation is planned

    assert app.scheduler is not None
    await app.scheduler.run_due()
    for chat in (anna, jan, els, tom):
        assert any("/exchanges" in t for t in outbox.texts(chat)), chat.sender.chat_id
    await els.command("exchanges")
    await els.tap("checklist")
    assert [c for c in els.choice_ids() if c.startswith("item:")]  # the employer's own list
    await tom.command("exchanges")
    assert "Bakkerij Janssens" in tom.all_text()


async def test_a_holiday_can_be_kept_after_the_question(app: App, clock: Clock) -> None:
    """Walkthrough 14: Armistice Day is questioned, and kept when the coordinator says so."""
    kim, _kim = await join(app, clock, "511", "coordinator", "Kim", "en")
    _anna, anna_id = await join(app, clock, "512", "switcher", "Anna", "en")
    _jan, jan_id = await join(app, clock, "513", "learning_coach", "Jan", "en")
    await kim.tap("menu:new_exchange")
    await kim.tap(f"p:{anna_id}")
    await kim.tap(f"p:{jan_id}")
    await kim.say("11/11 9:00-17:00")
    assert "public holiday in Belgium (Armistice Day)" in kim.all_text()
    await kim.tap("day:yes")
    await kim.tap("back")  # back from day 2: day 1 is asked again and forgotten
    await kim.say("2026-11-12 09:00-17:00")
    await kim.tap("one_day")
    await kim.say("Gent")
    await kim.tap("skip")  # host
    await kim.tap("skip")  # sending organisation
    assert kim.choice_ids() == ["skip", "back"]  # no employer registered: go on without
    await kim.tap("skip")
    await kim.tap("skip")
    await kim.tap("skip")  # notes
    summary = kim.all_text()
    assert "Nov 12, 2026" in summary and "Nov 11" not in summary
    assert summary.count("(none)") == 5  # host, sending org, both contacts, notes
    await kim.tap("create")
    async with app.db.transaction() as conn:
        [made] = await Exchanges(conn).all()
    assert made.sending_contact_id is None and made.host_contact_id is None
    assert made.days[0][0] == clock.now.replace(day=12, hour=8)  # 09:00 in Brussels
