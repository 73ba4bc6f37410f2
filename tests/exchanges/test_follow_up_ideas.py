"""Follow-up actions suggest the draaiboek's own ideas (seeds review, "Follow-up"; 002:922, 954,
990-992): share the lessons with the team, the switcher becomes a learning coach, colleagues go
switching, telling about it at a presentation — not invented examples."""

from __future__ import annotations

from datetime import timedelta

from bot.app import App
from tests.exchanges.world import Outbox, exchange, join
from tests.fakes import Clock


async def test_the_actions_prompt_offers_the_draaiboeks_follow_up_ideas(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    """Seeds review §7.8: the examples ("planning board", "intake checklist") were invented."""
    anna, anna_id = await join(app, clock, "561", "switcher", "Anna", "en")
    _jan, jan_id = await join(app, clock, "562", "learning_coach", "Jan", "en")
    await exchange(app, clock, anna_id, jan_id, None, clock.now + timedelta(days=2))
    await anna.command("actions")
    prompt = anna.all_text()
    assert "become a learning coach myself" in prompt
    assert "encourage a colleague to go switching too" in prompt
    assert "planning board" not in prompt
