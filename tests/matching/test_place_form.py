"""Registering a learning place in chat (issue 17 item 2): a coordinator or a host employer
fills the short "Offer a learning place" form; the place lands in their programme, open for
matching, an employer's with them as its contact. Others never see the form."""

from __future__ import annotations

from datetime import date

from bot.app import App
from storage.places import Places
from tests.exchanges.world import join, programme
from tests.fakes import Clock, FakeChat


async def fill(chat: FakeChat, host: str, coach: str | None = None) -> None:
    await chat.tap("form:learning_place")
    await chat.say("Magazijn en logistiek")
    await chat.say(host)
    await chat.say("Dokweg 3, 9000 Gent")
    await chat.say("Gent")
    await chat.tap("opt:east_flanders")
    await chat.tap("opt:yes")
    await chat.say("1/12/2026")
    await chat.say("31/01/2027")
    await chat.say("twee")  # not a number: asked again, nothing lost
    await chat.say("2")
    if coach is None:
        await chat.tap("nav:skip")  # no new learning coach named
    else:
        await chat.say(coach)
    await chat.say("Veiligheidsschoenen")
    await chat.tap("nav:skip")


async def test_a_host_employer_offers_a_place_in_their_programme(app: App, clock: Clock) -> None:
    ours = await programme(app, clock, "Stad Gent")
    _kim, kim_id = await join(app, clock, "601", "coordinator", "Kim", "nl", programme=ours)
    eva, eva_id = await join(app, clock, "602", "employer", "Eva", "ar", programme=ours)
    await fill(eva, "Colruyt")
    async with app.db.transaction() as conn:
        [place] = await Places(conn).of_coordinator(kim_id, open_only=True)
    assert (place.topic, place.host_org, place.municipality, place.region) == (
        "Magazijn en logistiek", "Colruyt", "Gent", "Oost-Vlaanderen",
    )  # fmt: skip
    assert place.dates == ((date(2026, 12, 1), date(2027, 1, 31)),)
    assert (place.capacity, place.public_transport, place.safety) == (
        2,
        True,
        "Veiligheidsschoenen",
    )
    assert place.host_contact_id == eva_id and place.created_by == eva_id
    assert place.exclusions is None


async def test_a_coordinator_offers_a_place_and_others_do_not_see_the_form(
    app: App, clock: Clock
) -> None:
    ours = await programme(app, clock, "Stad Gent")
    theirs = await programme(app, clock, "Elders")
    kim, kim_id = await join(app, clock, "611", "coordinator", "Kim", "fr", programme=ours)
    _lou, lou_id = await join(app, clock, "612", "coordinator", "Lou", "en", programme=theirs)
    anna, _anna_id = await join(app, clock, "613", "switcher", "Anna", "nl", programme=ours)
    await fill(kim, "Stad Gent")
    async with app.db.transaction() as conn:
        [place] = await Places(conn).of_coordinator(kim_id)
        assert await Places(conn).of_coordinator(lou_id) == []
    assert place.host_contact_id is None and place.created_by == kim_id
    await anna.command("menu")
    assert "menu:agenda" in anna.choice_ids() and "form:learning_place" not in anna.choice_ids()
