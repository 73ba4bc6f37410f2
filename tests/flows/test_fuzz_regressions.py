"""Focused regressions for what the fuzz test (tests/flows/test_fuzz.py) found or had to steer
around, each fixed (the vertical tab by the safe-text edge, the notes by erasure blanking what
a person wrote on rows that stay for others)."""

from __future__ import annotations

from datetime import timedelta

from bot.app import App
from bot.outgoing import OutDocument
from tests.exchanges.conftest import outbox
from tests.exchanges.world import Outbox, exchange, join
from tests.fakes import Clock

__all__ = ["outbox"]
APOLOGY_START = "Sorry, something went wrong"


async def test_a_vertical_tab_in_a_reflection_does_not_break_the_coordinators_report(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    anna, anna_id = await join(app, clock, "951", "switcher", "Anna", "en")
    _jan, jan_id = await join(app, clock, "952", "learning_coach", "Jan", "en")
    kim, kim_id = await join(app, clock, "953", "coordinator", "Kim", "en")
    await exchange(app, clock, anna_id, jan_id, kim_id, clock.now + timedelta(days=1))
    await anna.command("reflect")
    await anna.say("first line\x0bsecond line")  # Word's line break, pasted
    await anna.tap("done")
    await anna.tap("vis:both")
    await kim.command("reset")
    await kim.tap("menu:cohort")
    assert not any(t.startswith(APOLOGY_START) for t in kim.texts())
    assert any(isinstance(m, OutDocument) for m in kim.last.messages)  # type: ignore[union-attr]


async def test_a_coordinators_notes_go_with_her_when_she_is_erased(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    """Found by the fuzz test: Kim wrote notes on Anna's exchange, then /forget; Jan still
    reads them."""
    _anna, anna_id = await join(app, clock, "961", "switcher", "Anna", "en")
    jan, jan_id = await join(app, clock, "962", "learning_coach", "Jan", "en")
    kim, kim_id = await join(app, clock, "963", "coordinator", "Kim", "en")
    await exchange(
        app, clock, anna_id, jan_id, kim_id, clock.now + timedelta(days=3),
        notes="Ring Kim on 0470 12 34 56",
    )  # fmt: skip
    await kim.command("forget")
    await kim.tap("erase:yes")
    await jan.command("exchanges")
    assert jan.texts()
    assert not any("0470 12 34 56" in t for t in jan.texts())
