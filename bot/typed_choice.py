"""A typed line read as the choice it names: the number or label of an option of the most
recent message with buttons — a reminder or notice just delivered, else the open question.

In the terminal (and for anyone who types on Matrix or Telegram) this is the only way to answer
the buttons under a reminder or notice (walkthrough 2).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.i18n import Translator
from bot.safe_text import comparable
from conversations.core import BUTTON_PREFIX, Conversation
from conversations.events import ChoiceIn, Event, TextIn
from conversations.replies import Ask, Choice, Reply
from storage.conversations import ConcurrentUpdate, Conversations

log = logging.getLogger(__name__)


def match_typed_choice(
    translator: Translator, timezone: str, conv: Conversation, locale: str, event: Event
) -> Event:
    if not isinstance(event, TextIn):
        return event
    typed = comparable(event.text)
    if conv.notice and (found := _named(translator, timezone, conv.notice, typed, locale)):
        return ChoiceIn(choice_id=found.id, seq=conv.seq)
    pending = conv.pending
    if pending is None or not pending.choices or (typed.isdigit() and pending.numeric):
        return event  # on a number question the number is the answer
    found = _named(translator, timezone, pending.choices, typed, locale)
    return ChoiceIn(choice_id=found.id, seq=conv.seq) if found else event


def _named(
    translator: Translator, timezone: str, choices: Sequence[Choice], typed: str, locale: str
) -> Choice | None:
    if typed.isdigit():
        return choices[int(typed) - 1] if 1 <= int(typed) <= len(choices) else None
    tz = ZoneInfo(timezone)
    return next(
        (c for c in choices if comparable(translator.render(c.label, locale, tz)) == typed), None
    )


def notice_buttons(replies: Sequence[Reply]) -> tuple[Choice, ...]:
    """The buttons a delivered reminder or notice ends with (all of them act out of band)."""
    asks = [r for r in replies if isinstance(r, Ask) and r.choices]
    if not asks or not all(c.id.startswith(BUTTON_PREFIX) for c in asks[-1].choices):
        return ()
    return asks[-1].choices


async def remember_notice(
    conn: AsyncConnection, person_id: int, replies: Sequence[Reply], now: datetime
) -> None:
    """After a delivery: its buttons are what a typed number answers, until the next question."""
    buttons = notice_buttons(replies)
    if not buttons:
        return
    store = Conversations(conn)
    raw, version = await store.load(person_id)
    if raw is None:
        return  # never chatted: nothing to answer by typing yet
    try:  # a state this release cannot read is left for the dispatcher to upgrade
        conv = Conversation.model_validate(raw)
    except ValidationError:
        return
    conv.notice = buttons
    try:
        await store.save(person_id, conv.model_dump(mode="json"), version, now)
    except ConcurrentUpdate:  # answered meanwhile: that answer's question is the newest
        log.info("a delivery's buttons were not remembered: the conversation moved on")
