"""The matching feature's effects: a switcher's top 3, a place's status, a place edited."""

from __future__ import annotations

from typing import Literal

from conversations.effects import Effect


class ChoosePlaces(Effect):
    """A switcher's top 3 of the learning places offered to them, most wanted first."""

    kind: Literal["choose_places"] = "choose_places"
    place_ids: tuple[int, ...]


class SetPlaceStatus(Effect):
    """A coordinator pauses, reopens or retires one of their programme's learning places."""

    kind: Literal["set_place_status"] = "set_place_status"
    place_id: int
    status: Literal["open", "paused", "retired"]


#: What can be changed of a learning place in chat, with the most characters (capacity: 1-50).
EDITABLE = {"topic": 200, "site": 300, "municipality": 120, "capacity": 2, "safety": 1000,
            "exclusions": 1000}  # fmt: skip


class EditPlace(Effect):
    """A coordinator (their programme's places) or a host employer (the places they are the
    contact of or registered) changes one thing of a learning place."""

    kind: Literal["edit_place"] = "edit_place"
    place_id: int
    field: Literal["topic", "site", "municipality", "capacity", "safety", "exclusions"]
    value: str
