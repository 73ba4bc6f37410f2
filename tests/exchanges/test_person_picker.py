"""Walkthrough 10: "Who is the switcher? (or type their number)" showed "1) Anna Peeters (nr. 2)"
and "2) Bram (nr. 9)"; typing 2 (Anna's number) picked Bram. The list now shows positions only,
and a typed number is the position."""

from __future__ import annotations

from bot.app import App
from tests.exchanges.world import Outbox, join
from tests.fakes import Clock


async def test_a_typed_number_is_the_position_and_no_other_number_is_shown(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    kim, _kim_id = await join(app, clock, "701", "coordinator", "Kim", "en")
    for user in ("702", "703", "704"):  # people before them: person numbers above positions
        await join(app, clock, user, "newcomer", f"Someone {user}", "en")
    _bram, bram_id = await join(app, clock, "705", "switcher", "Bram", "en")
    _anna, anna_id = await join(app, clock, "706", "switcher", "Anna Peeters", "en")
    _jan, _jan_id = await join(app, clock, "707", "learning_coach", "Jan", "en")
    await kim.tap("menu:new_exchange")
    labels = [str(option.label) for option in kim.question().options]
    assert not any("no." in label or str(anna_id) in label for label in labels), labels
    position = kim.choice_ids().index(f"p:{anna_id}") + 1
    assert position != anna_id
    await kim.say(str(anna_id))  # her person number is not a position: not taken
    assert "Jan" not in [str(o.label) for o in kim.question().options]  # still the switcher
    await kim.say(str(position))
    assert [str(o.label) for o in kim.question().options] == ["Jan", "Back"]  # the coach
    await kim.say("1")
    await kim.say("2026-11-20 09:00-16:30")
    await kim.tap("one_day")
    await kim.say("Stadhuis, Gent")
    await kim.say("Stad Gent")
    for _step in range(4):  # sending organisation, both employer contacts, notes
        await kim.tap("skip")
    summary = kim.all_text()
    assert "Anna Peeters" in summary and "Bram" not in summary
    assert bram_id != anna_id
