"""The matching feature's I/O (the pure side: conversations/matching/feature.py): a
switcher's top 3 and a place's status stored after checking they are the person's own, and the
`matching` fact loaded for whichever of the three flows reads it."""

from __future__ import annotations

from bot.exchange_facts import directory
from bot.feature import Applier, Applying, BotFeature, FactLoader, Loading
from bot.matching.effects import edit_place, save_choices, set_place_status
from bot.matching.facts import coordinator_places, host_places, matching_facts, switcher_matching
from conversations.matching.effects import ChoosePlaces, EditPlace, SetPlaceStatus
from conversations.matching.model import MatchingFacts
from storage.people import People


async def choose_places(a: Applying, effect: ChoosePlaces) -> None:
    await save_choices(a.conn, a.user_id, effect, a.now)


async def place_status(a: Applying, effect: SetPlaceStatus) -> None:
    await set_place_status(a.conn, a.user_id, effect, a.now)


async def place_edit(a: Applying, effect: EditPlace) -> None:
    person = await People(a.conn).get(a.user_id)
    roles = frozenset(person.roles) if person else frozenset()
    await edit_place(a.conn, a.user_id, roles, effect, a.now)


def _in(at: Loading, flow: str) -> bool:
    named = getattr(at.event, "choice_id", None) == f"menu:{flow}"
    return named or any(f.flow == flow for f in at.conv.stack)


async def _matching(at: Loading) -> MatchingFacts | None:
    person = await People(at.conn).get(at.user_id)
    roles = person.roles if person else frozenset()
    if "coordinator" in roles and _in(at, "new_exchange"):
        pickable = await directory(at.conn, at.user_id)
        return await matching_facts(at.conn, at.user_id, at.conv, at.event, pickable)
    if "coordinator" in roles and _in(at, "places"):
        return await coordinator_places(at.conn, at.user_id)
    if "employer" in roles and _in(at, "places"):
        return await host_places(at.conn, at.user_id)
    if "switcher" in roles and _in(at, "place_choice"):
        return await switcher_matching(at.conn, at.user_id)
    return None


MATCHING = BotFeature(
    name="matching",
    appliers=(
        Applier(ChoosePlaces, choose_places),
        Applier(SetPlaceStatus, place_status),
        Applier(EditPlace, place_edit),
    ),
    facts=(
        FactLoader("matching", _matching, roles=frozenset({"coordinator", "switcher", "employer"})),
    ),
)
