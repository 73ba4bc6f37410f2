"""The employers feature (issue 17 item 1; draaiboek 5.2-5.3): an employer contact's intake
(a content form, `content/forms/employer_intake.yaml`, stored for the organisation when
finished: bot/employers/register.py), the engagement (questions answered, the declaration
confirmed with name and date), and the coordinator's overview of their employers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from conversations.employers.effects import SignEngagement
from conversations.employers.engagement import engagement_flow
from conversations.employers.overview import INTAKE_FORM, employers_flow
from conversations.engine import Flow
from conversations.feature import Feature, Inputs, Need
from conversations.menu import MenuEntry
from conversations.roles import Role
from conversations.text import _

READERS = frozenset({"engagement", "employers"})


def flows(inputs: Inputs) -> Sequence[Flow[Any]]:
    return (engagement_flow(), employers_flow(inputs.forms.get(INTAKE_FORM)))


EMPLOYERS = Feature(
    name="employers",
    flows=flows,
    menu=(
        (
            66,
            MenuEntry(
                "menu:engagement",
                _("The engagement"),
                flow="engagement",
                roles=frozenset({Role.EMPLOYER}),
            ),
        ),
        (
            116,
            MenuEntry(
                "menu:employers",
                _("Employers"),
                flow="employers",
                roles=frozenset({Role.COORDINATOR}),
            ),
        ),
    ),
    effects=(SignEngagement,),
    needs={"employers": Need(READERS, choices=tuple(f"menu:{f}" for f in sorted(READERS)))},
)
