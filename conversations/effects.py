"""Effects: what a flow wants changed in the world, carried out by the dispatcher.

Flows stay pure by returning these instead of writing to the database themselves; the
dispatcher applies them inside the same transaction that saves the conversation state.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from conversations.exchange_model import Part
from conversations.newcomer.effects import NewcomerEffect
from conversations.replies import Choice
from conversations.roles import Role
from conversations.text import Msg


class _Effect(BaseModel):
    model_config = ConfigDict(frozen=True)


class SetLocale(_Effect):
    kind: Literal["set_locale"] = "set_locale"
    locale: str


class RecordConsent(_Effect):
    """A consent answer; `version` names the privacy notice the person saw."""

    kind: Literal["consent"] = "consent"
    given: bool
    version: str


class SetName(_Effect):
    kind: Literal["set_name"] = "set_name"
    name: str


class GrantRole(_Effect):
    """Give a role; with `invite_code` the invite's use is counted in the same transaction."""

    kind: Literal["grant_role"] = "grant_role"
    role: Role
    invite_code: str | None = None


class SaveAnswer(_Effect):
    """One answer of a form response, saved as it is given (a restart loses nothing).

    A response is identified by (person, form, `started`); `version` is the form's version, so
    later content changes never reinterpret old answers. `value` is None for a skipped question.
    """

    kind: Literal["save_answer"] = "save_answer"
    form_id: str
    version: int
    started: str
    question_id: str
    value: Any = None


class FinishResponse(_Effect):
    kind: Literal["finish_response"] = "finish_response"
    form_id: str
    version: int
    started: str
    scores: dict[str, float] = {}
    #: Answers to questions that no longer apply (e.g. consent for a recording withdrawn by
    #: going back): deleted, with their media, when the response is finished.
    drop: tuple[str, ...] = ()
    #: The answers that stand, so later steps of the same event can read them (the step plan
    #: right after the intake).
    answers: dict[str, Any] = {}


class Notify(_Effect):
    """Tell someone else something (a coordinator alert, a change in a shared agenda).

    Sent as a row through the same delivery path as reminders: exactly once, paced, in the
    recipient's language and time zone, also if the bot restarts in between.
    """

    kind: Literal["notify"] = "notify"
    person_id: int
    text: Msg
    exchange_id: int | None = None
    choices: tuple[Choice, ...] = ()


class SetAttendance(_Effect):
    kind: Literal["attendance"] = "attendance"
    exchange_id: int
    attending: bool


class SetExchangeStatus(_Effect):
    kind: Literal["exchange_status"] = "exchange_status"
    exchange_id: int
    status: Literal["confirmed", "planned", "done"]


class TickItem(_Effect):
    kind: Literal["tick"] = "tick"
    exchange_id: int
    part: Part
    item_id: str
    done: bool


class SetIntroCall(_Effect):
    kind: Literal["intro_call"] = "intro_call"
    exchange_id: int
    when: datetime


class CancelExchange(_Effect):
    """Cancel (coordinator only; checked again when applied): reminders removed, all told."""

    kind: Literal["cancel_exchange"] = "cancel_exchange"
    exchange_id: int


class IssueCertificate(_Effect):
    """The coordinator issues the learning certificate: sent to the switcher once, stored.
    `withdraw`: takes an issued one back (the stored copy goes; it can be issued again)."""

    kind: Literal["issue_certificate"] = "issue_certificate"
    exchange_id: int
    withdraw: bool = False


class CreateExchange(_Effect):
    kind: Literal["create_exchange"] = "create_exchange"
    switcher_id: int
    coach_id: int
    days: tuple[tuple[datetime, datetime], ...]
    place: str
    host_org: str | None = None
    notes: str | None = None


class AddReflectionItem(_Effect):
    """One item of a reflection (or coach feedback), kept as it arrives: text or a file."""

    kind: Literal["reflection_item"] = "reflection_item"
    exchange_id: int
    part: Part
    reflection: Literal["reflection", "feedback"]
    started: str
    value: Any  # text, or the media dict of the form engine


class ShareReflection(_Effect):
    """The author says who may see it; without consent its recordings are deleted."""

    kind: Literal["share_reflection"] = "share_reflection"
    started: str
    visibility: Literal["me", "partner", "coordinator", "partner+coordinator"]
    keep_recordings: bool


class AgendaBegin(_Effect):
    """Start editing: the draft becomes a copy of the latest version (if there is no draft)."""

    kind: Literal["agenda_begin"] = "agenda_begin"


class AgendaDraft(_Effect):
    """One part of the switcher's draft answered (a voice note is kept for good here)."""

    kind: Literal["agenda_draft"] = "agenda_draft"
    part: str
    value: Any = None


class AgendaPublish(_Effect):
    """The draft becomes the next version, authored by the switcher."""

    kind: Literal["agenda_publish"] = "agenda_publish"


class AgendaAmend(_Effect):
    """An addition to someone's latest agenda (coach programme or comment, day-2 question):
    a new version straight away, authored by whoever adds it (access checked again)."""

    kind: Literal["agenda_amend"] = "agenda_amend"
    switcher_id: int
    part: Literal["programme", "comments", "day2_questions"]
    value: Any = None


class AddAction(_Effect):
    """A follow-up action the switcher or learning coach will take (at most three each)."""

    kind: Literal["add_action"] = "add_action"
    exchange_id: int
    part: Part
    text: str


class UpdateAction(_Effect):
    """How one's own follow-up action is going, with an optional note."""

    kind: Literal["update_action"] = "update_action"
    action_id: int
    status: Literal["open", "in_progress", "done", "dropped"]
    note: str | None = None


class PlanCheckIn(_Effect):
    """Ask about the follow-up actions of this exchange some weeks from now (once)."""

    kind: Literal["plan_checkin"] = "plan_checkin"
    exchange_id: int


class CreateReturnSession(_Effect):
    """A coordinator invites the switchers and coaches of these exchanges to a return session."""

    kind: Literal["create_return_session"] = "create_return_session"
    starts_at: datetime
    ends_at: datetime
    place: str
    exchange_ids: tuple[int, ...]


class AnswerReturnSession(_Effect):
    kind: Literal["answer_return_session"] = "answer_return_session"
    session_id: int
    coming: bool


class EraseMe(_Effect):
    """The person asked to delete everything about them (confirmed twice)."""

    kind: Literal["erase_me"] = "erase_me"


class KeepMyData(_Effect):
    """The person chose to keep their programme data when warned it would be deleted."""

    kind: Literal["keep_my_data"] = "keep_my_data"


Effect = (
    SetLocale
    | RecordConsent
    | SetName
    | GrantRole
    | SaveAnswer
    | FinishResponse
    | Notify
    | SetAttendance
    | SetExchangeStatus
    | TickItem
    | SetIntroCall
    | CancelExchange
    | CreateExchange
    | IssueCertificate
    | AddReflectionItem
    | ShareReflection
    | AgendaBegin
    | AgendaDraft
    | AgendaPublish
    | AgendaAmend
    | AddAction
    | UpdateAction
    | PlanCheckIn
    | CreateReturnSession
    | AnswerReturnSession
    | NewcomerEffect
    | EraseMe
    | KeepMyData
)
