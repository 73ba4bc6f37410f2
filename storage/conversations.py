"""Conversation state per person, saved after every event so a restart resumes exactly there."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.schema import conversations


class ConcurrentUpdate(RuntimeError):
    """Someone else saved this conversation since we loaded it (a second process?)."""


class Conversations:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def load(self, user_id: int) -> tuple[dict[str, Any] | None, int]:
        """The stored state and its version (0 when there is none yet)."""
        row = (
            await self.conn.execute(
                select(conversations.c.state, conversations.c.version).where(
                    conversations.c.user_id == user_id
                )
            )
        ).first()
        if row is None:
            return None, 0
        return dict(row.state), int(row.version)

    async def save(self, user_id: int, state: dict[str, Any], version: int, now: datetime) -> None:
        """Write the new state; `version` is what `load` returned (optimistic check)."""
        if version == 0:
            await self.conn.execute(
                insert(conversations).values(
                    user_id=user_id, state=state, version=1, updated_at=now
                )
            )
            return
        result = await self.conn.execute(
            update(conversations)
            .where(conversations.c.user_id == user_id, conversations.c.version == version)
            .values(state=state, version=version + 1, updated_at=now)
        )
        if result.rowcount != 1:
            raise ConcurrentUpdate(f"conversation of user {user_id} changed meanwhile")
