"""Employers join the programme (issue 17 item 1): an employer contact fills in the intake
(kept for their organisation, seen by its coordinator and nobody else's), reads the answers to
the questions employers ask and confirms the engagement declaration with name and date; the
coordinator sees who confirmed."""

from __future__ import annotations

from bot.app import App
from conversations.employers.engagement import FAQ
from conversations.employers.notices import engagement_signed, intake_filed
from storage.employers import Employers
from tests.exchanges.conftest import FAST
from tests.exchanges.world import Outbox, join, programme
from tests.fakes import Clock, FakeChat
from tests.matching.test_chat_matching import join_for


async def intake(chat: FakeChat) -> None:
    await chat.tap("form:employer_intake")
    await chat.say("Colruyt Group NV")  # the invite's label names the organisation
    await chat.tap("opt:both")
    await chat.say("Retail")
    await chat.tap("opt:s250")
    await chat.say("Halle en Gent")
    await chat.say("Nederlands, Frans")
    await chat.say("Veiligheidsschoenen in het magazijn")
    await chat.say("De boekhouding")
    await chat.say("Logistiek en onthaal")  # sending: where the learning needs are
    await chat.say("Teamleiders in de winkels")
    await chat.say("Dat het hele team er iets van meeneemt")
    await chat.say("Twee uitwisselingen dit jaar")
    await chat.tap("opt:yes")


async def test_intake_and_engagement_seen_by_the_coordinator(app: App, clock: Clock) -> None:
    ours = await programme(app, clock, "Stad Gent")
    theirs = await programme(app, clock, "Elders")
    kim, kim_id = await join(app, clock, "701", "coordinator", "Kim", "fr", programme=ours)
    lou, lou_id = await join(app, clock, "702", "coordinator", "Lou", "en", programme=theirs)
    eva, _eva_id = await join_for(app, clock, "703", "employer", "Eva", ours, "Colruyt")
    assert "form:employer_intake" in eva.choice_ids() and "menu:engagement" in eva.choice_ids()
    assert "form:employer_intake" not in kim.choice_ids()
    await intake(eva)
    async with app.db.transaction() as conn:
        [kept] = await Employers(conn).intakes_of(kim_id)
        assert await Employers(conn).intakes_of(lou_id) == []
    assert kept.organisation == "Colruyt" and kept.answers["role"] == "both"
    assert kept.answers["needs_where"] == "Logistiek en onthaal"
    assert kept.answers["communication"] == "yes"

    await eva.tap("menu:engagement")
    await eva.tap("faq:hours")
    assert eva.tr(FAQ["faq:hours"][1], "nl") in eva.all_text()
    await eva.tap("sign")
    await eva.say("E")  # too short: asked again
    await eva.say("Eva   Peeters")
    assert "Eva Peeters" in eva.all_text() and "6" in eva.all_text()
    await eva.tap("confirm")
    async with app.db.transaction() as conn:
        [signed] = await Employers(conn).engagements_of(kim_id)
    assert (signed.organisation, signed.signed_name, signed.signed_on) == (
        "Colruyt", "Eva Peeters", clock.now.date(),
    )  # fmt: skip
    await eva.tap("menu:engagement")
    assert "Eva Peeters" in eva.all_text()  # they see what they confirmed

    await kim.tap("menu:employers")
    shown = kim.all_text()
    assert "Colruyt" in shown and "Eva Peeters" in shown
    await kim.tap("org:1")
    shown = kim.all_text()
    assert "Retail" in shown and "De boekhouding" in shown and "Teamleiders" in shown
    await lou.tap("menu:employers")
    assert "Colruyt" not in lou.all_text() and "Eva" not in lou.all_text()


async def test_an_employer_outside_any_programme_keeps_only_answers(app: App, clock: Clock) -> None:
    """No programme to keep it for: nothing is shown to any coordinator."""
    ours = await programme(app, clock, "Stad Gent")
    _kim, kim_id = await join(app, clock, "711", "coordinator", "Kim", "nl", programme=ours)
    eva, _eva_id = await join(app, clock, "712", "employer", "Eva", "nl")  # default programme
    await intake(eva)
    async with app.db.transaction() as conn:
        assert await Employers(conn).intakes_of(kim_id) == []


async def test_the_contacts_export_holds_and_erasure_removes_intake_and_signature(
    app: App, clock: Clock
) -> None:
    """GDPR: the intake and the declaration are in the contact's export and go with them."""
    from storage.personal_data import erase, export_rows

    ours = await programme(app, clock, "Stad Gent")
    _kim, kim_id = await join(app, clock, "721", "coordinator", "Kim", "nl", programme=ours)
    eva, eva_id = await join_for(app, clock, "722", "employer", "Eva", ours, "Colruyt")
    await intake(eva)
    await eva.tap("menu:engagement")
    await eva.tap("sign")
    await eva.say("Eva Peeters")
    await eva.tap("confirm")
    async with app.db.transaction() as conn:
        rows = await export_rows(conn, eva_id)
        assert rows["organisation_intakes"][0]["answers"]["sector"] == "Retail"
        assert rows["engagements"][0]["signed_name"] == "Eva Peeters"
        await erase(conn, eva_id)
        assert await Employers(conn).intakes_of(kim_id) == []
        assert await Employers(conn).engagements_of(kim_id) == []


async def test_the_host_employer_sees_the_agenda_summary_the_sending_one_does_not(
    app: App, clock: Clock
) -> None:
    """Issue 17 item 1, draaiboek 847: the host employer is informed of the learning agenda
    (its question and goals, nothing else); the sending employer sees the exchange without it."""
    from datetime import timedelta

    from storage.agendas import Agendas
    from storage.exchanges import Exchanges, NewExchange
    from tests.matching.test_chat_matching import AGENDA

    ours = await programme(app, clock, "Stad Gent")
    _kim, kim_id = await join(app, clock, "751", "coordinator", "Kim", "nl", programme=ours)
    _anna, anna = await join(app, clock, "752", "switcher", "Anna", "nl", programme=ours)
    _jan, jan = await join(app, clock, "753", "learning_coach", "Jan", "nl", programme=ours)
    eva, eva_id = await join(app, clock, "754", "employer", "Eva", "fr", programme=ours)
    lien, lien_id = await join(app, clock, "755", "employer", "Lien", "nl", programme=ours)
    start = clock.now + timedelta(days=20)
    async with app.db.transaction() as conn:
        await Agendas(conn).add_version(anna, AGENDA, anna, clock.now)
        await Exchanges(conn).create(
            NewExchange(anna, jan, "AZ Maria", ((start, start + timedelta(hours=7)),), kim_id,
                        sending_contact_id=lien_id, host_contact_id=eva_id), clock.now)  # fmt: skip
    question = "Hoe plannen jullie de verpleging op een drukke afdeling?"
    await eva.command("exchanges")
    assert question in eva.all_text() and "dienstrooster" in eva.all_text()
    assert "agenda" not in eva.choice_ids()  # not the whole agenda
    await lien.command("exchanges")
    assert "AZ Maria" in lien.all_text() and question not in lien.all_text()


async def test_the_sending_contact_is_found_by_organisation_in_the_programme(
    app: App, clock: Clock
) -> None:
    """790: the switcher's own employer is told too; its contact is an employer invited for the
    same organisation (any case) in the coordinator's programme, never another programme's."""
    ours = await programme(app, clock, "Stad Gent")
    theirs = await programme(app, clock, "Elders")
    _kim, kim_id = await join(app, clock, "761", "coordinator", "Kim", "nl", programme=ours)
    _lou, lou_id = await join(app, clock, "762", "coordinator", "Lou", "nl", programme=theirs)
    _lien, lien_id = await join_for(app, clock, "763", "employer", "Lien", ours, "AZ Sint-Jan")
    async with app.db.transaction() as conn:
        assert await Employers(conn).contact_of(kim_id, "az sint-jan ") == lien_id
        assert await Employers(conn).contact_of(lou_id, "AZ Sint-Jan") is None
        assert await Employers(conn).contact_of(kim_id, "Colruyt") is None


async def test_the_coordinator_is_told_when_an_employer_files_the_intake_and_signs(
    app: App, clock: Clock
) -> None:
    """Before, the coordinator found out only by opening the Employers overview."""
    box = Outbox()
    app.transports["fake"] = box
    await app.start_scheduler(wake=False, pacer=FAST)
    ours = await programme(app, clock, "Stad Gent")
    theirs = await programme(app, clock, "Elders")
    kim, _kim_id = await join(app, clock, "721", "coordinator", "Kim", "fr", programme=ours)
    lou, _lou_id = await join(app, clock, "722", "coordinator", "Lou", "en", programme=theirs)
    eva, _eva_id = await join_for(app, clock, "723", "employer", "Eva", ours, "Colruyt")
    assert app.scheduler is not None

    await intake(eva)
    await app.scheduler.run_due()
    told = box.texts(kim)
    assert told == [kim.tr(intake_filed("Colruyt"), "fr")]
    assert "Colruyt" in told[0] and "Employers" not in told[0]  # in Kim's language

    await eva.tap("menu:engagement")
    await eva.tap("sign")
    await eva.say("Eva Peeters")
    await eva.tap("confirm")
    await app.scheduler.run_due()
    said = kim.tr(engagement_signed("Colruyt", "Eva Peeters", clock.now.date()), "fr")
    assert box.texts(kim)[1:] == [said]
    assert "Eva Peeters" in said and str(clock.now.year) in said
    assert box.texts(lou) == []  # the other programme's coordinator hears nothing


async def test_a_contact_without_an_organisation_is_named_once_in_the_notice(
    app: App, clock: Clock
) -> None:
    """Invited without the organisation's name: the notice names the person, not twice."""
    box = Outbox()
    app.transports["fake"] = box
    await app.start_scheduler(wake=False, pacer=FAST)
    ours = await programme(app, clock, "Stad Gent")
    kim, _kim_id = await join(app, clock, "731", "coordinator", "Kim", "nl", programme=ours)
    eva, _eva_id = await join(app, clock, "732", "employer", "Eva", "nl", programme=ours)
    await eva.tap("menu:engagement")
    await eva.tap("sign")
    await eva.say("Eva Peeters")
    await eva.tap("confirm")
    assert app.scheduler is not None
    await app.scheduler.run_due()
    [told] = box.texts(kim)
    assert told == kim.tr(engagement_signed(None, "Eva Peeters", clock.now.date()), "nl")
    assert told.count("Eva Peeters") == 1 and "engagementsverklaring" in told
