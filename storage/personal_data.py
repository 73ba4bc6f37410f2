"""Everything stored about one person, found through the schema itself: every column that
points at `users.id`. Export and erasure read the same map, so a table added by a later
migration is covered without anyone remembering to add it here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage import erasure
from storage.schema import media, metadata, users


@dataclass(frozen=True)
class Link:
    table: str
    column: Column[Any]
    ondelete: str  # CASCADE, SET NULL or RESTRICT


def links() -> list[Link]:
    found = []
    for table in metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table is users:
                found.append(Link(table.name, fk.parent, (fk.ondelete or "RESTRICT").upper()))
    return found


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


async def export_rows(conn: AsyncConnection, user_id: int) -> dict[str, list[dict[str, Any]]]:
    """Table name → the rows that are about this person (their user row first)."""
    out: dict[str, list[dict[str, Any]]] = {}
    row = (await conn.execute(select(users).where(users.c.id == user_id))).first()
    if row is None:
        return out
    out["users"] = [{k: _plain(v) for k, v in row._mapping.items()}]
    for link in links():
        table = link.column.table
        rows = await conn.execute(select(table).where(link.column == user_id))
        found = [{k: _plain(v) for k, v in r._mapping.items()} for r in rows]
        if found:
            out.setdefault(link.table, [])
            out[link.table] += [r for r in found if r not in out[link.table]]
    return out


async def media_paths(conn: AsyncConnection, user_id: int) -> list[str]:
    rows = await conn.execute(select(media.c.path).where(media.c.user_id == user_id))
    return [str(r[0]) for r in rows]


async def erase(conn: AsyncConnection, user_id: int) -> bool:
    """Delete what is about this person. Rows that others need to keep a record (an exchange
    that took place, with them as switcher or coach) keep a nameless stand-in id. Returns
    True when the person row itself could go too.

    First, what others keep that names or quotes them (notices, notes in someone else's
    agenda) is made anonymous (`storage.erasure`)."""
    person = (await conn.execute(select(users.c.name).where(users.c.id == user_id))).first()
    name = person.name if person else None
    await erasure.forget_in_notices(conn, user_id, name)
    await erasure.forget_in_agendas(conn, user_id, name)
    await erasure.forget_in_conversations(conn, user_id, name)
    restricted = False
    for link in links():
        table = link.column.table
        if link.ondelete == "CASCADE":
            await conn.execute(delete(table).where(link.column == user_id))
        elif link.ondelete == "SET NULL":
            await conn.execute(
                update(table).where(link.column == user_id).values({link.column.name: None})
            )
        else:
            found = await conn.execute(select(link.column).where(link.column == user_id))
            restricted = restricted or found.first() is not None
    if restricted:
        await conn.execute(
            update(users).where(users.c.id == user_id).values(name=None, locale=None, timezone=None)
        )
        return False
    await conn.execute(delete(users).where(users.c.id == user_id))
    return True
