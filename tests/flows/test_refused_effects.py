"""One refusal for the whole event (production-core issue item 8): when the database side
refuses what a flow did (the exchange is no longer the person's, a forged request slipped
past the flow), the event is rolled back as a whole and the person gets a neutral answer with
the question they were at. Before, the refused effect was dropped and logged, while the flow's
"Saved" still went out and the rest of the event was kept."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.app import App
from bot.dispatcher import NOT_POSSIBLE
from bot.reflections import effects as reflection_effects
from storage.conversations import Conversations
from storage.reflections import Reflections
from tests.exchanges.world import Outbox, exchange, join
from tests.fakes import Clock


async def test_a_refused_effect_rolls_back_the_event_and_says_so(
    app: App, outbox: Outbox, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna, s_id = await join(app, clock, "501", "switcher", "Anna", "en")
    _ben, c_id = await join(app, clock, "502", "learning_coach", "Ben", "en")
    ex = await exchange(app, clock, s_id, c_id, None, clock.now + timedelta(days=1))
    clock.advance(timedelta(days=2))
    await anna.command("reflect")
    async with app.db.transaction() as conn:
        before, _ = await Conversations(conn).load(s_id)

    async def refuse(*_args: object, **_kwargs: object) -> None:
        raise reflection_effects.RefusedReflection(f"not a switcher of exchange {ex}")

    monkeypatch.setattr(reflection_effects, "add_item", refuse)
    answer = await anna.say("What I learned today about planning.")
    text = anna.all_text(answer)
    assert anna.tr(NOT_POSSIBLE, "en") in text
    assert "Sorry, something went wrong" not in text
    assert anna.question().text  # the question they were at, asked again
    async with app.db.transaction() as conn:
        after, _ = await Conversations(conn).load(s_id)
        stored = await Reflections(conn).of_exchange(ex)
    assert not stored
    assert after is not None and before is not None
    assert after["stack"] == before["stack"]  # the flow's step was not kept
