"""A person's own data on request and erasure.

Access (GDPR Art. 15/20): a zip with `data.json` (every row the ownership map ties to them, as
stored), `summary.html` (the same, readable, in their language) and the files they sent.
Erasure: rows about them deleted, the files too, a nameless stand-in kept only where an exchange
that took place must stay on record."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.data_files import TERMINAL_PLATFORM, remove_certificate_copies, remove_terminal_outbox
from bot.media import MediaStore
from conversations.replies import PersonalData, Reply, SendDocument
from storage import erasure, personal_data
from storage.people import People

log = logging.getLogger(__name__)


Rows = Mapping[str, list[dict[str, Any]]]
#: Builds summary.html from the exported rows, in the reader's language (see personal_summary).
Summarise = Callable[[Rows], str]


def _zip(rows: Rows, summary: str, files: list[tuple[str, Path]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        archive.writestr("summary.html", summary)
        for name, path in files:
            if path.is_file():
                archive.write(path, arcname=name)
    return out.getvalue()


async def export_zip(
    conn: AsyncConnection, store: MediaStore, user_id: int, summarise: Summarise
) -> bytes:
    """Everything the ownership map ties to the person, with the files of their media rows."""
    rows = await personal_data.export_rows(conn, user_id)
    files = [(str(m["path"]), store.root / str(m["path"])) for m in rows.get("media", [])]
    summary = summarise(rows)
    return await asyncio.to_thread(_zip, rows, summary, files)


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


async def expand_personal_data(
    conn: AsyncConnection,
    store: MediaStore,
    replies: list[Reply],
    user_id: int,
    summarise: Summarise,
) -> list[Reply]:
    """Replace the `/mydata` placeholder by the zip, built for the person who asked."""
    out: list[Reply] = []
    for reply in replies:
        if isinstance(reply, PersonalData):
            data = await export_zip(conn, store, user_id, summarise)
            out.append(
                SendDocument(data=data, file_name="wegwijzer-my-data.zip",
                             mime_type="application/zip")
            )  # fmt: skip
        else:
            out.append(reply)
    return out
