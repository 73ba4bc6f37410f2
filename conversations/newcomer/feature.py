"""The newcomer feature: the step plan towards work, finding a mentor or career coach, and the
supporters' side (profile, offers, their newcomers)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from conversations.core import Entry
from conversations.engine import Flow
from conversations.feature import Feature, Inputs, Need
from conversations.menu import MenuEntry
from conversations.newcomer.actions import newcomer_act
from conversations.newcomer.effects import (
    AnswerOffer,
    LogMeeting,
    MarkStep,
    RateSupport,
    RequestSupport,
    SaveSupporterProfile,
    SnoozeNudges,
    StopNudges,
    TouchPlan,
)
from conversations.newcomer.mentees_flow import mentees_flow
from conversations.newcomer.model import OFFER_TIMEOUT, PLAN_NUDGE
from conversations.newcomer.plan_flow import plan_flow
from conversations.newcomer.projection import project_newcomer
from conversations.newcomer.support_flow import support_flow
from conversations.newcomer.supporter_flow import supporter_flow
from conversations.newcomer.vocabulary import INTAKE
from conversations.roles import Role
from conversations.text import _

NEWCOMERS = frozenset({Role.NEWCOMER})
SUPPORTERS = frozenset({Role.MENTOR})


def flows(inputs: Inputs) -> Sequence[Flow[Any]]:
    return (
        plan_flow(inputs.plan),
        support_flow(),
        supporter_flow(inputs.words),
        mentees_flow(inputs.words),
    )


NEWCOMER = Feature(
    name="newcomer",
    flows=flows,
    commands={name: Entry(name) for name in ("plan", "support", "supporter", "mentees")},
    menu=(
        (10, MenuEntry("menu:plan", _("My step plan towards work"), flow="plan", roles=NEWCOMERS)),
        (
            20,
            MenuEntry(
                "menu:support", _("Find a mentor or career coach"), flow="support", roles=NEWCOMERS
            ),
        ),
        (30, MenuEntry("menu:mentees", _("My newcomers"), flow="mentees", roles=SUPPORTERS)),
        (
            40,
            MenuEntry(
                "menu:supporter", _("My supporter profile"), flow="supporter", roles=SUPPORTERS
            ),
        ),
    ),
    effects=(
        MarkStep,
        TouchPlan,
        SnoozeNudges,
        StopNudges,
        RequestSupport,
        AnswerOffer,
        SaveSupporterProfile,
        LogMeeting,
        RateSupport,
    ),
    needs={
        "newcomer": Need(
            frozenset({"plan", "support"}),
            frozenset({"plan", "support", "intake"}),
            ("menu:plan", "menu:support", "x:plan", "x:nudge"),
            frozenset({INTAKE}),
        ),
        "supporter": Need(
            frozenset({"supporter", "mentees"}),
            frozenset({"supporter", "mentees"}),
            ("menu:supporter", "menu:mentees", "x:match"),
        ),
    },
    buttons={"plan": newcomer_act, "nudge": newcomer_act, "match": newcomer_act},
    reminder_kinds=(PLAN_NUDGE, OFFER_TIMEOUT),
    project=project_newcomer,
)
