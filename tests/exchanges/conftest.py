"""Exchange tests deliver reminders by stepping a clock: an outbox transport, no pacing delay."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.app import App
from bot.reminders.pacing import Pacer
from tests.exchanges.world import Outbox

FAST = Pacer(per_second=10_000, per_chat_interval=0)


@pytest.fixture
async def outbox(app: App) -> AsyncIterator[Outbox]:
    """Deliveries to the "fake" platform are collected; `app.scheduler.run_due()` sends."""
    box = Outbox()
    app.transports["fake"] = box
    await app.start_scheduler(wake=False, pacer=FAST)
    yield box
