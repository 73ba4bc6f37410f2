"""A person's own data on request and erasure.

Access (GDPR Art. 15/20): a zip with `data.json` (every row the ownership map ties to them, as
stored), `summary.html` (the same, readable, in their language) and the files they sent.
Erasure: rows about them deleted, the files too, a nameless stand-in kept only where an exchange
that took place must stay on record."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.data_files import TERMINAL_PLATFORM, remove_certificate_copies, remove_terminal_outbox
from bot.media import MediaStore
from storage import erasure, personal_data
from storage.people import People

log = logging.getLogger(__name__)


async def erase_person(conn: AsyncConnection, store: MediaStore, user_id: int) -> None:
    """Rows, media, the stored certificates of their exchanges (they name everyone in it; the
    switcher can ask for a new one) and their terminal outbox. The caller checkpoints the WAL
    once this transaction has committed (`Database.checkpoint`), so the deleted rows do not
    linger in `-wal` while the bot runs."""
    paths = await personal_data.media_paths(conn, user_id)
    exchange_ids = await erasure.exchanges_of(conn, user_id)
    terminal = [
        i.external_id
        for i in await People(conn).identities_of(user_id)
        if i.platform == TERMINAL_PLATFORM
    ]
    gone = await personal_data.erase(conn, user_id)
    for path in paths:
        await asyncio.to_thread(store.delete, path)
    certificates = await asyncio.to_thread(remove_certificate_copies, store.root, exchange_ids)
    await asyncio.to_thread(remove_terminal_outbox, store.root, terminal)
    log.info(
        "person %d erased (%d files, %d certificate copies)%s",
        user_id,
        len(paths),
        certificates,
        "" if gone else ", stand-in kept",
    )
