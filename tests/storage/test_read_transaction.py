"""`Database.read`: a snapshot that does not take the writer's turn, so documents can be
gathered while everybody else's events commit."""

from __future__ import annotations

import asyncio

from bot.app import App
from storage.meta import Meta


async def test_a_write_commits_while_a_read_is_open_and_the_read_keeps_its_snapshot(
    app: App,
) -> None:
    async with app.db.transaction() as conn:
        await Meta(conn).put("k", "before")
    async with app.db.read() as reading:
        assert await Meta(reading).get("k") == "before"

        async def write() -> None:
            async with app.db.transaction() as conn:
                await Meta(conn).put("k", "after")

        await asyncio.wait_for(write(), timeout=30)  # a hang guard: it commits at once
        assert await Meta(reading).get("k") == "before"  # one consistent snapshot
    async with app.db.read() as reading:
        assert await Meta(reading).get("k") == "after"
