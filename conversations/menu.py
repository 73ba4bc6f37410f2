"""The main menu: what this person's roles can do. Features add entries; unbuilt ones are absent."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from conversations.common import not_a_choice
from conversations.context import Ctx
from conversations.engine import Flow, State, Step, states
from conversations.events import ChoiceIn, Event
from conversations.info import help_replies, privacy_replies
from conversations.replies import Ask, Choice, Reply
from conversations.roles import Role
from conversations.text import Msg, _


@dataclass(frozen=True)
class MenuEntry:
    """A menu line: runs a flow, or shows information and returns to the menu."""

    id: str
    label: Msg
    flow: str | None = None
    data: Mapping[str, Any] = field(default_factory=dict)
    roles: frozenset[Role] | None = None  # None: everyone who is registered
    shows: tuple[Reply, ...] = ()  # replies shown before the menu is asked again

    def visible_to(self, ctx: Ctx) -> bool:
        return self.roles is None or bool(self.roles & ctx.user.roles)


LANGUAGE_ENTRY = MenuEntry("menu:language", _("Change language"), flow="language")
PRIVACY_ENTRY = MenuEntry("menu:privacy", _("Privacy: what we keep"))
HELP_ENTRY = MenuEntry("menu:help", _("Help"))


class MenuData(BaseModel):
    pass


def menu_flow(features: Sequence[MenuEntry] = ()) -> Flow[MenuData]:
    """The menu with the features' entries first, then language, privacy and help."""
    entries = (*features, LANGUAGE_ENTRY, PRIVACY_ENTRY, HELP_ENTRY)

    def visible(ctx: Ctx) -> list[MenuEntry]:
        return [e for e in entries if e.visible_to(ctx)]

    def ask(ctx: Ctx, data: MenuData) -> list[Reply]:
        choices = tuple(Choice(id=e.id, label=e.label) for e in visible(ctx))
        return [Ask(text=_("Main menu: what would you like to do?"), choices=choices)]

    def on_pick(ctx: Ctx, data: MenuData, event: Event) -> Step:
        picked = event.choice_id if isinstance(event, ChoiceIn) else None
        entry = next((e for e in visible(ctx) if e.id == picked), None)
        if entry is None and any(e.id == picked for e in entries):
            # shown before one of their roles was removed: checked now, at the tap
            return Step.retry(_("This button is not for you, or it is no longer valid."))
        if entry is None:
            return Step.retry(not_a_choice(event))
        if entry.flow is not None:
            return Step(push=entry.flow, push_data=entry.data)
        if entry.shows:
            return Step(replies=list(entry.shows), reask=True)
        if entry is PRIVACY_ENTRY:
            return Step(replies=privacy_replies(ctx), reask=True)
        return Step(replies=help_replies(ctx), reask=True)

    return Flow(
        name="menu", data_model=MenuData, initial="main", states=states(State("main", ask, on_pick))
    )
