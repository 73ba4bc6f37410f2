"""A person's own data on request (GDPR Art. 15/20), as `/mydata` sends it.

A zip with `data.json` (every row the ownership map ties to them, as stored), `summary.html` (the
same, readable, in their language) and the files they sent. The rows are read after the request
committed, in a read that does not hold the writer; the zip is written to disk in a worker
thread, in parts that fit the platform's upload limit (see `personal_zip`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.built import Build, FileReply, Piece
from bot.file_names import unique
from bot.media import MediaStore
from bot.personal_zip import ZipParts, head_entries, head_room, plan_parts, write_zip
from bot.workspace import Workspace
from conversations.replies import PersonalData, Reply, Say
from conversations.text import Msg, _, _n
from storage import personal_data

Rows = Mapping[str, list[dict[str, Any]]]
#: Builds summary.html from the exported rows, in the reader's language (see personal_summary).
Summarise = Callable[[Rows], str]


@dataclass(frozen=True)
class Export:
    """What a read gathers for one person's export; written to disk later, off the loop."""

    rows: Rows
    files: list[tuple[str, Path]]


async def read_export(conn: AsyncConnection, store: MediaStore, user_id: int) -> Export:
    """Everything the ownership map ties to the person, with the files of their media rows."""
    rows = await personal_data.export_rows(conn, user_id)
    taken: set[str] = set()
    files = [(_zip_name(m, taken), store.file(str(m["path"]))) for m in rows.get("media", [])]
    return Export(rows, files)


def _zip_name(row: dict[str, Any], taken: set[str]) -> str:
    """A document under the name it was sent with (walkthrough 20), in its month's folder;
    a file sent without a name keeps its stored path (the `path` in data.json)."""
    path = PurePosixPath(str(row["path"]))
    sent = row.get("file_name")
    return unique(str(path.with_name(sent)) if sent else str(path), taken)


def write_export(export: Export, summarise: Summarise, out: BinaryIO) -> None:
    """The whole export as one zip (the command line: no size limit)."""
    write_zip(out, head_entries(export.rows, summarise(export.rows)), export.files)


def write_export_parts(
    export: Export, summarise: Summarise, workspace: Workspace, limit: int | None
) -> ZipParts:
    """The export in parts that each fit `limit` (one part when it all fits)."""
    head = head_entries(export.rows, summarise(export.rows))
    plan, left_out = plan_parts(head_room(head), export.files, limit)
    parts = ZipParts(left_out=left_out)
    for number, files in enumerate(plan):
        path, stream = workspace.create(".zip")
        with stream:
            write_zip(stream, head if number == 0 else (), files)
        parts.paths.append(path)
    return parts


async def expand_personal_data(
    conn: AsyncConnection,
    store: MediaStore,
    replies: Sequence[Piece],
    user_id: int,
    summarise: Summarise,
) -> list[Piece]:
    """Replace the `/mydata` placeholder by a job that writes the zip for the person who asked
    (the rows are read here, in the caller's read transaction; the zip is written later)."""
    out: list[Piece] = []
    for reply in replies:
        if isinstance(reply, PersonalData):
            export = await read_export(conn, store, user_id)
            out.append(Build(partial(_send_export, export, summarise), "personal data"))
        else:
            out.append(reply)
    return out


def _send_export(
    export: Export, summarise: Summarise, workspace: Workspace, limit: int | None
) -> list[Reply | FileReply]:
    parts = write_export_parts(export, summarise, workspace, limit)
    count = len(parts.paths)
    sent: list[Reply | FileReply] = []
    if count > 1:
        sent.append(Say(text=parts_intro(count)))
    for number, path in enumerate(parts.paths, start=1):
        name = ZIP_NAME if count == 1 else f"wegwijzer-my-data-part{number}of{count}.zip"
        caption = _("Part {part} of {parts}", part=number, parts=count) if count > 1 else None
        sent.append(FileReply(path, name, "application/zip", caption))
    if parts.left_out:
        sent.append(Say(text=too_large_files(len(parts.left_out))))
    return sent


ZIP_NAME = "wegwijzer-my-data.zip"


def parts_intro(count: int) -> Msg:
    return _(
        "Your data is too large to send as one file here, so it comes in {parts} parts. "
        "The first part holds data.json and summary.html.",
        parts=count,
    )


def too_large_files(count: int) -> Msg:
    return _n(
        "{count} of your files is too large to send here. For a complete copy, ask your "
        "coordinator or the operator of this bot (they can run: wegwijzer people export).",
        "{count} of your files are too large to send here. For a complete copy, ask your "
        "coordinator or the operator of this bot (they can run: wegwijzer people export).",
        count,
    )
