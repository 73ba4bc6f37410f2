"""Recordings, photos and documents shared with the coordinator, played back on the exchange
page (issue 16): served only to a coordinator of the exchange's programme, only for items the
author shared with the coordinator (404 for anything else, as for another programme), with the
file's own type, a document under the name it was sent with (walkthrough 20), and every look
written to the audit log."""

from __future__ import annotations

from pathlib import PurePath
from urllib.parse import quote

from sqlalchemy.ext.asyncio import AsyncConnection
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from bot.desk.views import HEADERS, Viewer
from bot.desk.web import Desk
from storage.desk import AuditLog
from storage.media import MediaFiles, MediaRow
from storage.reflections import Reflection, Reflections

#: Shown in the page (played or viewed there); anything else is a download.
PLAYED = ("voice", "audio", "video", "photo")


async def shared_with_coordinator(conn: AsyncConnection, exchange_id: int) -> list[Reflection]:
    """What the authors chose to share with the coordinator, nothing else."""
    return [
        r for r in await Reflections(conn).of_exchange(exchange_id)
        if r.visibility is not None and "coordinator" in r.visibility
    ]  # fmt: skip


async def shared_media(conn: AsyncConnection, shared: list[Reflection]) -> dict[int, MediaRow]:
    """Reflection item id → its stored file, for the items that carry one."""
    found: dict[int, MediaRow] = {}
    for reflection in shared:
        for item in reflection.items:
            row = await MediaFiles(conn).get(item.media_id) if item.media_id else None
            if row is not None:
                found[item.id] = row
    return found


def download_name(row: MediaRow, item_id: int) -> str:
    return row.file_name or f"reflection-item-{item_id}{PurePath(row.path).suffix}"


async def media(desk: Desk, request: Request, viewer: Viewer) -> Response:
    from bot.desk.exchanges import _mine

    exchange = await _mine(desk, viewer, int(request.path_params["exchange_id"]))
    item_id = int(request.path_params["item_id"])
    async with desk.app.db.transaction() as conn:
        shared = await shared_with_coordinator(conn, exchange.id)
        owner = next((r for r in shared for i in r.items if i.id == item_id), None)
        kind = next((i.kind for r in shared for i in r.items if i.id == item_id), "")
        row = (await shared_media(conn, [owner])).get(item_id) if owner else None
        if owner is None or row is None:
            raise HTTPException(404)
        await AuditLog(conn).add(
            viewer.person_id, "view_media", f"exchange {exchange.id} item {item_id}",
            desk.now(), owner.author_id,
        )  # fmt: skip
    source = desk.settings.data_dir / row.path
    if not source.is_file():  # erased since the rows were read
        raise HTTPException(404)
    shown = "inline" if kind in PLAYED else "attachment"
    name = download_name(row, item_id)
    headers = {
        **HEADERS,
        "Content-Disposition": f"{shown}; filename*=UTF-8''{quote(name)}",
        "Cache-Control": "private, no-store",
    }
    return FileResponse(source, media_type=row.mime_type, headers=headers)  # streamed
