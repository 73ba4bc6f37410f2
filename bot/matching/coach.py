"""A new learning coach (issue 17 item 2; draaiboek 5.4, 756-778): the host who registers a
learning place may name a colleague as its coach. They get a one-time invite (role
learning_coach, into the place's programme, leading straight into the `coach_conditions`
form), which the host receives as a notice to pass on. When the coach has answered the three
conditions — employed by the host, voluntary, time and room (760-762) — with "yes", they are
the place's coach; the form's end gives them the role (770-778). Whoever registered the place
is told either way."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.invitations import telegram_link
from bot.notices import add_notice
from bot.settings import Settings
from conversations.text import Msg, PersonName, _
from storage.invites import Invites
from storage.places import Places

COACH_FORM = "coach_conditions"
CONDITIONS = ("employed", "voluntary", "time_room")
#: How long the coach's invitation stays valid.
VALID = timedelta(days=30)


async def invite_coach(
    conn: AsyncConnection, settings: Settings, person_id: int, place_id: int,
    answers: Mapping[str, Any], now: datetime,
) -> str | None:  # fmt: skip
    """The invite code for the coach named in the place form, sent to its author; None when
    no new coach was named."""
    raw = answers.get("coach_name")
    name = " ".join(raw.split())[:120] if isinstance(raw, str) else ""
    place = await Places(conn).get(place_id)
    if not name or place is None:
        return None
    invite = await Invites(conn).create(
        "learning_coach", 1, now + VALID, now, form_id=COACH_FORM, label=place.host_org,
        programme_id=place.programme_id,
    )  # fmt: skip
    await Places(conn).set_coach_invite(place_id, name, invite.code, now)
    link = await telegram_link(conn, settings, invite.code)
    values = {"name": Msg.plain(name), "place": Msg.plain(place.topic),
              "code": Msg.plain(invite.code)}  # fmt: skip
    if link:
        text = _(
            "Send this invitation to {name}, the learning coach of {place}: {link} (or the "
            "code {code}). With it they join Wegwijzer, confirm the conditions and read what "
            "a learning coach does. It works once, for 30 days.",
            link=Msg.plain(link), **values,
        )  # fmt: skip
    else:
        text = _(
            "Send this invitation code to {name}, the learning coach of {place}: {code}. With "
            "it they join Wegwijzer, confirm the conditions and read what a learning coach "
            "does. It works once, for 30 days.",
            **values,
        )
    await add_notice(conn, person_id, text, now)
    return invite.code


async def coach_answered(
    conn: AsyncConnection, person_id: int, answers: Mapping[str, Any], now: datetime
) -> bool:
    """The coach's answers to the conditions: three "yes" make them the place's coach. True
    when they became the coach."""
    code = await Places(conn).invite_of(person_id, "learning_coach")
    place = await Places(conn).by_coach_invite(code) if code else None
    if place is None:
        return False
    confirmed = all(answers.get(k) == "yes" for k in CONDITIONS)
    coach = PersonName(id=person_id)
    if confirmed:
        await Places(conn).set_coach(place.id, person_id, now)
        text = _(
            "{coach} confirmed the conditions and is now the learning coach of {place}.",
            coach=coach, place=Msg.plain(place.topic),
        )  # fmt: skip
    else:
        text = _(
            "{coach} could not confirm every condition to be the learning coach of {place}. "
            "Talk it over with them, or with your coordinator.",
            coach=coach, place=Msg.plain(place.topic),
        )  # fmt: skip
    if place.created_by is not None and place.created_by != person_id:
        await add_notice(conn, place.created_by, text, now)
    return confirmed
