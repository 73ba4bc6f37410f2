"""The matching feature (draaiboek 5.4-5.5): learning places kept by the coordinator, a
switcher's top 3, and the facts the exchange set-up reads to suggest places
(`conversations/matching/step.py`). Offering a place is a content form
(`content/forms/learning_place.yaml`), registered when finished (bot/matching/register.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from conversations.engine import Flow
from conversations.feature import Feature, Inputs, Need
from conversations.matching.choice import place_choice_flow
from conversations.matching.effects import ChoosePlaces, EditPlace, SetPlaceStatus
from conversations.matching.places_flow import places_flow
from conversations.menu import MenuEntry
from conversations.roles import Role
from conversations.text import _

#: Flows that read the `matching` fact: the exchange set-up, the top 3, the place list.
READERS = frozenset({"new_exchange", "place_choice", "places"})


def flows(inputs: Inputs) -> Sequence[Flow[Any]]:
    return (place_choice_flow(), places_flow())


MATCHING = Feature(
    name="matching",
    flows=flows,
    menu=(
        (
            65,
            MenuEntry(
                "menu:place_choice",
                _("My preferred learning places"),
                flow="place_choice",
                roles=frozenset({Role.SWITCHER}),
            ),
        ),
        (
            115,
            MenuEntry(
                "menu:places",
                _("Learning places"),
                flow="places",
                roles=frozenset({Role.COORDINATOR, Role.EMPLOYER}),
            ),
        ),
    ),
    effects=(ChoosePlaces, SetPlaceStatus, EditPlace),
    needs={"matching": Need(READERS, choices=tuple(f"menu:{f}" for f in sorted(READERS)))},
)
