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
        self.delay = 0.5

    async def send(self, chat_id: str, messages: list[Outgoing]) -> None:
        self.started.set()
        await asyncio.sleep(self.delay)
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


async def test_stopping_in_the_middle_of_a_burst_leaves_the_rest_for_the_restart(
    settings: Settings, clock: Clock
) -> None:
    """Found by the burst benchmark: rows were claimed before waiting for their sending slot, so
    a stop during a burst of 2,000 left 1,129 of them *sending*, lost at the next start."""
    from bot.reminders.pacing import Pacer

    app = await App.open(settings, clock=clock)
    outbox = SlowOutbox()
    people = []
    try:
        for n in range(30):
            _chat, person = await join(app, clock, f"31{n:02d}", "coordinator", f"K{n}", "en")
            people.append(person)
        app.transports["fake"] = outbox
        await app.start_scheduler(sync_every=0.05, pacer=Pacer(per_second=20))
        async with app.db.transaction() as conn:
            rows = [await add_notice(conn, p, _("The exchange is cancelled."), clock.now)
                    for p in people]  # fmt: skip
        assert app.scheduler is not None
        app.scheduler.nudge()
        await asyncio.wait_for(outbox.started.wait(), 10)
    finally:
        await app.close()
    first = len(outbox.sent)
    assert 0 < first < len(rows)

    again = await App.open(settings, clock=clock)
    try:
        async with again.db.transaction() as conn:
            statuses = [(await Reminders(conn).get(r)).status for r in rows]  # type: ignore[union-attr]
        assert "sending" not in statuses and "interrupted" not in statuses
        assert statuses.count("sent") == first
        again.transports["fake"] = outbox
        outbox.delay = 0.01  # a quick day now: only what the restart sends matters
        scheduler = await again.start_scheduler(wake=False, pacer=Pacer(per_second=10_000))
        await scheduler.run_due()
    finally:
        await again.close()
    chats = [chat for chat, _messages in outbox.sent]
    assert sorted(chats) == sorted({*chats}) and len(chats) == len(rows)  # each once
