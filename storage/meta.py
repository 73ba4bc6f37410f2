"""Small facts the deployment learns at run time, such as the Telegram bot's username."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.dialect import upsert
from storage.schema import meta


class Meta:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def get(self, key: str) -> str | None:
        row = (await self.conn.execute(select(meta.c.value).where(meta.c.key == key))).first()
        return None if row is None else str(row.value)

    async def put(self, key: str, value: str) -> None:
        await self.conn.execute(
            upsert(self.conn, meta, {"key": key, "value": value}, {"value": value})
        )
