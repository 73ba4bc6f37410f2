"""The exchange feature's I/O: its effects carried out (bot/exchange_effects.py), its facts
loaded (bot/exchange_facts.py), its reminders worded (bot/exchange_delivery.py)."""

from __future__ import annotations

from datetime import timedelta

from bot import exchange_delivery as say
from bot import exchange_effects as do
from bot.exchange_facts import (
    EXCHANGE_ROLES,
    agenda_draft_of,
    agenda_of,
    directory,
    exchanges_of,
    focus,
)
from bot.feature import Applier, BotFeature, FactLoader, Loading, ReminderKind
from conversations.agenda_model import AgendaContent, AgendaView
from conversations.certificate import CERTIFICATE, CERTIFICATE_FOR_EMPLOYER
from conversations.effects import (
    AgendaAmend,
    AgendaBegin,
    AgendaDraft,
    AgendaPublish,
    CancelExchange,
    CreateExchange,
    EditExchange,
    IssueCertificate,
    RescheduleExchange,
    SetAttendance,
    SetExchangeStatus,
    SetIntroCall,
    TickItem,
)
from conversations.exchange_model import ExchangeView, PersonRef
from conversations.exchange_texts import (
    BEFORE_EXCHANGE,
    CHECKLIST_NUDGE,
    EVALUATION,
    REFLECTION_PROMPT,
)

#: A reflection prompt later than this after the day is no longer useful.
REFLECTION_USEFUL_FOR = timedelta(days=2)


async def _exchanges(at: Loading) -> tuple[ExchangeView, ...]:
    return await exchanges_of(at.conn, at.user_id, focus(at.conv, at.event))


async def _agenda(at: Loading) -> AgendaView | None:
    return await agenda_of(at.conn, at.user_id)


async def _agenda_draft(at: Loading) -> AgendaContent | None:
    return await agenda_draft_of(at.conn, at.user_id)


async def _directory(at: Loading) -> tuple[PersonRef, ...]:
    return await directory(at.conn, at.user_id)


EXCHANGES = BotFeature(
    name="exchanges",
    appliers=(
        Applier(SetAttendance, do.set_attendance),
        Applier(SetExchangeStatus, do.set_status),
        Applier(TickItem, do.tick),
        Applier(SetIntroCall, do.set_intro_call),
        Applier(CancelExchange, do.cancel, wakes=True),
        Applier(CreateExchange, do.create, wakes=True),
        Applier(RescheduleExchange, do.reschedule, wakes=True),
        Applier(EditExchange, do.edit, wakes=True),
        Applier(IssueCertificate, do.certificate, wakes=True),
        Applier(AgendaBegin, do.agenda_begin),
        Applier(AgendaDraft, do.agenda_draft),
        Applier(AgendaPublish, do.agenda_publish),
        Applier(AgendaAmend, do.agenda_amend),
    ),
    facts=(
        FactLoader("exchanges", _exchanges, roles=EXCHANGE_ROLES),
        FactLoader("agenda", _agenda, roles=frozenset({"switcher"}), registered=False),
        FactLoader("agenda_draft", _agenda_draft, roles=frozenset({"switcher"})),
        FactLoader("directory", _directory, roles=frozenset({"coordinator"})),
    ),
    reminders=(
        ReminderKind(
            BEFORE_EXCHANGE, say.before, exchange=True, until_start=True, latest_only=True
        ),
        ReminderKind(CHECKLIST_NUDGE, say.checklist, exchange=True, until_start=True),
        ReminderKind(
            REFLECTION_PROMPT, say.reflection, exchange=True, useful_for=REFLECTION_USEFUL_FOR
        ),
        ReminderKind(EVALUATION, say.evaluation, exchange=True, latest_only=True),
        ReminderKind(CERTIFICATE, say.certificate, exchange=True, keep=say.keep_copy),
        ReminderKind(CERTIFICATE_FOR_EMPLOYER, say.employer_copy, exchange=True),
    ),
)
