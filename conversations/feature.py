"""What one feature brings to the conversation core, declared in one place (its `feature.py`).

The core keeps no list of features: the journey takes its flows, commands and menu entries
from these declarations, the buttons under reminders are routed by name to the feature that
owns them, and each effect type belongs to exactly one feature (the bot layer has exactly one
applier for it, see bot/feature.py). `conversations/features.py` is where they are collected.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from conversations.core import Button, Conversation, Entry, Projection
from conversations.effects import Effect
from conversations.engine import Flow
from conversations.events import ChoiceIn, CommandIn, Event
from conversations.exchange_model import Checklists
from conversations.forms.schema import Form
from conversations.menu import MenuEntry
from conversations.newcomer.plan_model import PlanContent
from conversations.newcomer.vocabulary import Vocabulary

#: Commands and ranked menu entries.
Content = tuple[Mapping[str, Entry], Sequence[tuple[int, MenuEntry]]]


@dataclass(frozen=True)
class Inputs:
    """What flows are built from: the content library, as plain data."""

    forms: Mapping[str, Form] = field(default_factory=dict)
    checklists: Checklists = field(default_factory=Checklists)
    plan: PlanContent | None = None
    words: Vocabulary = field(default_factory=Vocabulary)


@dataclass(frozen=True)
class Need:
    """When a fact is worth loading: an event or an open flow that reads it. Most events read
    none of these, so they cost nothing then (one SQLite writer serves everyone)."""

    flows: frozenset[str] = frozenset()
    commands: frozenset[str] = frozenset()
    choices: tuple[str, ...] = ()  # choice id prefixes
    forms: frozenset[str] = frozenset()

    def __call__(self, conv: Conversation, event: Event | None) -> bool:
        if isinstance(event, CommandIn) and event.name in self.commands:
            return True
        if isinstance(event, ChoiceIn) and event.choice_id.startswith(self.choices):
            return True
        return any(
            f.flow in self.flows or (f.flow == "form" and str(f.data.get("form_id")) in self.forms)
            for f in conv.stack
        )

    def __or__(self, other: Need) -> Need:
        """Wanted when either is (two features read the same fact)."""
        return Need(
            self.flows | other.flows,
            self.commands | other.commands,
            tuple(dict.fromkeys((*self.choices, *other.choices))),
            self.forms | other.forms,
        )


def _no_flows(inputs: Inputs) -> Sequence[Flow[Any]]:
    return ()


@dataclass(frozen=True)
class Feature:
    """One feature's pure side. Menu entries carry a `rank`: the menu lists them by rank."""

    name: str
    flows: Callable[[Inputs], Sequence[Flow[Any]]] = _no_flows
    commands: Mapping[str, Entry] = field(default_factory=dict)
    menu: tuple[tuple[int, MenuEntry], ...] = ()
    #: The effect types its flows return (each type belongs to one feature only).
    effects: tuple[type[Effect], ...] = ()
    #: The facts it reads: the `Ctx` field, and when it is worth loading.
    needs: Mapping[str, Need] = field(default_factory=dict)
    #: Its buttons under reminders and notices, by the name after `x:`.
    buttons: Mapping[str, Button] = field(default_factory=dict)
    #: The kinds of reminder rows it queues (the bot side says how each is delivered).
    reminder_kinds: tuple[str, ...] = ()
    project: Projection | None = None
    #: Commands and menu entries that come from content files (the forms), not from code.
    from_content: Callable[[Inputs], Content] | None = None
