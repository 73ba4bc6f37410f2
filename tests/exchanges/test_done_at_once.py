"""Walkthrough 25: an exchange stayed "planned" (with preparation counts) for 30 minutes after
its last day, until the reflection prompt marked it done. The coordinator now sees it done as
soon as the last day is over."""

from __future__ import annotations

from datetime import timedelta

from bot.app import App
from tests.exchanges.world import Outbox, exchange, join
from tests.fakes import Clock


async def test_the_coordinator_sees_done_right_after_the_last_day(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    kim, kim_id = await join(app, clock, "2501", "coordinator", "Kim", "en")
    _anna, anna_id = await join(app, clock, "2502", "switcher", "Anna", "en")
    _jan, jan_id = await join(app, clock, "2503", "learning_coach", "Jan", "en")
    start = clock.now + timedelta(days=2)
    await exchange(app, clock, anna_id, jan_id, kim_id, start, hours=7)
    await kim.command("exchanges")
    assert "Status: planned" in kim.all_text() and "Preparation of the" in kim.all_text()
    clock.advance(timedelta(days=2, hours=7, minutes=5))  # 5 minutes after the end
    await kim.command("exchanges")
    shown = kim.all_text()
    assert "Status: done" in shown and "Preparation of the" not in shown
