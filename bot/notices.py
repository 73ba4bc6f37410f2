"""Notices: messages for someone other than the sender (a coordinator alert, a changed agenda,
a cancelled exchange), stored as reminder rows due now so they travel the same exactly-once,
paced path as reminders and survive a restart.

A notice names people by id (`PersonName`), never by a copy of their name: the name is looked
up when the notice is sent, so someone who was erased in between reads as "someone who has left
Wegwijzer". Where a notice must quote a person's own words (a supporter's contact details in an
introduction), the row lists them under `quoting`, and their erasure deletes it. Once a notice
is sent (or skipped), its text is dropped from the row (`storage.reminders.scrubbed`): only the
ids its buttons need remain.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from conversations.exchange_texts import NOTICE
from conversations.replies import Ask, Choice, Reply, Say
from conversations.text import Msg, msg_from_data, msg_to_data, name_people, people_in
from storage.people import People
from storage.reminders import Reminders

#: Payloads from version 2 on name people by id; older ones may hold a name as text.
PAYLOAD_VERSION = 2


async def add_notice(
    conn: AsyncConnection,
    person_id: int,
    text: Msg,
    now: datetime,
    *,
    exchange_id: int | None = None,
    choices: tuple[Choice, ...] = (),
    quoting: tuple[int, ...] = (),
) -> int:
    """Queue a notice for `person_id`. `quoting`: people whose own words (not just their name)
    are copied into `text`; erasing one of them deletes the notice if it is still waiting."""
    payload: dict[str, Any] = {
        "v": PAYLOAD_VERSION,
        "text": msg_to_data(text),
        "choices": [{"id": c.id, "label": msg_to_data(c.label)} for c in choices],
    }
    if quoting:
        payload["quoting"] = sorted(set(quoting))
    return await Reminders(conn).add(
        person_id, NOTICE, now, exchange_id=exchange_id, payload=payload
    )


async def current_names(conn: AsyncConnection, ids: set[int]) -> dict[int, str | None]:
    """Each person's name as it is now (None for someone erased or nameless)."""
    found: dict[int, str | None] = {}
    for person_id in ids:
        person = await People(conn).get(person_id)
        found[person_id] = person.name if person else None
    return found


async def notice_replies(conn: AsyncConnection, payload: dict[str, Any]) -> list[Reply]:
    """The notice as replies, with the people it names looked up now. Rows written before
    names were stored as ids (a literal name) still render as they were written."""
    text = msg_from_data(payload["text"])
    choices = tuple(
        Choice(id=c["id"], label=msg_from_data(c["label"])) for c in payload.get("choices", [])
    )
    ids = people_in(text)
    for choice in choices:
        ids |= people_in(choice.label)
    names = await current_names(conn, ids)
    text = name_people(text, names)
    choices = tuple(c.model_copy(update={"label": name_people(c.label, names)}) for c in choices)
    if choices:
        return [Ask(text=text, choices=choices, seq=0)]
    return [Say(text=text)]
