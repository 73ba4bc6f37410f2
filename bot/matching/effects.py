"""An exchange set up from a learning place: the place must still be one of the coordinator's
open places with room left (a stale or forged pick is refused), and its host contact is
attached to the exchange."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from conversations.matching.effects import EDITABLE, ChoosePlaces, EditPlace, SetPlaceStatus
from storage.places import Place, Places


class PlaceUnavailable(ValueError):
    pass


async def place_for(conn: AsyncConnection, coordinator_id: int, place_id: int) -> Place:
    found = next(
        (p for p in await Places(conn).of_coordinator(coordinator_id, open_only=True)
         if p.id == place_id),
        None,
    )  # fmt: skip
    if found is None:
        raise PlaceUnavailable(f"learning place {place_id} is not open in your programmes")
    if found.left <= 0:
        raise PlaceUnavailable(f"learning place {place_id} is full")
    return found


async def save_choices(
    conn: AsyncConnection, switcher_id: int, effect: ChoosePlaces, now: datetime
) -> None:
    """Only open places of the switcher's own programmes count (a forged id is dropped)."""
    mine = {p.id for p in await Places(conn).open_for_member(switcher_id, "switcher")}
    kept: list[int] = []
    for place_id in effect.place_ids:
        if place_id in mine and place_id not in kept:
            kept.append(place_id)
    await Places(conn).set_choices(switcher_id, tuple(kept), now)


async def set_place_status(
    conn: AsyncConnection, coordinator_id: int, effect: SetPlaceStatus, now: datetime
) -> None:
    """Only a place of the coordinator's own programmes changes (a forged id changes nothing)."""
    mine = {p.id for p in await Places(conn).of_coordinator(coordinator_id)}
    if effect.place_id in mine:
        await Places(conn).set_status(effect.place_id, effect.status, now)


async def edit_place(
    conn: AsyncConnection, person_id: int, roles: frozenset[str], effect: EditPlace, now: datetime
) -> None:
    """Only a place of the coordinator's programmes, or one the employer hosts or registered,
    changes; the value is checked again (a forged one changes nothing)."""
    mine = {p.id for p in await Places(conn).of_coordinator(person_id)} if (
        "coordinator" in roles) else set()  # fmt: skip
    if "employer" in roles:
        mine |= {p.id for p in await Places(conn).of_host(person_id)}
    if effect.place_id not in mine:
        return
    value: object = " ".join(effect.value.split())
    if effect.field == "capacity":
        if not (str(value).isdigit() and 1 <= int(str(value)) <= 50):
            return
        value = int(str(value))
    elif not 0 < len(str(value)) <= EDITABLE[effect.field]:
        return
    await Places(conn).update(effect.place_id, {effect.field: value}, now)
