"""Matching as services for every front end — the chat set-up and the coordinator's web desk
call the same two functions, so a match confirmed in either makes the same exchange.

- `suggestions`: for one switcher of the coordinator's programmes, the practical limits from
  their agenda, the open places ranked with their reasons, and the switcher's own top 3;
- `create_from_place`: the exchange made from a picked place (checked again: open, room left,
  in the coordinator's programmes), with the place's host contact and the switcher's own
  employer and its contact attached (both organisations are told, 790), through the same
  `create_exchange` as the command line (same checks, same notices and reminders)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.matching.effects import place_for
from bot.matching.facts import needs_of, place_view
from bot.reminders.service import create_exchange
from bot.settings import Settings
from conversations.matching.model import Match, Needs
from conversations.matching.rank import rank
from storage.employers import Employers
from storage.exchanges import NewExchange
from storage.people import People
from storage.places import Places


class NotYourSwitcher(LookupError):
    """The switcher is not a member of the coordinator's programmes."""


@dataclass(frozen=True)
class Suggestions:
    #: None: the switcher has no saved agenda, so nothing can be ranked.
    needs: Needs | None
    matches: tuple[Match, ...] = ()
    #: The switcher's top 3 (place ids, most wanted first).
    chosen: tuple[int, ...] = ()


async def suggestions(
    conn: AsyncConnection, coordinator_id: int, switcher_id: int, today: date
) -> Suggestions:
    mine = {pid for pid, _name, _role in await People(conn).pickable(coordinator_id, ("switcher",))}
    if switcher_id not in mine:
        raise NotYourSwitcher(f"person {switcher_id} is not a switcher in your programmes")
    needs = await needs_of(conn, switcher_id)
    if needs is None:
        return Suggestions(needs=None)
    places = [
        place_view(p) for p in await Places(conn).of_coordinator(coordinator_id, open_only=True)
    ]
    chosen = (await Places(conn).choices({switcher_id})).get(switcher_id, ())
    return Suggestions(needs, tuple(rank(needs, places, today)), chosen)


async def create_from_place(
    conn: AsyncConnection, settings: Settings, coordinator_id: int, new: NewExchange, now: datetime
) -> int:
    """Raises `PlaceUnavailable` (place closed, full or not theirs) or `ExchangeError`."""
    if new.learning_place_id is not None:
        place = await place_for(conn, coordinator_id, new.learning_place_id)
        # Both organisations are informed (draaiboek 790): the host's contact, and the
        # switcher's own employer with its contact, so `create_exchange` tells them too.
        sending = new.sending_org or await Places(conn).organisation_of(new.switcher_id)
        contact = new.sending_contact_id
        if contact is None and sending:
            contact = await Employers(conn).contact_of(coordinator_id, sending)
        new = replace(
            new,
            host_org=new.host_org or place.host_org,
            host_contact_id=new.host_contact_id or place.host_contact_id,
            sending_org=sending,
            sending_contact_id=contact,
        )
    return await create_exchange(conn, settings, new, now)
