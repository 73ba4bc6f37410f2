"""A person's own data on request and erasure.

Access (GDPR Art. 15/20): a zip with `data.json` (every row the ownership map ties to them, as
stored), `summary.html` (the same, readable, in their language) and the files they sent.
Erasure: rows about them deleted, the files too, a nameless stand-in kept only where an exchange
that took place must stay on record."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.media import MediaStore
from storage import personal_data

log = logging.getLogger(__name__)


async def erase_person(conn: AsyncConnection, store: MediaStore, user_id: int) -> None:
    paths = await personal_data.media_paths(conn, user_id)
    gone = await personal_data.erase(conn, user_id)
    for path in paths:
        await asyncio.to_thread(store.delete, path)
    log.info(
        "person %d erased (%d files)%s", user_id, len(paths), "" if gone else ", stand-in kept"
    )
