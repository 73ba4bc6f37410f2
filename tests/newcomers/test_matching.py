"""Putting a newcomer in touch with a mentor: the ranking; a decline or a time-out passes the
request to the next candidate; when nobody is left the coordinator is alerted; and a supporter
never sees a newcomer who was not matched to them, whatever buttons they forge."""

from __future__ import annotations

from datetime import timedelta

from bot.app import App
from bot.outgoing import parse_choice_token
from conversations.events import ChoiceIn
from conversations.newcomer.matching import Candidate, Wish, rank
from storage.invites import Invites
from storage.people import People
from storage.supporters import Supporters
from tests.exchanges.test_reminder_delivery import walk
from tests.exchanges.world import Outbox, join, programme, tap_delivered
from tests.fakes import Clock, FakeChat
from tests.newcomers.world import NURSE, newcomer, supporter


def candidate(pid: int, **kw: object) -> Candidate:
    base: dict[str, object] = {
        "kinds": ("mentor",), "sectors": (), "languages": (), "region": "antwerp",
        "capacity": 2, "load": 0,
    }  # fmt: skip
    base.update(kw)
    return Candidate(person_id=pid, **base)  # type: ignore[arg-type]


def test_ranking_weighs_sector_then_language_then_region_then_load() -> None:
    wish = Wish("mentor", "healthcare", ("ar",), "east_flanders", dutch_level="a1")
    people = [
        candidate(1, languages=("ar",), region="east_flanders"),
        candidate(2, sectors=("healthcare",)),
        candidate(3, sectors=("healthcare",), languages=("ar",)),
        candidate(4, sectors=("healthcare",), languages=("ar",), region="online", load=1),
        candidate(5, sectors=("healthcare",), languages=("ar",), region="east_flanders"),
        candidate(6, kinds=("career_coach",), sectors=("healthcare",), languages=("ar",)),
        candidate(7, sectors=("healthcare",), languages=("ar",), capacity=1, load=1),  # full
        candidate(8, sectors=("healthcare",), languages=("ar",), region="east_flanders"),
    ]
    assert [c.person_id for c in rank(people, wish, excluded={8})] == [5, 4, 3, 2, 1]


def test_dutch_counts_as_a_shared_language_from_b1() -> None:
    other = candidate(1, languages=("fr",))  # would win a tie (lower id)
    dutch = candidate(2, languages=("nl",))
    assert rank([other, dutch], Wish("mentor", None, ("ar",), None, "b1"), set())[0] == dutch
    assert rank([other, dutch], Wish("mentor", None, ("ar",), None, "a2"), set())[0] == other


async def ask_for_mentor(chat: FakeChat, contact: str | None = "amal@example.org") -> None:
    await chat.command("support")
    await chat.tap("k:mentor")
    if contact is None:
        await chat.tap("self")
    else:
        await chat.say(contact)
    await chat.tap("yes")


async def test_decline_and_time_out_pass_the_request_on_and_nobody_left_alerts_the_coordinator(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    kims = await programme(app, clock, "Kim's organisation")
    kim, kim_id = await join(app, clock, "300", "coordinator", "Kim", "en", kims)
    _omar, _omar_id = await join(app, clock, "301", "coordinator", "Omar", "en")  # default
    first, _ = await supporter(app, clock, "310", "Fatima", languages=("ar", "nl"),
                               region="east_flanders")  # fmt: skip
    second, _ = await supporter(app, clock, "311", "Geert", languages=("nl",))
    third, _ = await supporter(app, clock, "312", "Hanne", sectors=("education",))
    # Amal joined through Kim's invite, so into Kim's programme: Kim is her coordinator.
    async with app.db.transaction() as conn:
        code = (await Invites(conn).create("newcomer", 1, clock.now + timedelta(days=3),
                                           clock.now, created_by=kim_id)).code  # fmt: skip
    amal = FakeChat(app, "320", display_name="Amal")
    await amal.command("start", code)
    await amal.tap("lang:en")
    await amal.tap("consent:yes")
    await amal.tap("name:platform")
    from tests.newcomers.world import take_intake

    await take_intake(amal, NURSE)
    await ask_for_mentor(amal)
    await walk(app, clock, clock.now)

    offer = outbox.last_question(first)  # the best match is asked first
    assert "Amal is looking for a mentor" in offer.text and "amal@example.org" not in offer.text
    await tap_delivered(first, offer, parse_choice_token(offer.options[1].token).choice_id)
    await walk(app, clock, clock.now)
    assert "Amal is looking for a mentor" in outbox.last_question(second).text

    # Geert does not answer: after the time-out the request moves on, and he is told.
    await walk(app, clock, clock.now + app.settings.match_delay + timedelta(minutes=1))
    assert any("did not answer the request of Amal in time" in t for t in outbox.texts(second))
    third_offer = outbox.last_question(third)
    await tap_delivered(third, third_offer, parse_choice_token(third_offer.options[1].token)
                        .choice_id)  # fmt: skip
    await walk(app, clock, clock.now)

    assert any("no mentor is available" in t for t in outbox.texts(amal))
    assert any("Nobody is available as mentor for Amal" in t for t in outbox.texts(kim))
    assert not outbox.texts(_omar)  # only her own coordinator
    async with app.db.transaction() as conn:
        identity = await People(conn).find_identity("fake", "320")
        assert identity is not None
        [request] = await Supporters(conn).requests_of(identity.user_id)
    assert request.status == "unavailable"


async def test_a_supporter_never_sees_newcomers_not_matched_to_them(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    fatima, _f = await supporter(app, clock, "330", "Fatima", languages=("ar",))
    geert, _g = await supporter(app, clock, "331", "Geert", sectors=("business",))
    amal, _a = await newcomer(app, clock, "340", "Amal Haddad", "en", NURSE)
    await ask_for_mentor(amal, contact="+32 470 11 22 33")
    await walk(app, clock, clock.now)
    offer = outbox.last_question(fatima)
    yes = next(o for o in offer.options if ":x:match:yes:" in o.token)
    offer_id = parse_choice_token(yes.token).choice_id.rsplit(":", 1)[1]

    # Geert forges Fatima's accept button: nothing happens, he learns nothing.
    await geert.send(ChoiceIn(choice_id=f"x:match:yes:{offer_id}", seq=0))
    assert "not for you" in geert.all_text()
    await walk(app, clock, clock.now)
    assert not any("+32 470 11 22 33" in t for t in outbox.texts(geert))
    await geert.command("mentees")
    assert "No newcomer is matched to you yet" in geert.all_text()
    await geert.send(ChoiceIn(choice_id="m:1", seq=0))
    assert "Amal" not in geert.all_text()

    await tap_delivered(fatima, offer, f"x:match:yes:{offer_id}")
    await walk(app, clock, clock.now)
    assert any("+32 470 11 22 33" in t for t in outbox.texts(fatima))
    assert any("Good news: Fatima will be your mentor" in t for t in outbox.texts(amal))
    await fatima.command("mentees")
    assert fatima.choice_ids() == ["m:1", "back"]
    await fatima.tap("m:1")
    await fatima.tap("log")
    await fatima.tap("today")
    await fatima.say("We looked at the nursing vacancies in Gent together.")
    assert "nursing vacancies" in fatima.all_text()
    await geert.command("mentees")
    assert "nursing" not in geert.all_text()

    # The newcomer rates the support.
    await amal.command("support")
    assert "Your mentor: Fatima" in amal.all_text()
    await amal.tap("rate")
    await amal.tap("r:5")
    await amal.say("Very helpful")
    async with app.db.transaction() as conn:
        assert await Supporters(conn).rating(1) == 5


async def test_a_new_supporter_gets_the_request_nobody_could_take(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    _kim, _ = await join(app, clock, "350", "coordinator", "Kim", "en")
    amal, _a = await newcomer(app, clock, "351", "Amal Haddad", "en", NURSE)
    await ask_for_mentor(amal)
    await walk(app, clock, clock.now)
    assert any("no mentor is available" in t for t in outbox.texts(amal))
    # The coordinator finds someone; once her profile is saved, she is asked straight away.
    fatima, _f = await supporter(app, clock, "352", "Fatima", languages=("ar",))
    await walk(app, clock, clock.now)
    assert "Amal is looking for a mentor" in outbox.last_question(fatima).text
    # Someone outside the sector registering later does not get it (nor re-alert anyone).
    geert, _g = await supporter(app, clock, "353", "Geert", sectors=("business",))
    await walk(app, clock, clock.now)
    assert not any("Amal" in t for t in outbox.texts(geert))


async def test_nobody_available_alerts_only_the_coordinators_of_the_newcomers_programme(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    """A newcomer who came without an invite is in the default programme: its coordinators
    hear that nobody could help, a coordinator of another programme does not."""
    elsewhere = await programme(app, clock, "Elsewhere")
    kim, _kim_id = await join(app, clock, "340", "coordinator", "Kim", "en", elsewhere)
    omar, _omar_id = await join(app, clock, "341", "coordinator", "Omar", "en")  # default
    nour = FakeChat(app, "342", display_name="Nour")
    await nour.command("start")  # no invite: a newcomer in the default programme
    await nour.tap("lang:en")
    await nour.tap("consent:yes")
    await nour.tap("name:platform")
    from tests.newcomers.world import take_intake

    await take_intake(nour, NURSE)
    await ask_for_mentor(nour)
    await walk(app, clock, clock.now)
    assert any("Nobody is available as mentor for Nour" in t for t in outbox.texts(omar))
    assert not any("Nour" in t for t in outbox.texts(kim))
