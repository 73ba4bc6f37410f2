"""A clean stop finishes the sends in flight (production-core issue item 7): stopping the bot
while a notice is on its way (SIGTERM, end of input in the terminal chat) used to cancel the
send half-way, so the row stayed "sending" and the next start marked it *interrupted*: the
message was lost although nothing crashed."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.app import App
from bot.notices import add_notice
from bot.outgoing import Outgoing
from bot.settings import Settings
from conversations.text import _
from storage.reminders import Reminders
from tests.exchanges.conftest import FAST
from tests.exchanges.world import join
from tests.fakes import Clock


class SlowOutbox:
    """A transport whose sends take a while, like Telegram on a slow day."""

    platform = "fake"

    def __init__(self) -> None:
        self.started = asyncio.Event()
        self.sent: list[tuple[str, list[Outgoing]]] = []

    async def send(self, chat_id: str, messages: list[Outgoing]) -> None:
        self.started.set()
        await asyncio.sleep(0.5)
        self.sent.append((chat_id, messages))

    async def fetch_media(self, ref: str) -> bytes:
        raise LookupError(ref)


async def test_stopping_while_a_notice_is_being_sent_finishes_it(
    settings: Settings, clock: Clock
) -> None:
    app = await App.open(settings, clock=clock)
    outbox = SlowOutbox()
    try:
        _chat, person = await join(app, clock, "301", "coordinator", "Kim", "en")
        app.transports["fake"] = outbox
        await app.start_scheduler(sync_every=0.05, pacer=FAST)
        async with app.db.transaction() as conn:
            row = await add_notice(conn, person, _("The exchange is cancelled."), clock.now)
        assert app.scheduler is not None
        app.scheduler.nudge()
        await asyncio.wait_for(outbox.started.wait(), 10)
    finally:
        await app.close()  # what SIGTERM and end of input do

    assert len(outbox.sent) == 1
    again = await App.open(settings, clock=clock)
    try:
        async with again.db.transaction() as conn:
            stored = await Reminders(conn).get(row)
        assert stored is not None and stored.status == "sent"
        await again.start_scheduler(wake=False)
        async with again.db.transaction() as conn:
            stored = await Reminders(conn).get(row)
        assert stored is not None and stored.status == "sent"  # not "interrupted"
    finally:
        await again.close()
    clock.advance(timedelta(seconds=1))
