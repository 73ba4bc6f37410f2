"""The newcomer feature's I/O: its effects carried out, the plan and supporter facts loaded,
nudges and timed-out offers delivered (the pure side: conversations/newcomer/feature.py)."""

from __future__ import annotations

from bot.feature import Applier, BotFeature, Delivering, FactLoader, Loading, ReminderKind
from bot.newcomer.delivery import nudge_replies, offer_timeout_replies
from bot.newcomer.effects import (
    answer_offer,
    log_meeting,
    mark_step,
    rate_support,
    request_support,
    save_profile,
    stop_nudges,
    touch_plan,
)
from bot.newcomer.facts import newcomer_view, supporter_view
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
from conversations.newcomer.model import OFFER_TIMEOUT, PLAN_NUDGE, NewcomerView, SupporterView
from conversations.replies import Reply
from storage.reminders import Reminder


async def _newcomer(at: Loading) -> NewcomerView:
    return await newcomer_view(at.conn, at.user_id)


async def _supporter(at: Loading) -> SupporterView:
    return await supporter_view(at.conn, at.user_id)


async def _nudge(at: Delivering, reminder: Reminder) -> list[Reply] | str:
    return await nudge_replies(at.conn, at.settings, at.plan, reminder, at.now)


async def _offer_timeout(at: Delivering, reminder: Reminder) -> list[Reply] | str:
    return await offer_timeout_replies(at.conn, at.settings, at.words, reminder, at.now)


NEWCOMER = BotFeature(
    name="newcomer",
    appliers=(
        Applier(MarkStep, mark_step, wakes=True),
        Applier(TouchPlan, touch_plan, wakes=True),
        Applier(SnoozeNudges, touch_plan, wakes=True),
        Applier(StopNudges, stop_nudges),
        Applier(RequestSupport, request_support, wakes=True),
        Applier(AnswerOffer, answer_offer, wakes=True),
        Applier(SaveSupporterProfile, save_profile, wakes=True),
        Applier(LogMeeting, log_meeting),
        Applier(RateSupport, rate_support),
    ),
    facts=(
        FactLoader("newcomer", _newcomer, roles=frozenset({"newcomer"})),
        FactLoader("supporter", _supporter, roles=frozenset({"mentor"})),
    ),
    reminders=(
        ReminderKind(PLAN_NUDGE, _nudge),
        ReminderKind(OFFER_TIMEOUT, _offer_timeout, timely=False),
    ),
)
