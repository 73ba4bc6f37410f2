"""The reflections feature: after an exchange day the switcher and learning coach reflect
(text, voice, files), the coach gives feedback, and each chooses who may read it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from conversations.core import Entry
from conversations.engine import Flow
from conversations.feature import Feature, Inputs, Need
from conversations.menu import MenuEntry
from conversations.reflections.buttons import write_button
from conversations.reflections.effects import AddReflectionItem, ShareReflection
from conversations.reflections.flows import my_reflections_flow, reflect_flow
from conversations.roles import Role
from conversations.text import _

WRITERS = frozenset({Role.SWITCHER, Role.LEARNING_COACH})
READERS = frozenset({Role.SWITCHER, Role.LEARNING_COACH, Role.COORDINATOR})
FLOWS = frozenset({"reflect", "feedback", "myreflections"})


def flows(inputs: Inputs) -> Sequence[Flow[Any]]:
    return (
        reflect_flow("reflect", "reflection"),
        reflect_flow("feedback", "feedback"),
        my_reflections_flow(),
    )


REFLECTIONS = Feature(
    name="reflections",
    flows=flows,
    commands={name: Entry(name) for name in sorted(FLOWS)},
    menu=(
        (70, MenuEntry("menu:reflect", _("Reflect on my exchange"), flow="reflect", roles=WRITERS)),
        (
            80,
            MenuEntry(
                "menu:feedback",
                _("Feedback for my switcher"),
                flow="feedback",
                roles=frozenset({Role.LEARNING_COACH}),
            ),
        ),
        (
            90,
            MenuEntry(
                "menu:myreflections", _("My reflections"), flow="myreflections", roles=READERS
            ),
        ),
    ),
    effects=(AddReflectionItem, ShareReflection),
    needs={
        "exchanges": Need(FLOWS, FLOWS, tuple(f"menu:{flow}" for flow in sorted(FLOWS))),
        "reflections": Need(
            frozenset({"myreflections"}), frozenset({"myreflections"}), ("menu:myreflections",)
        ),
    },
    buttons={"reflect": write_button, "feedback": write_button},
)
