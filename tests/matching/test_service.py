"""The matching services the chat and the coordinator's web desk share (issue 17: "on one set
of services"): suggestions only for the coordinator's own switchers, and an exchange made from
a place through the same `create_exchange`, with the place's host and contact attached."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.app import App
from bot.matching.effects import PlaceUnavailable
from bot.matching.service import NotYourSwitcher, create_from_place, suggestions
from conversations.matching.model import Criterion
from storage.exchanges import Exchanges, NewExchange
from storage.places import Places
from tests.exchanges.world import Outbox, join
from tests.fakes import Clock
from tests.matching.test_chat_matching import world


async def test_suggestions_and_a_match_confirmed_outside_chat(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    w = await world(app, clock)
    kim, anna, jan = int(str(w["kim_id"])), int(str(w["anna_id"])), int(str(w["jan_id"]))
    async with app.db.transaction() as conn:
        await Places(conn).set_choices(anna, (1,), clock.now)
        found = await suggestions(conn, kim, anna, clock.now.date())
    assert found.needs is not None and found.needs.region == "Gent"
    assert [m.place.id for m in found.matches] == [2, 1] and found.chosen == (1,)
    dates = found.matches[0].reason(Criterion.DATES)
    assert dates is not None and dates.verdict == "overlap"
    day = (clock.now + timedelta(days=35), clock.now + timedelta(days=35, hours=7))
    new = NewExchange(anna, jan, "AZ Maria, Aalst", (day,), kim, learning_place_id=2)
    async with app.db.transaction() as conn:
        made = await create_from_place(conn, app.settings, kim, new, clock.now)
        exchange = await Exchanges(conn).get(made)
        with pytest.raises(PlaceUnavailable, match="full"):
            await create_from_place(conn, app.settings, kim, new, clock.now)
    assert exchange is not None
    assert (exchange.host_org, exchange.host_contact_id) == ("AZ Maria", w["eva_id"])


async def test_no_suggestions_for_someone_elses_switcher(app: App, clock: Clock) -> None:
    w = await world(app, clock)
    _bob_chat, bob = await join(app, clock, "801", "switcher", "Bob", "en")  # default programme
    async with app.db.transaction() as conn:
        with pytest.raises(NotYourSwitcher):
            await suggestions(conn, int(str(w["kim_id"])), bob, clock.now.date())
