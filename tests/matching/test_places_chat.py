"""A coordinator keeps their learning places up to date in chat (issue 17 item 2: "places are
content the coordinator can edit, pause and retire"): only their programme's places, paused or
retired with a tap, and a paused place is no longer offered in matching."""

from __future__ import annotations

from bot.app import App
from conversations.matching.places_flow import STATUS
from conversations.text import _
from storage.places import Places
from tests.exchanges.world import Outbox
from tests.fakes import Clock, FakeChat
from tests.matching.test_chat_matching import world


async def test_pause_and_retire_in_chat(app: App, clock: Clock, outbox: Outbox) -> None:
    w = await world(app, clock)
    kim = w["kim"]
    assert isinstance(kim, FakeChat)
    await kim.tap("menu:places")
    shown = kim.all_text()
    assert "AZ Maria" in shown and "Colruyt" in shown and "Elders" not in shown
    assert kim.choice_ids() == ["pl:1", "pl:2", "pl:3"]  # not place 4, another programme's
    await kim.tap("pl:2")
    assert kim.choice_ids() == ["edit", "pause", "retire", "back"]
    await kim.tap("pause")
    assert kim.tr(_("Saved: the learning place is now {status}.", status=STATUS["paused"]),
                  "fr") in kim.all_text()  # fmt: skip
    async with app.db.transaction() as conn:
        place = await Places(conn).get(2)
    assert place is not None and place.status == "paused"
    await kim.tap("menu:new_exchange")
    await kim.tap(f"p:{w['anna_id']}")
    assert "pl:2" not in kim.choice_ids()  # no longer offered
    await kim.command("cancel")
    await kim.tap("menu:places")
    await kim.tap("pl:2")
    assert kim.choice_ids() == ["edit", "reopen", "retire", "back"]
    await kim.tap("retire")
    await kim.tap("menu:places")
    await kim.tap("pl:2")
    assert kim.choice_ids() == ["edit", "reopen", "back"]
    seq = kim.token_for("back").partition(":")[0]
    await kim.tap_token(f"{seq}:pause")  # not offered for a retired place: nothing changes
    async with app.db.transaction() as conn:
        place = await Places(conn).get(2)
    assert place is not None and place.status == "retired"


async def test_another_programmes_place_cannot_be_changed(app: App, clock: Clock) -> None:
    from bot.matching.effects import set_place_status
    from conversations.matching.effects import SetPlaceStatus

    w = await world(app, clock)
    async with app.db.transaction() as conn:
        await set_place_status(
            conn, int(str(w["kim_id"])), SetPlaceStatus(place_id=4, status="retired"), clock.now
        )
        place = await Places(conn).get(4)
    assert place is not None and place.status == "open"


async def test_coordinator_and_host_change_a_place_in_chat(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    """Issue 17 item 2: places can be edited in chat, by the coordinator (their programme's)
    and by the host employer (only the places they host, and without pausing them)."""
    w = await world(app, clock)
    kim, eva = w["kim"], w["eva"]
    assert isinstance(kim, FakeChat) and isinstance(eva, FakeChat)
    await kim.tap("menu:places")
    await kim.tap("pl:1")
    await kim.tap("edit")
    await kim.tap("f:municipality")
    await kim.say("Merelbeke")
    await eva.tap("menu:places")
    assert eva.choice_ids() == ["pl:2"]  # only the place she is the contact of
    await eva.tap("pl:2")
    assert eva.choice_ids() == ["edit", "back"]
    await eva.tap("edit")
    await eva.tap("f:capacity")
    await eva.say("zestig")  # not a number from 1 to 50: asked again
    await eva.say("3")
    async with app.db.transaction() as conn:
        first, second = await Places(conn).get(1), await Places(conn).get(2)
    assert first is not None and first.municipality == "Merelbeke"
    assert second is not None and second.capacity == 3


async def test_a_forged_edit_of_someone_elses_place_changes_nothing(app: App, clock: Clock) -> None:
    from bot.matching.effects import edit_place
    from conversations.matching.effects import EditPlace

    w = await world(app, clock)
    async with app.db.transaction() as conn:
        await edit_place(conn, int(str(w["eva_id"])), frozenset({"employer"}),
                         EditPlace(place_id=1, field="topic", value="X"), clock.now)  # fmt: skip
        await edit_place(conn, int(str(w["kim_id"])), frozenset({"coordinator"}),
                         EditPlace(place_id=4, field="topic", value="X"), clock.now)  # fmt: skip
        places = [await Places(conn).get(i) for i in (1, 4)]
    assert all(p is not None and p.topic != "X" for p in places)
