"""One-time login links to the desk: issued from the chat (`/desk`) or the command line.

The link opens a page with a "log in" button; only that button (a POST) uses the link, so a
chat app fetching a preview of the address cannot spend it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.built import Piece
from bot.settings import Settings
from conversations.replies import DeskLink, Say
from conversations.text import Msg, _
from storage.database import Database
from storage.desk import DeskLinks
from storage.people import People

#: How long a link from the chat can be used.
LINK_AGE = timedelta(minutes=10)
#: A session ends after this long without a page being opened.
SESSION_IDLE = timedelta(hours=12)


class NotCoordinator(ValueError):
    """Only someone who holds the coordinator role now gets a link."""


async def issue_link(
    conn: AsyncConnection, settings: Settings, person_id: int, now: datetime
) -> str:
    person = await People(conn).get(person_id)
    if person is None or "coordinator" not in person.roles:
        raise NotCoordinator(f"person {person_id} is not a coordinator")
    token = await DeskLinks(conn).issue(person_id, now)
    return f"{settings.desk_url}/desk/login?token={token}"


def link_text(url: str) -> Msg:
    return _(
        "Your link to the coordinator's desk: {url}\nIt works once, within 10 minutes. "
        "Do not pass it on.",
        url=Msg.plain(url),
    )


async def expand_desk_links(
    db: Database, settings: Settings, pieces: Sequence[Piece], person_id: int, now: datetime
) -> list[Piece]:
    """Replace each `DeskLink` placeholder by a message with a fresh link (its own short write
    transaction, after the event's: the link's hash is stored, never the link)."""
    if not any(isinstance(p, DeskLink) for p in pieces):
        return list(pieces)
    out: list[Piece] = []
    for piece in pieces:
        if not isinstance(piece, DeskLink):
            out.append(piece)
            continue
        try:
            async with db.transaction() as conn:
                url = await issue_link(conn, settings, person_id, now)
        except NotCoordinator:
            out.append(Say(text=_("The desk is for coordinators only.")))
            continue
        out.append(Say(text=link_text(url)))
    return out
