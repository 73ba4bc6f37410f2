"""What the follow-up flows want changed: actions, their check-in, return sessions. The bot
layer (bot/follow_up/effects.py) carries them out with the access checks repeated."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from conversations.effects import Effect
from conversations.exchange_model import Part


class AddAction(Effect):
    """A follow-up action the switcher or learning coach will take (at most three each)."""

    kind: Literal["add_action"] = "add_action"
    exchange_id: int
    part: Part
    text: str


class UpdateAction(Effect):
    """How one's own follow-up action is going, with an optional note."""

    kind: Literal["update_action"] = "update_action"
    action_id: int
    status: Literal["open", "in_progress", "done", "dropped"]
    note: str | None = None


class PlanCheckIn(Effect):
    """Ask about the follow-up actions of this exchange some weeks from now (once)."""

    kind: Literal["plan_checkin"] = "plan_checkin"
    exchange_id: int


class CreateReturnSession(Effect):
    """A coordinator invites the switchers and coaches of these exchanges to a return session,
    and their employer contacts when `employers` (the coordinator's choice)."""

    kind: Literal["create_return_session"] = "create_return_session"
    starts_at: datetime
    ends_at: datetime
    place: str
    exchange_ids: tuple[int, ...]
    employers: bool = False


class AnswerReturnSession(Effect):
    kind: Literal["answer_return_session"] = "answer_return_session"
    session_id: int
    coming: bool
