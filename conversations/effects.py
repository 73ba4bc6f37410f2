"""Effects: what a flow wants changed in the world, carried out by the dispatcher.

Flows stay pure by returning these instead of writing to the database themselves; the
dispatcher applies them inside the same transaction that saves the conversation state.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from conversations.exchange_model import Part
from conversations.replies import Choice
from conversations.roles import Role
from conversations.text import Msg


class Effect(BaseModel):
    """What every effect is: frozen, named by `kind`. Each feature declares its own effect
    types (its `feature.py`); the bot layer has exactly one applier for each."""

    model_config = ConfigDict(frozen=True)

    kind: str


class SetLocale(Effect):
    kind: Literal["set_locale"] = "set_locale"
    locale: str


class RecordConsent(Effect):
    """A consent answer; `version` names the privacy notice the person saw."""

    kind: Literal["consent"] = "consent"
    given: bool
    version: str


class SetName(Effect):
    kind: Literal["set_name"] = "set_name"
    name: str


class GrantRole(Effect):
    """Give a role; with `invite_code` the invite's use is counted in the same transaction."""

    kind: Literal["grant_role"] = "grant_role"
    role: Role
    invite_code: str | None = None


class SaveAnswer(Effect):
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


class FinishResponse(Effect):
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


class Notify(Effect):
    """Tell someone else something (a coordinator alert, a change in a shared agenda).

    Sent as a row through the same delivery path as reminders: exactly once, paced, in the
    recipient's language and time zone, also if the bot restarts in between.
    """

    kind: Literal["notify"] = "notify"
    person_id: int
    text: Msg
    exchange_id: int | None = None
    choices: tuple[Choice, ...] = ()


class SetAttendance(Effect):
    kind: Literal["attendance"] = "attendance"
    exchange_id: int
    attending: bool
    #: Why not (or which date would suit), as told to the coordinator; kept beside the "no".
    reason: str | None = None


class SetExchangeStatus(Effect):
    kind: Literal["exchange_status"] = "exchange_status"
    exchange_id: int
    status: Literal["confirmed", "planned", "done"]


class TickItem(Effect):
    kind: Literal["tick"] = "tick"
    exchange_id: int
    part: Part
    item_id: str
    done: bool


class SetIntroCall(Effect):
    kind: Literal["intro_call"] = "intro_call"
    exchange_id: int
    when: datetime


class RescheduleExchange(Effect):
    """New days (coordinator only, checked again): reminders planned again, everyone told."""

    kind: Literal["reschedule_exchange"] = "reschedule_exchange"
    exchange_id: int
    days: tuple[tuple[datetime, datetime], ...]


class EditExchange(Effect):
    """New place, organisations, notes or employer contacts (coordinator only): a contact
    added gets their checklist and evaluation, everyone is told."""

    kind: Literal["edit_exchange"] = "edit_exchange"
    exchange_id: int
    place: str
    sending_org: str | None = None
    host_org: str | None = None
    notes: str | None = None
    sending_contact_id: int | None = None
    host_contact_id: int | None = None


class CancelExchange(Effect):
    """Cancel (coordinator only; checked again when applied): reminders removed, all told."""

    kind: Literal["cancel_exchange"] = "cancel_exchange"
    exchange_id: int


class IssueCertificate(Effect):
    """The coordinator issues the learning certificate: sent to the switcher once, stored.
    `withdraw`: takes an issued one back (the stored copy goes; it can be issued again)."""

    kind: Literal["issue_certificate"] = "issue_certificate"
    exchange_id: int
    withdraw: bool = False


class CreateExchange(Effect):
    kind: Literal["create_exchange"] = "create_exchange"
    switcher_id: int
    coach_id: int
    days: tuple[tuple[datetime, datetime], ...]
    place: str
    host_org: str | None = None
    notes: str | None = None
    #: Matched from this learning place (its host contact is attached to the exchange).
    learning_place_id: int | None = None
    sending_org: str | None = None
    #: Employer contacts (walkthrough 8): they get their checklist and evaluation.
    sending_contact_id: int | None = None
    host_contact_id: int | None = None


class AgendaBegin(Effect):
    """Start editing: the draft becomes a copy of the latest version (if there is no draft)."""

    kind: Literal["agenda_begin"] = "agenda_begin"


class AgendaDraft(Effect):
    """One part of the switcher's draft answered (a voice note is kept for good here)."""

    kind: Literal["agenda_draft"] = "agenda_draft"
    part: str
    value: Any = None


class AgendaPublish(Effect):
    """The draft becomes the next version, authored by the switcher."""

    kind: Literal["agenda_publish"] = "agenda_publish"


class AgendaAmend(Effect):
    """An addition to someone's latest agenda (coach programme or comment, day-2 question):
    a new version straight away, authored by whoever adds it (access checked again)."""

    kind: Literal["agenda_amend"] = "agenda_amend"
    switcher_id: int
    part: Literal["programme", "comments", "day2_questions"]
    value: Any = None


class EraseMe(Effect):
    """The person asked to delete everything about them (confirmed twice)."""

    kind: Literal["erase_me"] = "erase_me"
