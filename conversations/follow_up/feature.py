"""The follow-up feature (draaiboek 5.8): `/actions` for switchers and learning coaches, the
check-in on them weeks later, and return sessions that coordinators organise."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from conversations.context import Ctx
from conversations.core import Entry
from conversations.effects import Effect
from conversations.engine import Flow
from conversations.feature import Feature, Inputs, Need
from conversations.follow_up.actions import actions_flow
from conversations.follow_up.buttons import actions_button, rsvp_button
from conversations.follow_up.effects import (
    AddAction,
    AnswerReturnSession,
    CreateReturnSession,
    PlanCheckIn,
    UpdateAction,
)
from conversations.follow_up.model import ACTIONS_CHECKIN, RETURN_SESSION
from conversations.follow_up.return_sessions import return_session_flow
from conversations.menu import MenuEntry
from conversations.roles import Role
from conversations.text import _

#: The switcher's evaluation ends in /actions (`then: actions`, draaiboek 002:936): while it is
#: open, the exchanges and actions are loaded so it can go on there.
LEADS_TO_ACTIONS = frozenset({"evaluation_switcher"})
WRITERS = frozenset({Role.SWITCHER, Role.LEARNING_COACH})


def flows(inputs: Inputs) -> Sequence[Flow[Any]]:
    return (actions_flow(), return_session_flow())


def project(ctx: Ctx, eff: Effect) -> Ctx:
    """A status just given shows in the list asked next."""
    if not isinstance(eff, UpdateAction):
        return ctx
    actions = tuple(
        a.model_copy(update={"status": eff.status, "note": eff.note or a.note})
        if a.id == eff.action_id
        else a
        for a in ctx.actions
    )
    return ctx.model_copy(update={"actions": actions})


FOLLOW_UP = Feature(
    name="follow_up",
    flows=flows,
    commands={"actions": Entry("actions")},
    menu=(
        (100, MenuEntry("menu:actions", _("My follow-up actions"), flow="actions", roles=WRITERS)),
        (
            130,
            MenuEntry(
                "menu:return_sessions",
                _("Return sessions"),
                flow="return_sessions",
                roles=frozenset({Role.COORDINATOR}),
            ),
        ),
    ),
    effects=(AddAction, UpdateAction, PlanCheckIn, CreateReturnSession, AnswerReturnSession),
    needs={
        "exchanges": Need(
            frozenset({"actions", "return_sessions"}),
            frozenset({"actions"}),
            ("menu:actions", "menu:return_sessions", "x:actions"),
            LEADS_TO_ACTIONS,
        ),
        "actions": Need(
            frozenset({"actions"}),
            frozenset({"actions"}),
            ("menu:actions", "x:actions"),
            LEADS_TO_ACTIONS,
        ),
        "invitations": Need(choices=("x:rs:",)),
        "hosted": Need(frozenset({"return_sessions"}), choices=("menu:return_sessions",)),
    },
    buttons={"rs": rsvp_button, "actions": actions_button},
    reminder_kinds=(ACTIONS_CHECKIN, RETURN_SESSION),
    project=project,
)
