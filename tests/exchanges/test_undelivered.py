"""A message that could not be delivered for good (the person blocked the bot) is recorded
with its reason and shown to the exchange's coordinator, who can then step in (production-core
issue item 6). Other people in the exchange do not see it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.app import App
from bot.outgoing import Outgoing
from bot.transport import SendFailed
from conversations.exchange_texts import NOTICE
from storage.reminders import Reminders
from tests.exchanges.world import Outbox, exchange, join
from tests.fakes import Clock

START = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)


class BlockedBy(Outbox):
    """Like the outbox, but one chat has blocked the bot."""

    def __init__(self, blocked: str) -> None:
        super().__init__()
        self.blocked = blocked

    async def send(self, chat_id: str, messages: list[Outgoing]) -> None:
        if chat_id == self.blocked:
            raise SendFailed("blocked by the user or removed from the chat")
        await super().send(chat_id, messages)


async def test_the_coordinator_sees_who_blocked_the_bot(
    app: App, outbox: Outbox, clock: Clock
) -> None:
    switcher, s_id = await join(app, clock, "401", "switcher", "Anna Peeters", "en")
    coach, c_id = await join(app, clock, "402", "learning_coach", "Ben", "en")
    coordinator, k_id = await join(app, clock, "403", "coordinator", "Kim", "en")
    app.transports["fake"] = BlockedBy(switcher.sender.chat_id)
    await exchange(app, clock, s_id, c_id, k_id, START)
    assert app.scheduler is not None
    await app.scheduler.run_due()  # "you have a new exchange" notices
    async with app.db.transaction() as conn:
        rows = [r for r in await Reminders(conn).of_person(s_id) if r.kind == NOTICE]
    assert rows and all(r.status == "failed" and r.attempts == 0 for r in rows)

    await coordinator.command("exchanges")
    seen = coordinator.all_text()
    assert "Anna Peeters did not get a message" in seen and "blocked the bot" in seen, seen
    await coach.command("exchanges")
    assert "did not get a message" not in coach.all_text()
    clock.advance(timedelta(seconds=1))

