"""Consent records: every answer is kept with the version of the notice that was shown."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.schema import consents

DATA_PROCESSING = "data_processing"


class Consents:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def record(
        self,
        user_id: int,
        given: bool,
        notice_version: str,
        now: datetime,
        purpose: str = DATA_PROCESSING,
    ) -> None:
        await self.conn.execute(
            insert(consents).values(
                user_id=user_id,
                purpose=purpose,
                given=given,
                notice_version=notice_version,
                recorded_at=now,
            )
        )

    async def current(self, user_id: int, purpose: str = DATA_PROCESSING) -> bool | None:
        """The latest answer, or None if the person never answered."""
        row = (
            await self.conn.execute(
                select(consents.c.given)
                .where(consents.c.user_id == user_id, consents.c.purpose == purpose)
                .order_by(consents.c.id.desc())
                .limit(1)
            )
        ).first()
        return None if row is None else bool(row.given)
