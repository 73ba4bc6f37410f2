"""Documents for a reply, built after the event's transaction: never under the writer lock.

The event's transaction leaves placeholders (a `/mydata` request, a coordinator's report, a
reflection to play back). Here, once it has committed, a short read transaction (a snapshot
that does not take the writer's turn) gathers their rows; then each document is written to a
file in the reply's private `Workspace` by a worker thread, so the event loop keeps serving
everybody else and no document is ever held whole in memory. A file the platform cannot take
(over its upload limit) is replaced by a message saying how to get it otherwise.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.agenda_replay import expand_agenda_voices
from bot.built import Build, FileReply, Piece
from bot.desk.links import expand_desk_links
from bot.i18n import Translator
from bot.invite_poster import expand_invites
from bot.media import MediaStore
from bot.outgoing import OutDocument, Outgoing, OutImage, OutText
from bot.personal_export import Rows, Summarise, expand_personal_data
from bot.personal_summary import summary_html
from bot.reflections.replay import expand_replays
from bot.render import Renderer
from bot.reports import expand_reports
from bot.settings import Settings
from bot.workspace import Workspace
from conversations.forms.schema import Form
from conversations.newcomer.plan_model import PlanContent
from conversations.replies import PersonalData, ReplayAgenda, ReplayReflection, Reply, Report
from conversations.roles import Role
from conversations.text import Msg, _
from locales import RTL_LOCALES
from storage.database import Database

log = logging.getLogger(__name__)

#: Placeholders whose rows are read after the event (the rest pass straight to rendering).
NEEDS_READ = (Report, ReplayReflection, ReplayAgenda, PersonalData)
MB = 1_000_000  # as platforms state their limits ("50 MB")


@dataclass(frozen=True)
class Reader:
    """Who the documents are for, with their access rights and language."""

    user_id: int
    roles: frozenset[Role]
    timezone: str
    render: Callable[[Msg], str]
    summarise: Summarise
    #: Aggregates only over groups at least this large (WEGWIJZER_MIN_GROUP).
    min_group: int = 3
    #: Spreadsheets read right to left (an Arabic or Persian reader, walkthrough 21).
    rtl: bool = False


class Documents:
    def __init__(
        self,
        db: Database,
        media: MediaStore,
        forms: Mapping[str, Form],
        translator: Translator,
        clock: Callable[[], datetime],
        settings: Settings,
    ) -> None:
        self.db = db
        self.media = media
        self.forms = forms
        self.translator = translator
        self.clock = clock
        self.min_group = settings.min_group
        self.settings = settings

    def reader(
        self,
        user_id: int,
        roles: frozenset[Role],
        locale: str,
        timezone: str,
        plan: PlanContent | None,
    ) -> Reader:
        """The reader's rights, language and time zone, fixed inside the event's transaction."""
        tz = ZoneInfo(timezone)

        def render(msg: Msg) -> str:
            return self.translator.render(msg, locale, tz)

        def summarise(rows: Rows) -> str:  # the /mydata summary.html
            return summary_html(rows, self.forms, plan, locale, render, self.clock())

        return Reader(
            user_id, roles, timezone, render, summarise, self.min_group, locale in RTL_LOCALES
        )

    async def messages(
        self,
        replies: Sequence[Reply],
        locale: str,
        reader: Reader,
        renderer: Renderer,
        workspace: Workspace,
        limit: int | None,
    ) -> list[Outgoing]:
        """Everything to send for one event, documents written into `workspace`; anything over
        the platform's `limit` replaced by a message."""
        built = await self.build(replies, reader, workspace, limit)
        rendered = await renderer.render_all(built, locale, workspace=workspace)
        return fit(rendered, limit, reader.render)

    async def build(
        self, replies: Sequence[Reply], reader: Reader, workspace: Workspace, limit: int | None
    ) -> list[Reply | FileReply]:
        """The replies with every placeholder replaced by what it stands for."""
        pieces: list[Piece] = await expand_desk_links(
            self.db, self.settings, replies, reader.user_id, self.clock()
        )
        pieces = await expand_invites(
            self.db, self.settings, self.forms, pieces, reader.user_id, self.clock()
        )
        if any(isinstance(r, NEEDS_READ) for r in replies):
            async with self.db.read() as conn:
                pieces = await expand_reports(
                    conn, pieces, reader.user_id, reader.roles, self.forms, reader.render,
                    reader.timezone, reader.min_group, reader.rtl, self.media,
                )  # fmt: skip
                pieces = await expand_replays(conn, self.media, pieces, reader.user_id)
                pieces = await expand_agenda_voices(conn, self.media, pieces, reader.user_id)
                pieces = await expand_personal_data(
                    conn, self.media, pieces, reader.user_id, reader.summarise
                )
        out: list[Reply | FileReply] = []
        for piece in pieces:
            if isinstance(piece, Build):
                out.extend(await asyncio.to_thread(piece.run, workspace, limit))
            else:
                out.append(piece)
        return out


def too_large(name: str, size: int, limit: int) -> Msg:
    return _(
        "“{name}” ({size} MB) is larger than the {limit} MB this chat lets me send. Ask your "
        "coordinator or the operator of this bot for a copy.",
        name=name,
        size=math.ceil(size / MB),
        limit=max(1, limit // MB),
    )


def fit(
    messages: list[Outgoing], limit: int | None, render: Callable[[Msg], str]
) -> list[Outgoing]:
    """Files over the platform's upload limit become a message saying how to get them."""
    if limit is None:
        return messages
    out: list[Outgoing] = []
    for message in messages:
        if isinstance(message, OutImage | OutDocument) and message.size > limit:
            log.info("a %d-byte file is over the platform's %d-byte limit", message.size, limit)
            out.append(OutText(render(too_large(message.file_name, message.size, limit))))
        else:
            out.append(message)
    return out
