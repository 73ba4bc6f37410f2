"""The exchange feature: job-switching exchanges (setup, checklists, attendance, cancelling,
the certificate), the learning agenda, the coordinator's report."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from conversations.absence import absence_flow
from conversations.agenda import agenda_flow
from conversations.agenda_view import agenda_view_flow
from conversations.certificate import CERTIFICATE, CERTIFICATE_FOR_EMPLOYER
from conversations.context import Ctx
from conversations.core import Entry
from conversations.effects import (
    AgendaAmend,
    AgendaBegin,
    AgendaDraft,
    AgendaPublish,
    CancelExchange,
    CreateExchange,
    EditExchange,
    Effect,
    IssueCertificate,
    RescheduleExchange,
    SetAttendance,
    SetExchangeStatus,
    SetIntroCall,
    TickItem,
)
from conversations.engine import Flow
from conversations.exchange_actions import BUTTONS
from conversations.exchange_edit import exchange_edit_flow
from conversations.exchange_model import ExchangeView
from conversations.exchange_texts import (
    BEFORE_EXCHANGE,
    CHECKLIST_NUDGE,
    EVALUATION,
    REFLECTION_PROMPT,
)
from conversations.exchanges import exchanges_flow
from conversations.feature import Feature, Inputs, Need
from conversations.menu import MenuEntry
from conversations.new_exchange import new_exchange_flow
from conversations.replies import Report
from conversations.roles import Role
from conversations.text import _

#: The switcher's evaluation ends in /actions (draaiboek 002:936): its exchange stays loaded.
LEADS_TO_ACTIONS = frozenset({"evaluation_switcher"})
COORDINATORS = frozenset({Role.COORDINATOR})
IN_EXCHANGES = frozenset({Role.SWITCHER, Role.LEARNING_COACH, Role.EMPLOYER, Role.COORDINATOR})
_FLOWS = frozenset({"exchanges", "agenda", "agenda_view", "absence", "exchange_edit"})


def flows(inputs: Inputs) -> Sequence[Flow[Any]]:
    return (
        exchanges_flow(inputs.checklists),
        agenda_flow(),
        absence_flow(),
        agenda_view_flow(),
        new_exchange_flow(),
        exchange_edit_flow(),
    )


def project(ctx: Ctx, eff: Effect) -> Ctx:
    """A tick or an attendance answer shows in the checklist or overview asked next."""
    if not isinstance(eff, TickItem | SetAttendance):
        return ctx
    exchanges = tuple(_projected(x, ctx.user.id, eff) for x in ctx.exchanges)
    return ctx.model_copy(update={"exchanges": exchanges})


def _projected(view: ExchangeView, me: int, eff: TickItem | SetAttendance) -> ExchangeView:
    if view.id != eff.exchange_id:
        return view
    parties = []
    for party in view.parties:
        if party.person_id == me and isinstance(eff, SetAttendance):
            party = party.model_copy(update={"attending": eff.attending})
        elif party.person_id == me and isinstance(eff, TickItem) and party.part == eff.part:
            ticked = party.ticked | {eff.item_id} if eff.done else party.ticked - {eff.item_id}
            party = party.model_copy(update={"ticked": ticked})
        parties.append(party)
    return view.model_copy(update={"parties": tuple(parties)})


EXCHANGES = Feature(
    name="exchanges",
    flows=flows,
    commands={"exchanges": Entry("exchanges"), "agenda": Entry("agenda")},
    menu=(
        (50, MenuEntry("menu:exchanges", _("My exchanges"), flow="exchanges", roles=IN_EXCHANGES)),
        (
            60,
            MenuEntry(
                "menu:agenda",
                _("My learning agenda"),
                flow="agenda",
                roles=frozenset({Role.SWITCHER}),
            ),
        ),
        (
            110,
            MenuEntry(
                "menu:new_exchange",
                _("Set up an exchange"),
                flow="new_exchange",
                roles=COORDINATORS,
            ),
        ),
        (
            120,
            MenuEntry(
                "menu:cohort",
                _("Report and spreadsheet of my exchanges"),
                roles=COORDINATORS,
                shows=(Report(report="cohort"),),
            ),
        ),
    ),
    effects=(
        SetAttendance,
        SetExchangeStatus,
        TickItem,
        SetIntroCall,
        CancelExchange,
        CreateExchange,
        RescheduleExchange,
        EditExchange,
        IssueCertificate,
        AgendaBegin,
        AgendaDraft,
        AgendaPublish,
        AgendaAmend,
    ),
    needs={
        "exchanges": Need(
            _FLOWS,
            frozenset({"exchanges", "agenda"}),
            ("x:", "ex:", *(f"menu:{flow}" for flow in sorted(_FLOWS))),
            LEADS_TO_ACTIONS,
        ),
        "directory": Need(
            frozenset({"new_exchange", "exchange_edit"}), choices=("menu:new_exchange",)
        ),
        "agenda_draft": Need(frozenset({"agenda"}), frozenset({"agenda"}), ("menu:agenda",)),
    },
    buttons=BUTTONS,
    reminder_kinds=(
        BEFORE_EXCHANGE,
        CHECKLIST_NUDGE,
        REFLECTION_PROMPT,
        EVALUATION,
        CERTIFICATE,
        CERTIFICATE_FOR_EMPLOYER,
    ),
    project=project,
)
