"""Media on their way in: fetched and checked before the transaction, kept when a flow saves it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.file_names import safe_file_name
from bot.media import MAX_BYTES, STAGED, MediaStore, fits, image_size, sniff
from bot.media_safety import check_pdf, clean_image, looks_like_pdf
from conversations.events import MediaIn, MediaInfo
from storage.media import MediaFiles

log = logging.getLogger(__name__)

Fetcher = Callable[[str], Awaitable[bytes]]


class FetchFailed(Exception):
    """The platform did not hand over the file."""


async def prefetch(store: MediaStore, fetch: Fetcher | None, event: MediaIn) -> MediaIn:
    """Download (if not too big) into staging; the event then names the staged copy.

    Too-big files are left undownloaded: the flow sees their size and says so. Bytes that are
    not what the platform claims (a "photo" that is a PDF) are passed on as a document.
    Pictures lose their metadata here, before anything is written; a PDF that would run scripts
    and an undecodable or gigantic picture raise `MediaRefused` (nothing is kept).
    """
    info = event.media
    if fetch is None or (info.size is not None and info.size > MAX_BYTES):
        return event
    try:
        data = await fetch(info.ref)
    except Exception as exc:
        log.warning("could not fetch a %s: %s", event.media_kind, type(exc).__name__)
        raise FetchFailed from exc
    if len(data) > MAX_BYTES:
        return event.model_copy(update={"media": info.model_copy(update={"size": len(data)})})
    sniffed = sniff(data)
    if sniffed is not None and sniffed.startswith("image/"):
        data = await asyncio.to_thread(clean_image, data)
    elif looks_like_pdf(data):
        await asyncio.to_thread(check_pdf, data)
    dims = image_size(data)
    staged = info.model_copy(
        update={
            "ref": store.stage(data),
            "size": len(data),
            "mime_type": sniffed or info.mime_type,
            "width": dims[0] if dims else info.width,
            "height": dims[1] if dims else info.height,
        }
    )
    kind = event.media_kind if fits(event.media_kind, sniffed) else "document"
    return MediaIn(media_kind=kind, media=staged, caption=event.caption)


async def keep_media(
    conn: AsyncConnection, store: MediaStore, user_id: int, value: Any, now: datetime
) -> Any:
    """If an answer carries a staged file, store it for good and record it; else unchanged."""
    if not (isinstance(value, dict) and "media" in value):
        return value
    ref = str(value.get("ref", ""))
    if not ref.startswith(STAGED):
        return value
    stored = store.keep(ref, value.get("mime_type"), now, value.get("file_name"))
    fields = {
        "path": stored.path,
        "sha256": stored.sha256,
        "size": stored.size,
        "mime_type": stored.mime_type,
        "duration": value.get("duration"),
        "width": stored.width,
        "height": stored.height,
        "file_name": safe_file_name(value.get("file_name")),
    }
    media_id = await MediaFiles(conn).add(user_id, str(value["media"]), fields, now)
    kept = {k: v for k, v in value.items() if k != "ref"}
    return {**kept, **{k: v for k, v in fields.items() if v is not None}, "media_id": media_id}


def staged_ref(info: MediaInfo) -> str | None:
    return info.ref if info.ref.startswith(STAGED) else None


async def forget_media(conn: AsyncConnection, store: MediaStore, values: list[Any]) -> None:
    """Delete the files and rows behind answers that are dropped."""
    for value in values:
        if isinstance(value, dict) and isinstance(value.get("media_id"), int):
            await MediaFiles(conn).delete(value["media_id"])
            store.delete(str(value.get("path", "")))
