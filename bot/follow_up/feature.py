"""The follow-up feature's I/O: its effects carried out, its facts loaded, its reminders
delivered (the pure side: conversations/follow_up/feature.py)."""

from __future__ import annotations

from bot.exchange_facts import EXCHANGE_ROLES
from bot.feature import Applier, BotFeature, Delivering, FactLoader, Loading, ReminderKind
from bot.follow_up.delivery import check_in_replies, return_session_replies
from bot.follow_up.effects import (
    add_action,
    answer_session,
    create_session,
    plan_check_in,
    update_action,
)
from bot.follow_up.facts import actions_of, hosted_by, invitations_of
from conversations.follow_up.effects import (
    AddAction,
    AnswerReturnSession,
    CreateReturnSession,
    PlanCheckIn,
    UpdateAction,
)
from conversations.follow_up.model import (
    ACTIONS_CHECKIN,
    RETURN_SESSION,
    ActionView,
    HostedSessionView,
    InvitationView,
)
from conversations.replies import Reply
from storage.reminders import Reminder


async def _actions(at: Loading) -> tuple[ActionView, ...]:
    return await actions_of(at.conn, at.user_id)


async def _invitations(at: Loading) -> tuple[InvitationView, ...]:
    return await invitations_of(at.conn, at.user_id)


async def _hosted(at: Loading) -> tuple[HostedSessionView, ...]:
    return await hosted_by(at.conn, at.user_id)


async def _check_in(at: Delivering, reminder: Reminder) -> list[Reply] | str:
    assert at.view is not None
    return await check_in_replies(at.conn, reminder, at.view)


async def _return_session(at: Delivering, reminder: Reminder) -> list[Reply] | str:
    return await return_session_replies(at.conn, reminder)


FOLLOW_UP = BotFeature(
    name="follow_up",
    appliers=(
        Applier(AddAction, add_action),
        Applier(UpdateAction, update_action),
        Applier(PlanCheckIn, plan_check_in, wakes=True),
        Applier(CreateReturnSession, create_session, wakes=True),
        Applier(AnswerReturnSession, answer_session),
    ),
    facts=(
        FactLoader("actions", _actions, roles=EXCHANGE_ROLES),
        FactLoader("invitations", _invitations),
        FactLoader("hosted", _hosted, roles=frozenset({"coordinator"})),
    ),
    reminders=(
        ReminderKind(ACTIONS_CHECKIN, _check_in, exchange=True),
        ReminderKind(RETURN_SESSION, _return_session, until_start=True),
    ),
)
