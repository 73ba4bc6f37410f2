"""Two follow-up actions are two (walkthrough finding 6): after two actions, each sent in its
own message, the bot said "that makes three" and refused a third, because the stored actions
and the ones written in this run were both counted."""

from __future__ import annotations

from datetime import timedelta

from bot.app import App
from conversations.text import _
from storage.actions import Actions
from tests.exchanges.world import Outbox, exchange, join
from tests.fakes import Clock


async def test_three_actions_one_per_message(app: App, outbox: Outbox, clock: Clock) -> None:
    anna, anna_id = await join(app, clock, "781", "switcher", "Anna", "en")
    _ben, ben_id = await join(app, clock, "782", "learning_coach", "Ben", "en")
    await exchange(app, clock, anna_id, ben_id, None, clock.now + timedelta(days=1))
    clock.advance(timedelta(days=2))
    full = anna.tr(_("That makes three actions. Tap “That's all”."), "en")

    await anna.command("actions")
    await anna.say("Explain the queue technique at the January team meeting")
    await anna.say("Propose a ticket system to my manager")
    assert full not in anna.all_text()
    await anna.say("Invite my coach to visit our team")
    assert full in anna.all_text()
    await anna.say("A fourth one")
    more = _("You already have three actions. Tap “That's all”.")
    assert anna.tr(more, "en") in anna.all_text()
    async with app.db.transaction() as conn:
        stored = await Actions(conn).of_person(anna_id)
    assert len(stored) == 3
