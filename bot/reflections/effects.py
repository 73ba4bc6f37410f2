"""Storing reflection items as they arrive, and sharing a finished reflection, with the
author's part in the exchange checked again and recordings deleted without consent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.media import MediaStore
from bot.media_intake import forget_media, keep_media
from bot.refused import Refused
from conversations.reflections.effects import AddReflectionItem, ShareReflection
from storage.exchanges import Exchanges
from storage.media import MediaFiles
from storage.reflections import Reflections


class RefusedReflection(Refused):
    """Not the author's exchange (forged or stale); nothing is stored."""


async def add_item(
    conn: AsyncConnection, media: MediaStore, user_id: int, effect: AddReflectionItem, now: datetime
) -> None:
    exchange = await Exchanges(conn).get(effect.exchange_id)
    if exchange is None or effect.part.value not in exchange.roles_of(user_id):
        raise RefusedReflection(f"not a {effect.part.value} of exchange {effect.exchange_id}")
    reflections = Reflections(conn)
    reflection_id = await reflections.draft_id(
        effect.exchange_id, user_id, effect.part.value, effect.reflection, effect.started, now
    )
    value = await keep_media(conn, media, user_id, effect.value, now)
    if isinstance(value, dict):
        media_id = value.get("media_id")
        kind = str(value.get("media", "document"))
        await reflections.add_item(reflection_id, kind, None, media_id, now)
    else:
        await reflections.add_item(reflection_id, "text", str(value), None, now)


async def share(
    conn: AsyncConnection, media: MediaStore, user_id: int, effect: ShareReflection, now: datetime
) -> None:
    reflections = Reflections(conn)
    found = await reflections.by_started(user_id, effect.started)
    if found is None:
        raise RefusedReflection("no reflection to share")
    if not effect.keep_recordings:
        recorded = [i for i in found.items if i.media_id is not None]
        for item in recorded:
            row = await MediaFiles(conn).get(item.media_id or 0)
            if row is not None:
                await forget_media(conn, media, [{"media_id": row.id, "path": row.path}])
        await reflections.drop_items(found.id, [i.id for i in recorded])
    await reflections.share(found.id, effect.visibility, now)
