"""What an erasure must change in rows that belong to *other* people: the notices they are
still to receive (or received) that name or quote the erased person, and the notes the erased
person added to someone else's learning agenda.

Foreign keys find the rows *about* a person (`storage.personal_data`); these references live
inside JSON, so they are found here:

- a notice names people as `{"$person": id}` (`conversations.text.PersonName`). The id is
  replaced by `null` (rendered "someone who has left Wegwijzer"): SQLite may hand a deleted
  user's id to the next person who signs up, who must not inherit the mention.
- a notice that quotes someone's own words lists them in `quoting`: a waiting one is deleted,
  a finished one keeps only its ids.
- notices written before names were ids hold the name as text: a waiting one that contains the
  name (or the first name, as a whole word) is deleted, a finished one keeps only its ids.
- an agenda note keeps its author as `author_id` (older ones as `author`, a name): the author
  is dropped and the note marked `left`; the note itself stays with the switcher.
- someone else's open question may show the name (a coordinator picking a switcher: the
  question is kept with their conversation to resume it): it reads "?" from then on.
"""

from __future__ import annotations

import json
import re
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.programmes import Programmes
from storage.reminders import Reminders, scrubbed
from storage.schema import (
    agenda_drafts,
    agenda_versions,
    conversations,
    exchanges,
    return_invitations,
    return_sessions,
)
from storage.schema_newcomers import match_offers, match_requests

#: What an erased name becomes inside someone else's saved conversation.
NO_NAME = "?"

NOTE_LISTS = ("day2_questions", "comments")


async def exchanges_of(conn: AsyncConnection, user_id: int) -> list[int]:
    """Every exchange the person takes part in, in any part (their certificate names them)."""
    columns = (
        exchanges.c.switcher_id,
        exchanges.c.coach_id,
        exchanges.c.coordinator_id,
        exchanges.c.sending_contact_id,
        exchanges.c.host_contact_id,
    )
    rows = await conn.execute(select(exchanges.c.id).where(or_(*(c == user_id for c in columns))))
    return [int(r[0]) for r in rows]


async def related_people(conn: AsyncConnection, user_id: int) -> set[int]:
    """Everyone whose rows can name this person: the others in their exchanges, the
    coordinators of their programmes, their mentor or mentees, and return-session partners.
    Erasure looks only there, so its cost follows the person's own ties, not the programme."""
    columns = (exchanges.c.switcher_id, exchanges.c.coach_id, exchanges.c.coordinator_id,
               exchanges.c.sending_contact_id, exchanges.c.host_contact_id)  # fmt: skip
    found: set[int] = set()
    for row in await conn.execute(select(*columns).where(or_(*(c == user_id for c in columns)))):
        found |= {int(v) for v in row if v is not None}
    found |= set(await Programmes(conn).coordinators_of(user_id))
    offered = select(match_offers.c.supporter_id, match_requests.c.newcomer_id).join(
        match_requests, match_requests.c.id == match_offers.c.request_id
    )
    for supporter, newcomer in await conn.execute(
        offered.where(or_(match_offers.c.supporter_id == user_id,
                          match_requests.c.newcomer_id == user_id))
    ):  # fmt: skip
        found |= {int(supporter), int(newcomer)}
    invited = select(return_invitations.c.person_id, return_sessions.c.coordinator_id).join(
        return_sessions, return_sessions.c.id == return_invitations.c.session_id
    )
    for person, coordinator in await conn.execute(
        invited.where(or_(return_invitations.c.person_id == user_id,
                          return_sessions.c.coordinator_id == user_id))
    ):  # fmt: skip
        found |= {int(person), int(coordinator)}
    found.discard(user_id)
    return found


def _unname(value: Any, user_id: int) -> tuple[Any, bool]:
    """`value` with every `{"$person": user_id}` made anonymous; whether anything changed."""
    if isinstance(value, dict):
        if value.get("$person") == user_id:
            return {**value, "$person": None}, True
        changed = False
        out: dict[str, Any] = {}
        for key, item in value.items():
            out[key], hit = _unname(item, user_id)
            changed = changed or hit
        return out, changed
    if isinstance(value, list):
        pairs = [_unname(item, user_id) for item in value]
        return [p[0] for p in pairs], any(p[1] for p in pairs)
    return value, False


def _names_literally(payload: dict[str, Any], name: str | None) -> bool:
    """An old notice (no `v`: written before names were ids) holding the name, or the first
    name alone (offers to supporters showed only that), as a whole word."""
    if not name or payload.get("v") is not None:
        return False
    stored = json.dumps(payload, ensure_ascii=False)
    words = {name, name.split()[0]} if name.split() else {name}
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", stored) for w in words)


async def forget_in_notices(
    conn: AsyncConnection, user_id: int, name: str | None, related: set[int]
) -> int:
    """Others' notice rows no longer name or quote the person; how many rows changed."""
    store = Reminders(conn)
    changed = 0
    for row in await store.with_text(related):
        payload = row.payload
        if not payload or row.person_id == user_id:  # their own rows go with them
            continue
        quoted = user_id in (payload.get("quoting") or [])
        if quoted or _names_literally(payload, name):
            if row.status == "pending":
                await store.delete(row.id)
            else:
                await store.set_payload(row.id, scrubbed(payload))
            changed += 1
            continue
        unnamed, hit = _unname(payload, user_id)
        if hit:
            await store.set_payload(row.id, unnamed)
            changed += 1
    return changed


def _forget_note(note: Any, user_id: int, name: str | None) -> tuple[Any, bool]:
    if not isinstance(note, dict):
        return note, False
    by_id = note.get("author_id") == user_id
    by_name = bool(name) and note.get("author") == name
    if not (by_id or by_name):
        return note, False
    return {**note, "author_id": None, "author": None, "left": True}, True


def _forget_in_content(content: Any, user_id: int, name: str | None) -> tuple[Any, bool]:
    if not isinstance(content, dict):
        return content, False
    out = dict(content)
    changed = False
    for key in NOTE_LISTS:
        notes = out.get(key)
        if isinstance(notes, list):
            pairs = [_forget_note(n, user_id, name) for n in notes]
            out[key] = [p[0] for p in pairs]
            changed = changed or any(p[1] for p in pairs)
    if out.get("programme") is not None:
        out["programme"], hit = _forget_note(out["programme"], user_id, name)
        changed = changed or hit
    return out, changed


async def forget_in_agendas(
    conn: AsyncConnection, user_id: int, name: str | None, related: set[int]
) -> int:
    """Notes the person added to other switchers' agendas (versions and drafts) lose their
    author; how many rows changed. Their own agenda goes with them (a cascade)."""
    changed = 0
    rows = await conn.execute(
        select(agenda_versions.c.id, agenda_versions.c.content).where(
            agenda_versions.c.switcher_id.in_(related)
        )
    )
    for row in rows.all():
        content, hit = _forget_in_content(row.content, user_id, name)
        if hit:
            await conn.execute(
                update(agenda_versions)
                .where(agenda_versions.c.id == row.id)
                .values(content=content)
            )
            changed += 1
    drafts = await conn.execute(
        select(agenda_drafts.c.switcher_id, agenda_drafts.c.content).where(
            agenda_drafts.c.switcher_id.in_(related)
        )
    )
    for row in drafts.all():
        content, hit = _forget_in_content(row.content, user_id, name)
        if hit:
            await conn.execute(
                update(agenda_drafts)
                .where(agenda_drafts.c.switcher_id == row.switcher_id)
                .values(content=content)
            )
            changed += 1
    return changed


def _without_name(value: Any, name: str) -> tuple[Any, bool]:
    """`value` with `name` replaced in every string inside it; whether anything changed."""
    if isinstance(value, str):
        return (value.replace(name, NO_NAME), True) if name in value else (value, False)
    if isinstance(value, dict):
        pairs = {k: _without_name(v, name) for k, v in value.items()}
        return {k: p[0] for k, p in pairs.items()}, any(p[1] for p in pairs.values())
    if isinstance(value, list):
        items = [_without_name(v, name) for v in value]
        return [p[0] for p in items], any(p[1] for p in items)
    return value, False


async def forget_in_conversations(
    conn: AsyncConnection, user_id: int, name: str | None, related: set[int]
) -> int:
    """Others' open questions (a coordinator picking a switcher, a mentor's list) no longer
    show the name; how many changed. Only the question on screen holds names (frames keep
    ids), so only it is rewritten. Their own conversation goes with them (a cascade)."""
    if not name:
        return 0
    rows = await conn.execute(
        select(conversations.c.user_id, conversations.c.state).where(
            conversations.c.user_id.in_(related)
        )
    )
    changed = 0
    for row in rows.all():
        pending, hit = _without_name((row.state or {}).get("pending"), name)
        state = {**row.state, "pending": pending} if hit else row.state
        if hit:
            await conn.execute(
                update(conversations)
                .where(conversations.c.user_id == row.user_id)
                .values(state=state)
            )
            changed += 1
    return changed
