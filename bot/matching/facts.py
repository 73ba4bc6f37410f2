"""The matching facts for a coordinator setting up an exchange: the open learning places of
their programmes, and the needs (from the saved learning agenda) of the switcher picked or
being picked — only a switcher of their own programmes, never anyone else's agenda."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.exchange_facts import agenda_of
from conversations.core import Conversation
from conversations.events import ChoiceIn, Event, TextIn
from conversations.exchange_model import PersonRef
from conversations.matching.model import MatchingFacts, Needs, PlaceView
from storage.places import Place, Places


def _in_play(conv: Conversation, event: Event | None) -> set[int]:
    """The switcher already picked in the open set-up, and the one this event names."""
    found = {
        f.data["switcher_id"]
        for f in conv.stack
        if f.flow == "new_exchange" and isinstance(f.data.get("switcher_id"), int)
    }
    raw = ""
    if isinstance(event, ChoiceIn) and event.choice_id.startswith("p:"):
        raw = event.choice_id.removeprefix("p:")
    elif isinstance(event, TextIn):
        raw = event.text.strip().lstrip("#")
    if raw.isdigit() and len(raw) < 10:
        found.add(int(raw))
    return found


def place_view(place: Place) -> PlaceView:
    return PlaceView(
        id=place.id, topic=place.topic, host_org=place.host_org, site=place.site,
        municipality=place.municipality, region=place.region, sector=place.sector,
        public_transport=place.public_transport, dates=place.dates, capacity=place.capacity,
        left=place.left, coach_id=place.coach_id, host_contact_id=place.host_contact_id,
        safety=place.safety, exclusions=place.exclusions, excluded_orgs=place.excluded_orgs,
        status=place.status,
    )  # fmt: skip


async def needs_of(conn: AsyncConnection, switcher_id: int) -> Needs | None:
    """What matching reads from a switcher's saved agenda; None without one."""
    agenda = await agenda_of(conn, switcher_id)
    if agenda is None:
        return None
    c = agenda.content
    texts = [a.text for a in (c.question, c.see_do, c.whom, c.curious) if a and a.text]
    texts += [t for g in c.goals for t in (g.text, g.observable) if t]
    return Needs(
        switcher_id=switcher_id, texts=tuple(texts), region=c.region, travel=c.travel,
        dates=c.dates, organisation=await Places(conn).organisation_of(switcher_id),
    )  # fmt: skip


async def matching_facts(
    conn: AsyncConnection,
    coordinator_id: int,
    conv: Conversation,
    event: Event | None,
    directory: tuple[PersonRef, ...],
) -> MatchingFacts:
    switchers = {p.id for p in directory if "switcher" in p.roles}
    needs = {}
    for switcher_id in sorted(_in_play(conv, event) & switchers):
        found = await needs_of(conn, switcher_id)
        if found is not None:
            needs[switcher_id] = found
    places = await Places(conn).of_coordinator(coordinator_id, open_only=True)
    choices = await Places(conn).choices(set(needs))
    return MatchingFacts(places=tuple(place_view(p) for p in places), needs=needs, choices=choices)


async def switcher_matching(conn: AsyncConnection, switcher_id: int) -> MatchingFacts:
    """For a switcher choosing their top 3: their own needs and their programmes' open places."""
    needs = await needs_of(conn, switcher_id)
    if needs is None:
        return MatchingFacts()
    places = await Places(conn).open_for_member(switcher_id, "switcher")
    return MatchingFacts(
        places=tuple(place_view(p) for p in places),
        needs={switcher_id: needs},
        choices=await Places(conn).choices({switcher_id}),
    )


async def coordinator_places(conn: AsyncConnection, coordinator_id: int) -> MatchingFacts:
    """Every place of the coordinator's programmes, whatever its status (to keep them up)."""
    places = await Places(conn).of_coordinator(coordinator_id)
    return MatchingFacts(places=tuple(place_view(p) for p in places))


async def host_places(conn: AsyncConnection, person_id: int) -> MatchingFacts:
    """The places an employer contact hosts or registered (to keep them up to date)."""
    places = await Places(conn).of_host(person_id)
    return MatchingFacts(places=tuple(place_view(p) for p in places))
