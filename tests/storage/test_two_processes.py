"""Two bots on one database (issue 18 item 1): one person's events, handled by both at once,
still run one after the other. On PostgreSQL the per-person advisory lock does it across
processes; the in-process lock alone let both load the same conversation version, so one of
them failed on the optimistic check and had to run again."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.app import App
from tests.fakes import Clock, FakeChat


async def test_one_persons_events_on_two_bots_at_once_wait_for_each_other(
    app: App, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    other = await App.open(app.settings, clock=clock)  # a second process, as far as locks go
    try:
        here, there = FakeChat(app, "7"), FakeChat(other, "7")
        await here.command("start")
        caplog.set_level(logging.INFO, logger="bot.dispatcher")
        deliveries = await asyncio.wait_for(
            asyncio.gather(*(chat.command("help") for _ in range(5) for chat in (here, there))),
            timeout=60,
        )
    finally:
        await other.close()
    assert all(d.messages for d in deliveries)  # every event answered
    texts = [t for chat in (here, there) for t in chat.texts()]
    assert not any("Sorry, something went wrong" in t for t in texts)
    assert not [r for r in caplog.records if "retrying an event" in r.getMessage()]
