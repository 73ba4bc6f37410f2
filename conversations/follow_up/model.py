"""What a person may know of follow-up actions and return sessions (built by the bot layer
for that person only: their own actions, the sessions they are invited to or organise)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from conversations.text import Msg, _

#: Reminder kinds of the follow-up (rows in the reminders table).
ACTIONS_CHECKIN = "actions_checkin"
RETURN_SESSION = "return_session"

ACTION_STATUS_LABELS: dict[str, Msg] = {
    "open": _("not started"),
    "in_progress": _("in progress"),
    "done": _("done"),
    "dropped": _("dropped"),
}
ACTION_STATUS_ICONS = {"open": "⬜", "in_progress": "⏳", "done": "✅", "dropped": "✖️"}


class ActionView(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    exchange_id: int
    text: str
    status: str = "open"
    note: str | None = None


class InvitationView(BaseModel):
    """A return session the person is invited to, with their own answer."""

    model_config = ConfigDict(frozen=True)

    session_id: int
    starts_at: datetime
    ends_at: datetime
    place: str
    coming: bool | None = None


class HostedSessionView(BaseModel):
    """A return session a coordinator organises, with who answered what."""

    model_config = ConfigDict(frozen=True)

    id: int
    starts_at: datetime
    ends_at: datetime
    place: str
    coming: tuple[str, ...] = ()
    not_coming: tuple[str, ...] = ()
    unanswered: tuple[str, ...] = ()


class FollowUpStatus(BaseModel):
    """For the coordinator's overview of one exchange: counts, never content."""

    model_config = ConfigDict(frozen=True)

    reflections: dict[str, int] = {}  # part → finished reflections
    shared_with_coordinator: int = 0
    feedback: int = 0
    evaluations: dict[str, bool | None] = {}  # part → answered (None: not asked yet)
    actions: dict[str, int] = {}  # status → count
