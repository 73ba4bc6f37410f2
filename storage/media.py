"""Rows for stored media files; the bytes live in the data dir under `path`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.schema import media


@dataclass(frozen=True)
class MediaRow:
    id: int
    user_id: int
    kind: str
    path: str
    sha256: str
    size: int
    mime_type: str
    duration: float | None
    width: int | None
    height: int | None
    file_name: str | None = None  # as sent, sanitised (walkthrough 20)


class MediaFiles:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def add(self, user_id: int, kind: str, fields: dict[str, object], now: datetime) -> int:
        """`fields`: path, sha256, size, mime_type and optionally duration, width, height,
        file_name.

        A type the sender's app claimed that is longer than the column is no real type: kept as
        plain bytes (PostgreSQL would refuse the row and the file with it)."""
        limit = media.c.mime_type.type.length  # type: ignore[attr-defined]
        if len(str(fields.get("mime_type") or "")) > limit:
            fields = {**fields, "mime_type": "application/octet-stream"}
        result = await self.conn.execute(
            insert(media)
            .values(user_id=user_id, kind=kind, created_at=now, **fields)
            .returning(media.c.id)
        )
        return int(result.scalar_one())

    async def used_by(self, user_id: int) -> int:
        """Bytes of all files kept for this person (the media quota counts these)."""
        total = await self.conn.scalar(
            select(func.coalesce(func.sum(media.c.size), 0)).where(media.c.user_id == user_id)
        )
        return int(total or 0)

    async def delete(self, media_id: int) -> None:
        await self.conn.execute(media.delete().where(media.c.id == media_id))

    async def get(self, media_id: int) -> MediaRow | None:
        row = (await self.conn.execute(select(media).where(media.c.id == media_id))).first()
        if row is None:
            return None
        return MediaRow(
            row.id, row.user_id, row.kind, row.path, row.sha256, row.size,
            row.mime_type, row.duration, row.width, row.height, row.file_name,
        )  # fmt: skip
