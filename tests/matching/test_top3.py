"""A switcher picks a top 3 of the learning places offered to them (issue 17 item 3, draaiboek
805) and the coordinator sees it while matching; without an agenda or without a place the
switcher is told plainly (no guarantee, 678)."""

from __future__ import annotations

from bot.app import App
from conversations.matching.choice import OFFERED
from conversations.text import _
from storage.agendas import Agendas
from storage.places import Places
from tests.exchanges.world import Outbox, join
from tests.fakes import Clock, FakeChat
from tests.matching.test_chat_matching import AGENDA, world


async def test_a_switcher_orders_the_places_offered_and_the_coordinator_sees_it(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    w = await world(app, clock)
    anna, kim = w["anna"], w["kim"]
    assert isinstance(anna, FakeChat) and isinstance(kim, FakeChat)
    await anna.tap("menu:place_choice")
    shown = anna.all_text()
    # the two places of her programme she may go to, never her own employer or another programme
    assert "AZ Maria" in shown and "Colruyt" in shown
    assert "AZ Sint-Jan" not in shown and "Elders" not in shown
    assert anna.choice_ids() == ["pl:2", "pl:1"]
    await anna.tap("pl:1")  # the warehouse first, against the ranking
    assert anna.choice_ids() == ["pl:2", "enough"]
    await anna.tap("pl:2")
    async with app.db.transaction() as conn:
        assert await Places(conn).choices({int(str(w["anna_id"]))}) == {
            int(str(w["anna_id"])): (1, 2)
        }
    await kim.tap("menu:new_exchange")
    await kim.tap(f"p:{w['anna_id']}")
    text = kim.all_text()
    first = kim.tr(_("The switcher's choice no. {rank}", rank=1), "fr")
    second = kim.tr(_("The switcher's choice no. {rank}", rank=2), "fr")
    # ranking unchanged (content first), each place marked with her choice
    assert text.index("AZ Maria") < text.index(second) < text.index("Colruyt") < text.index(first)
    assert OFFERED == 3


async def test_no_agenda_or_no_place_is_said_plainly(app: App, clock: Clock) -> None:
    bob, bob_id = await join(app, clock, "701", "switcher", "Bob", "en")
    await bob.tap("menu:place_choice")
    assert bob.tr(_(
        "First save your learning agenda (/agenda): then I can show learning places "
        "that fit your question."
    ), "en") in bob.all_text()  # fmt: skip
    async with app.db.transaction() as conn:
        await Agendas(conn).add_version(bob_id, AGENDA, bob_id, clock.now)
    await bob.tap("menu:place_choice")
    assert bob.tr(_(
        "There is no learning place for you yet. Your coordinator keeps looking; a place "
        "is not guaranteed, and you will hear from them."
    ), "en") in bob.all_text()  # fmt: skip


async def test_only_open_places_of_her_programme_can_be_chosen(app: App, clock: Clock) -> None:
    """A forged choice (another programme's place, her own employer's) is never stored."""
    from bot.matching.effects import save_choices
    from conversations.matching.effects import ChoosePlaces

    w = await world(app, clock)
    anna, anna_id = w["anna"], int(str(w["anna_id"]))
    assert isinstance(anna, FakeChat)
    await anna.tap("menu:place_choice")
    seq = anna.token_for("pl:2").partition(":")[0]
    await anna.tap_token(f"{seq}:pl:3")  # her own employer's place, not offered
    assert anna.choice_ids() == ["pl:2", "pl:1"]  # asked again, nothing chosen
    async with app.db.transaction() as conn:
        await save_choices(conn, anna_id, ChoosePlaces(place_ids=(4, 2, 2, 1)), clock.now)
        assert await Places(conn).choices({anna_id}) == {anna_id: (2, 1)}
