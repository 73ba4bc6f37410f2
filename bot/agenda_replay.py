"""Playing back the voice messages in a learning agenda (walkthrough 7): the switcher's voice
answers and the voice notes others added, each as it was recorded, with the part it answers.
Only for the switcher and the learning coach or coordinator of one of their exchanges."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import PurePath

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.built import Build, FileReply, Piece
from bot.media import MediaStore
from bot.reflections.replay import _adopt
from conversations.agenda_model import AgendaContent, Answer
from conversations.agenda_steps import PARTS
from conversations.common import NOT_YOURS
from conversations.replies import ReplayAgenda, Say, SentKind
from conversations.text import Msg, _
from storage.agendas import Agendas
from storage.exchanges import Exchanges
from storage.media import MediaFiles

READERS = frozenset({"learning_coach", "coordinator"})
NONE = _("There are no voice messages in this learning agenda.")


async def may_listen(conn: AsyncConnection, switcher_id: int, reader_id: int) -> bool:
    if reader_id == switcher_id:
        return True
    exchanges = Exchanges(conn)
    for found in await exchanges.of_person(reader_id):
        if found.switcher_id == switcher_id and READERS & set(
            await exchanges.parts_of(found, reader_id)
        ):
            return True
    return False


def voices(content: AgendaContent) -> list[tuple[Msg, Answer]]:
    """Every recorded answer and note, in the order the agenda shows them."""
    found: list[tuple[Msg, Answer | None]] = [
        (PARTS["trigger"][0], content.trigger),
        (PARTS["question"][0], content.question),
        (PARTS["see_do"][0], content.see_do),
        (PARTS["whom"][0], content.whom),
        (PARTS["curious"][0], content.curious),
    ]
    found += [(_("New question for day 2"), n.answer) for n in content.day2_questions]
    if content.programme is not None:
        found.append((_("Day programme by the learning coach"), content.programme.answer))
    found += [(_("Comment"), n.answer) for n in content.comments]
    return [(label, a) for label, a in found if a is not None and a.media]


async def _pieces(
    conn: AsyncConnection, store: MediaStore, reply: ReplayAgenda, reader_id: int
) -> list[Piece]:
    agendas = Agendas(conn)
    if reply.draft and reader_id == reply.switcher_id:
        raw = await agendas.draft(reply.switcher_id)
    else:
        latest = await agendas.latest(reply.switcher_id)
        raw = latest.content if latest else None
    content = AgendaContent.model_validate(raw or {})
    out: list[Piece] = []
    for number, (label, answer) in enumerate(voices(content), start=1):
        media_id = (answer.media or {}).get("media_id")
        row = await MediaFiles(conn).get(media_id) if isinstance(media_id, int) else None
        if row is None:
            continue
        suffix = PurePath(row.path).suffix
        kind: SentKind = "audio" if (answer.media or {}).get("media") == "audio" else "voice"
        sent = FileReply(store.file(row.path), f"agenda-{number}{suffix}", row.mime_type,
                         caption=label, kind=kind)  # fmt: skip
        out.append(Build(partial(_adopt, sent, suffix), "agenda voice message"))
    return out or [Say(text=NONE)]


async def expand_agenda_voices(
    conn: AsyncConnection, store: MediaStore, replies: Sequence[Piece], reader_id: int
) -> list[Piece]:
    """Replace each agenda playback by its voice messages, if the reader may hear them."""
    out: list[Piece] = []
    for reply in replies:
        if not isinstance(reply, ReplayAgenda):
            out.append(reply)
        elif not await may_listen(conn, reply.switcher_id, reader_id):
            out.append(Say(text=NOT_YOURS))
        else:
            out.extend(await _pieces(conn, store, reply, reader_id))
    return out
