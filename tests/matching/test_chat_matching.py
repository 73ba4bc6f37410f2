"""Matching in chat (issue 17 item 3; seeds-fidelity items 22, 66): a coordinator picking a
switcher sees the practical limits from the switcher's agenda and the open learning places of
their programme, best fit first with the reasons; picking one fills in place, host and coach,
and the exchange is made through the same service, with the host contact told."""

from __future__ import annotations

from datetime import date, timedelta

from bot.app import App
from bot.dispatcher import NOT_POSSIBLE
from conversations.matching.step import BY_HAND
from conversations.text import _
from storage.agendas import Agendas
from storage.exchanges import Exchanges
from storage.invites import Invites
from storage.people import People
from storage.places import NewPlace, Places
from tests.exchanges.world import Outbox, join, programme
from tests.fakes import Clock, FakeChat

AGENDA = {
    "question": {"text": "Hoe plannen jullie de verpleging op een drukke afdeling?"},
    "goals": [{"text": "Een dienstrooster voor verpleegkundigen kunnen lezen"}],
    "region": "Gent",
    "travel": "30",
    "dates": "maandag in december",
}


async def join_for(
    app: App, clock: Clock, user: str, role: str, name: str, programme_id: int, label: str
) -> tuple[FakeChat, int]:
    """Someone invited for an organisation (the invite's label), as `wegwijzer invite --label`."""
    async with app.db.transaction() as conn:
        made = await Invites(conn).create(
            role, 1, clock.now + timedelta(days=7), clock.now, label=label,
            programme_id=programme_id,
        )  # fmt: skip
    chat = FakeChat(app, user, display_name=name)
    await chat.command("start", made.code)
    for tap in ("lang:nl", "consent:yes", "name:platform"):
        await chat.tap(tap)
    async with app.db.transaction() as conn:
        identity = await People(conn).find_identity("fake", user)
    assert identity is not None
    return chat, identity.user_id


async def world(app: App, clock: Clock) -> dict[str, object]:
    ours = await programme(app, clock, "Stad Gent")
    theirs = await programme(app, clock, "Elders")
    kim, kim_id = await join(app, clock, "501", "coordinator", "Kim", "fr", programme=ours)
    anna, anna_id = await join_for(app, clock, "502", "switcher", "Anna", ours, "AZ Sint-Jan")
    _jan, jan_id = await join(app, clock, "503", "learning_coach", "Jan", "en", programme=ours)
    eva, eva_id = await join(app, clock, "504", "employer", "Eva", "ar", programme=ours)
    december = ((date(2026, 12, 1), date(2026, 12, 31)),)

    def place(topic: str, host: str, town: str, **kw: object) -> NewPlace:
        return NewPlace(
            programme_id=int(kw.pop("programme", ours)),
            topic=topic,
            host_org=host,
            site=f"{host}, {town}",
            municipality=town,
            **kw,
        )  # type: ignore[arg-type]

    async with app.db.transaction() as conn:
        await Agendas(conn).add_version(anna_id, AGENDA, anna_id, clock.now)
        places = Places(conn)
        await places.add(place("Magazijn", "Colruyt", "Gent"), clock.now)
        await places.add(place("Verpleegafdeling", "AZ Maria", "Aalst", region="Oost-Vlaanderen",
                               coach_id=jan_id, host_contact_id=eva_id, dates=december,
                               safety="Gesloten schoenen"), clock.now)  # fmt: skip
        await places.add(place("Verpleging", "AZ Sint-Jan", "Gent"), clock.now)  # own employer
        await places.add(place("Verpleging", "Elders", "Gent", programme=theirs), clock.now)
    return {"ours": ours, "kim": kim, "kim_id": kim_id, "anna": anna, "anna_id": anna_id,
            "jan_id": jan_id, "eva": eva, "eva_id": eva_id}  # fmt: skip


async def test_the_coordinator_sees_ranked_places_with_reasons_and_picks_one(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    w = await world(app, clock)
    kim = w["kim"]
    assert isinstance(kim, FakeChat)
    await kim.tap("menu:new_exchange")
    await kim.tap(f"p:{w['anna_id']}")
    shown = kim.all_text()
    # the practical limits from the agenda, never shown before (review item 22)
    assert "Gent" in shown and "maandag in december" in shown
    assert kim.tr(_("up to 30 minutes"), "fr") in shown
    # care place first (content), then the warehouse; own employer and other programme never
    assert kim.choice_ids() == ["pl:2", "pl:1", BY_HAND.id, "back"]
    assert shown.index("AZ Maria") < shown.index("Colruyt")
    assert "AZ Sint-Jan" not in shown and "Elders" not in shown
    first_reason = kim.tr(
        _("Same sector as the question: {sector} (+{points})", sector=_("care and health"),
          points=3), "fr",
    )  # fmt: skip
    assert first_reason in shown
    assert kim.tr(_("Possible on a day the switcher gave, such as {day} (+{points})",
                    day=date(2026, 12, 7), points=2), "fr") in shown  # fmt: skip
    await kim.tap("pl:2")  # coach comes with the place: straight to the dates
    day_prompt = kim.all_text()  # the dates the switcher gave, while the days are typed
    assert "maandag in december" in day_prompt and "Gent" in day_prompt
    await kim.say("2026-12-07 09:00-16:00")
    await kim.tap("one_day")
    await kim.tap("skip")  # sending organisation
    await kim.tap("skip")  # its employer contact
    assert kim.choice_ids()[0] == "keep"  # the place's host contact, kept with one tap
    await kim.tap("keep")
    await kim.tap("keep")  # the place's safety notes are kept
    await kim.tap("create")
    async with app.db.transaction() as conn:
        [made] = await Exchanges(conn).all()
        place = await Places(conn).get(2)
    assert (made.switcher_id, made.coach_id, made.host_contact_id) == (
        w["anna_id"], w["jan_id"], w["eva_id"],
    )  # fmt: skip
    assert made.host_org == "AZ Maria" and made.notes == "Gesloten schoenen"
    assert place is not None and (place.taken, place.left) == (1, 0)  # counted from the exchange
    assert app.scheduler is not None
    await app.scheduler.run_due()
    eva = w["eva"]
    assert isinstance(eva, FakeChat)
    assert outbox.texts(eva), "the host employer's contact is told"


async def test_a_paused_place_is_no_longer_offered_and_by_hand_still_works(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    w = await world(app, clock)
    kim = w["kim"]
    assert isinstance(kim, FakeChat)
    async with app.db.transaction() as conn:
        await Places(conn).set_status(2, "paused", clock.now)
    await kim.tap("menu:new_exchange")
    await kim.tap(f"p:{w['anna_id']}")
    assert kim.choice_ids() == ["pl:1", BY_HAND.id, "back"]
    seq = kim.token_for("pl:1").partition(":")[0]
    await kim.tap_token(f"{seq}:pl:2")  # forged: a place not offered is refused, nothing lost
    assert kim.choice_ids() == ["pl:1", BY_HAND.id, "back"]
    await kim.tap(BY_HAND.id)
    assert kim.choice_ids() == [f"p:{w['jan_id']}", "back"]  # on to the coach, as before


async def test_a_switcher_without_an_agenda_is_told_to_the_coordinator(
    app: App, clock: Clock
) -> None:
    w = await world(app, clock)
    kim = w["kim"]
    assert isinstance(kim, FakeChat)
    _chat, bob = await join(
        app, clock, "509", "switcher", "Bob", "en", programme=int(str(w["ours"]))
    )
    await kim.tap("menu:new_exchange")
    await kim.tap(f"p:{bob}")
    assert "Bob" in kim.all_text() and kim.choice_ids() == [BY_HAND.id, "back"]


async def test_a_place_paused_before_confirming_makes_no_exchange(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    """The place is checked again when the exchange is stored (another coordinator paused it)."""
    w = await world(app, clock)
    kim = w["kim"]
    assert isinstance(kim, FakeChat)
    await kim.tap("menu:new_exchange")
    await kim.tap(f"p:{w['anna_id']}")
    await kim.tap("pl:2")
    await kim.say("2026-12-07 09:00-16:00")
    await kim.tap("one_day")
    for _step in range(4):  # sending organisation, both contacts, notes
        await kim.tap("skip")
    async with app.db.transaction() as conn:
        await Places(conn).set_status(2, "paused", clock.now)
    await kim.tap("create")
    async with app.db.transaction() as conn:
        assert await Exchanges(conn).all() == []
    assert kim.tr(NOT_POSSIBLE, "fr").split(":")[0] in kim.all_text()
