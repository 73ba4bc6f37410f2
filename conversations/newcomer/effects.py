"""What the newcomer and supporter flows want changed; the bot layer carries it out with the
access checks repeated (a forged button never touches someone else's data)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from conversations.effects import Effect

StepStatus = Literal["done", "not_for_me", "help"]
Kind = Literal["mentor", "career_coach"]


class MarkStep(Effect):
    """A step of one's own plan is done, set aside, needs help, or back to do (None)."""

    kind: Literal["mark_step"] = "mark_step"
    step_id: str
    status: StepStatus | None


class TouchPlan(Effect):
    """The newcomer is working on their plan: the idle nudge moves to later."""

    kind: Literal["touch_plan"] = "touch_plan"


class SnoozeNudges(Effect):
    kind: Literal["snooze_nudges"] = "snooze_nudges"


class StopNudges(Effect):
    kind: Literal["stop_nudges"] = "stop_nudges"


class RequestSupport(Effect):
    """Find a mentor or career coach; `contact` is what the newcomer agreed to share."""

    kind: Literal["request_support"] = "request_support"
    support: Kind
    step_id: str | None = None
    contact: str | None = None


class AnswerOffer(Effect):
    """A supporter accepts or declines a request they were offered."""

    kind: Literal["answer_offer"] = "answer_offer"
    offer_id: int
    accept: bool


class SaveSupporterProfile(Effect):
    kind: Literal["supporter_profile"] = "supporter_profile"
    kinds: tuple[Kind, ...]
    sectors: tuple[str, ...]
    languages: tuple[str, ...]
    region: str
    capacity: int
    contact: str


class LogMeeting(Effect):
    kind: Literal["log_meeting"] = "log_meeting"
    request_id: int
    met_on: date
    note: str | None = None


class RateSupport(Effect):
    kind: Literal["rate_support"] = "rate_support"
    request_id: int
    rating: int
    comment: str | None = None
