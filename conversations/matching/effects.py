"""The matching feature's effects: a switcher's top 3, a coordinator's place status."""

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
