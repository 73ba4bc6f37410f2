"""The main menu: what this person's roles can do. Features add entries; unbuilt ones are absent."""

from __future__ import annotations

from dataclasses import dataclass

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
    roles: frozenset[Role] | None = None  # None: everyone who is registered

    def visible_to(self, ctx: Ctx) -> bool:
        return self.roles is None or bool(self.roles & ctx.user.roles)


ENTRIES: tuple[MenuEntry, ...] = (
    MenuEntry("menu:language", _("Change language"), flow="language"),
    MenuEntry("menu:privacy", _("Privacy: what we keep")),
    MenuEntry("menu:help", _("Help")),
)


class MenuData(BaseModel):
    pass


def _visible(ctx: Ctx) -> list[MenuEntry]:
    return [e for e in ENTRIES if e.visible_to(ctx)]


def _ask(ctx: Ctx, data: MenuData) -> list[Reply]:
    choices = tuple(Choice(id=e.id, label=e.label) for e in _visible(ctx))
    return [Ask(text=_("Main menu: what would you like to do?"), choices=choices)]


def _on_pick(ctx: Ctx, data: MenuData, event: Event) -> Step:
    entry = next(
        (e for e in _visible(ctx) if isinstance(event, ChoiceIn) and e.id == event.choice_id), None
    )
    if entry is None:
        return Step.retry(not_a_choice(event))
    if entry.flow is not None:
        return Step(push=entry.flow)
    if entry.id == "menu:privacy":
        return Step(replies=privacy_replies(ctx), reask=True)
    return Step(replies=help_replies(ctx), reask=True)


MENU: Flow[MenuData] = Flow(
    name="menu",
    data_model=MenuData,
    initial="main",
    states=states(State("main", _ask, _on_pick)),
)
