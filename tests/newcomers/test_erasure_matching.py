"""Erasure and matching: an introduction quotes the other person's own words (contact details,
the work they want), so erasing that person deletes a waiting introduction; names in offers are
looked up when they are sent."""

from __future__ import annotations

from bot.app import App
from bot.outgoing import parse_choice_token
from tests.exchanges.test_erasure import residue
from tests.exchanges.test_reminder_delivery import walk
from tests.exchanges.world import Outbox, tap_delivered
from tests.fakes import Clock
from tests.newcomers.test_matching import ask_for_mentor
from tests.newcomers.world import NURSE, newcomer, supporter


async def test_a_supporter_who_leaves_before_the_introduction_goes_out_is_not_quoted(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    fatima, _f = await supporter(app, clock, "450", "Qwfatima Hidden", languages=("ar",))
    amal, _a = await newcomer(app, clock, "460", "Amal Haddad", "en", NURSE)
    await ask_for_mentor(amal, contact="+32 470 99 88 77")
    await walk(app, clock, clock.now)
    offer = outbox.last_question(fatima)
    assert "Amal is looking for a mentor" in offer.text  # first name only, read when sent
    yes = next(o for o in offer.options if ":x:match:yes:" in o.token)
    await tap_delivered(fatima, offer, parse_choice_token(yes.token).choice_id)

    await fatima.command("forget")  # before the introductions are sent
    await fatima.tap("erase:yes")
    await walk(app, clock, clock.now)
    assert not any("qwfatima" in t.lower() for t in outbox.texts(amal))
    assert residue(app.settings.data_dir, ("Qwfatima", "qwfatima@example.org"), ()) == []


async def test_a_newcomer_who_leaves_is_not_introduced_to_the_supporter(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    fatima, _f = await supporter(app, clock, "470", "Fatima", languages=("ar",))
    amal, _a = await newcomer(app, clock, "480", "Qwamal Haddad", "en", NURSE)
    await ask_for_mentor(amal, contact="+32 470 12 34 56")
    await walk(app, clock, clock.now)
    offer = outbox.last_question(fatima)
    yes = next(o for o in offer.options if ":x:match:yes:" in o.token)
    await tap_delivered(fatima, offer, parse_choice_token(yes.token).choice_id)

    await amal.command("forget")
    await amal.tap("erase:yes")
    await walk(app, clock, clock.now)
    assert not any("+32 470 12 34 56" in t for t in outbox.texts(fatima))
    assert residue(app.settings.data_dir, ("Qwamal", "+32 470 12 34 56"), ()) == []
