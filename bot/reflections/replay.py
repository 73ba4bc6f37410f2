"""Playing a reflection back to a reader who may see it: its text, and its recordings and
photos as they were sent (a voice note stays a voice note). Also the list for /myreflections."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import partial
from pathlib import PurePath

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.built import Build, FileReply, Piece
from bot.media import MediaStore
from bot.workspace import Workspace
from conversations.common import NOT_YOURS
from conversations.context import ReflectionRef
from conversations.replies import ReplayReflection, Reply, Say, SentKind
from conversations.text import Msg, _
from storage.exchanges import Exchanges
from storage.media import MediaFiles
from storage.people import People
from storage.reflections import Reflection, Reflections

KINDS: dict[str, SentKind] = {
    "voice": "voice",
    "audio": "audio",
    "video": "video",
    "photo": "photo",
}


async def reflection_refs(conn: AsyncConnection, person_id: int) -> tuple[ReflectionRef, ...]:
    refs = []
    for found in await Reflections(conn).visible_to(person_id):
        author = await People(conn).get(found.author_id)
        exchange = await Exchanges(conn).get(found.exchange_id)
        refs.append(
            ReflectionRef(
                id=found.id,
                author=author.name if author else None,
                mine=found.author_id == person_id,
                kind=found.kind,
                place=exchange.place if exchange else "?",
                created_at=found.created_at,
                items=len(found.items),
            )
        )
    return tuple(refs)


async def _replay(conn: AsyncConnection, store: MediaStore, found: Reflection) -> list[Piece]:
    author = await People(conn).get(found.author_id)
    name = Msg.plain((author.name if author else None) or "?")
    if found.kind == "feedback":
        head = _("Feedback from {name}, {when}:", name=name, when=found.created_at)
    else:
        head = _("Reflection by {name}, {when}:", name=name, when=found.created_at)
    replies: list[Piece] = [Say(text=head)]
    for item in found.items:
        if item.text is not None:
            replies.append(Say(text=Msg.plain(item.text)))
            continue
        row = await MediaFiles(conn).get(item.media_id or 0)
        if row is None:
            continue
        suffix = PurePath(row.path).suffix
        sent = FileReply(
            store.file(row.path),
            row.file_name or f"reflection-{found.id}-{item.id}{suffix}",
            row.mime_type,
            kind=KINDS.get(item.kind, "document"),
        )
        replies.append(Build(partial(_adopt, sent, suffix), "reflection item"))
    return replies


def _adopt(
    stored: FileReply, suffix: str, workspace: Workspace, _limit: int | None
) -> list[Reply | FileReply]:
    """The stored file, linked into the reply's folder (not read into memory); a file erased
    since the rows were read is left out."""
    try:
        return [replace(stored, path=workspace.adopt(stored.path, suffix))]
    except FileNotFoundError:
        return []


async def expand_replays(
    conn: AsyncConnection, store: MediaStore, replies: Sequence[Piece], reader_id: int
) -> list[Piece]:
    """Replace each replay by the reflection's content, if the reader may see it."""
    out: list[Piece] = []
    for reply in replies:
        if not isinstance(reply, ReplayReflection):
            out.append(reply)
            continue
        found = await Reflections(conn).get(reply.reflection_id)
        if found is None or found.visibility is None:
            out.append(Say(text=NOT_YOURS))
        elif not await Reflections(conn).may_read(found, reader_id):
            out.append(Say(text=NOT_YOURS))
        else:
            out.extend(await _replay(conn, store, found))
    return out
