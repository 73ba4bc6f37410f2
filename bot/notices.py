"""Notices: messages for someone other than the sender (a coordinator alert, a changed agenda,
a cancelled exchange), stored as reminder rows due now so they travel the same exactly-once,
paced path as reminders and survive a restart."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from conversations.exchange_texts import NOTICE
from conversations.replies import Ask, Choice, Reply, Say
from conversations.text import Msg, msg_from_data, msg_to_data
from storage.reminders import Reminders


async def add_notice(
    conn: AsyncConnection,
    person_id: int,
    text: Msg,
    now: datetime,
    *,
    exchange_id: int | None = None,
    choices: tuple[Choice, ...] = (),
) -> int:
    payload: dict[str, Any] = {
        "text": msg_to_data(text),
        "choices": [{"id": c.id, "label": msg_to_data(c.label)} for c in choices],
    }
    return await Reminders(conn).add(
        person_id, NOTICE, now, exchange_id=exchange_id, payload=payload
    )


def notice_replies(payload: dict[str, Any]) -> list[Reply]:
    text = msg_from_data(payload["text"])
    choices = tuple(
        Choice(id=c["id"], label=msg_from_data(c["label"])) for c in payload.get("choices", [])
    )
    if choices:
        return [Ask(text=text, choices=choices, seq=0)]
    return [Say(text=text)]
