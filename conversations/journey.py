"""The product's flows in one place: what the dispatcher runs, built from the features'
declarations (conversations/features.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from conversations.core import Button, Entry, Journey, Projection
from conversations.engine import Flow
from conversations.exchange_model import Checklists
from conversations.feature import Feature, Inputs
from conversations.features import FEATURES
from conversations.forms.schema import Form
from conversations.menu import MenuEntry, menu_flow
from conversations.newcomer.plan_model import PlanContent
from conversations.newcomer.vocabulary import INTAKE, vocabulary


def build_journey(
    forms: Mapping[str, Form] | None = None,
    checklists: Checklists | None = None,
    plan: PlanContent | None = None,
    features: Sequence[Feature] = FEATURES,
) -> Journey:
    forms = dict(forms or {})
    inputs = Inputs(forms, checklists or Checklists(), plan, vocabulary(forms.get(INTAKE)))
    commands: dict[str, Entry] = {}
    ranked: list[tuple[int, MenuEntry]] = []
    flows: list[Flow[Any]] = []
    buttons: dict[str, Button] = {}
    projections: list[Projection] = []
    for feature in features:
        commands.update(feature.commands)
        ranked += feature.menu
        if feature.from_content is not None:
            more_commands, more_entries = feature.from_content(inputs)
            commands.update(more_commands)
            ranked += more_entries
        flows += feature.flows(inputs)
        buttons.update(feature.buttons)
        if feature.project is not None:
            projections.append(feature.project)
    entries = [entry for _rank, entry in sorted(ranked, key=lambda pair: pair[0])]
    flows.append(menu_flow(entries))
    return Journey(
        flows={f.name: f for f in flows},
        commands=commands,
        forms=forms,
        buttons=buttons,
        projections=projections,
    )
