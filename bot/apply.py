"""Carrying out the effects a flow returned, inside the event's transaction.

Each effect type has exactly one applier, declared by its feature (bot/features.py); the
appliers check access again and raise `Refused` for what the person may not do, which rolls
the whole event back.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.basics import InviteGone
from bot.feature import Applying
from bot.features import applier
from bot.media import MediaStore
from bot.settings import Settings
from conversations.effects import Effect
from conversations.newcomer.vocabulary import Vocabulary

__all__ = ["InviteGone", "apply_effects"]


async def apply_effects(
    conn: AsyncConnection,
    settings: Settings,
    media: MediaStore,
    words: Vocabulary,
    user_id: int,
    effects: list[Effect],
    now: datetime,
) -> None:
    applying = Applying(conn, settings, media, words, user_id, now)
    for effect in effects:
        found = applier(effect)
        await found(applying, effect)
        if found.ends:
            return
