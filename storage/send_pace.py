"""A sending pace shared by every worker on PostgreSQL (issue 18): each send reserves the next
free slot in one row, with one statement, on the database's clock, so N workers together keep
to the bot's rate (Telegram allows about 30 messages a second per bot) without being told N.
"""

from __future__ import annotations

from sqlalchemy import func, literal
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.schema import send_pace


async def reserve(conn: AsyncConnection, name: str, spacing: float) -> tuple[float, float]:
    """Take the pace's next slot; returns (slot, now), both seconds on the database's clock.
    The caller sends at `slot`, that is after `slot - now` seconds."""
    now = func.extract("epoch", func.clock_timestamp())
    taken = (
        insert(send_pace)
        .values(name=name, next_slot=now + spacing)
        .on_conflict_do_update(
            index_elements=[send_pace.c.name],
            set_={"next_slot": func.greatest(send_pace.c.next_slot, now) + spacing},
        )
        .returning(send_pace.c.next_slot - literal(spacing), now)
    )
    slot, at = (await conn.execute(taken)).one()
    return float(slot), float(at)
