"""Exchanges as a participant sees them, and the preparation checklists per role.

The dispatcher builds these views only for exchanges the person takes part in (or manages),
so a flow cannot show what it was never given: access control by construction. Flows still
check ids from buttons against these views, because button data can be forged.
"""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from conversations.agenda_model import AgendaView
from conversations.follow_up.model import FollowUpStatus
from conversations.text import Msg, _


class Part(StrEnum):
    """The part someone plays in one exchange."""

    SWITCHER = "switcher"
    LEARNING_COACH = "learning_coach"
    SENDING_EMPLOYER = "sending_employer"
    HOST_EMPLOYER = "host_employer"
    COORDINATOR = "coordinator"


PART_LABELS: dict[Part, Msg] = {
    Part.SWITCHER: _("switcher"),
    Part.LEARNING_COACH: _("learning coach"),
    Part.SENDING_EMPLOYER: _("sending employer"),
    Part.HOST_EMPLOYER: _("host employer"),
    Part.COORDINATOR: _("coordinator"),
}

STATUS_LABELS: dict[str, Msg] = {
    "planned": _("planned"),
    "confirmed": _("confirmed"),
    "done": _("done"),
    "cancelled": _("cancelled"),
}

#: Who may read the switcher's learning agenda (least data: not the employers).
AGENDA_READERS = frozenset({Part.SWITCHER, Part.LEARNING_COACH, Part.COORDINATOR})
#: Who is asked "will you be there?" and gets the reminders.
ATTENDEES = frozenset({Part.SWITCHER, Part.LEARNING_COACH})


class ChecklistItem(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str = Field(pattern=r"^[a-z0-9_]{1,24}$")
    label: str = Field(min_length=3)


class Checklists(BaseModel):
    """Content file `checklists.yaml`: the preparation items per part (draaiboek 5.6)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    switcher: tuple[ChecklistItem, ...] = ()
    learning_coach: tuple[ChecklistItem, ...] = ()
    sending_employer: tuple[ChecklistItem, ...] = ()
    host_employer: tuple[ChecklistItem, ...] = ()

    def for_part(self, part: Part) -> tuple[ChecklistItem, ...]:
        return tuple(getattr(self, part.value, ()))


class Day(BaseModel):
    model_config = ConfigDict(frozen=True)

    starts_at: datetime
    ends_at: datetime


class Party(BaseModel):
    """Someone in the exchange, with what the others may know of their preparation."""

    model_config = ConfigDict(frozen=True)

    person_id: int
    name: str | None = None
    part: Part
    attending: bool | None = None
    ticked: frozenset[str] = frozenset()


class Undelivered(BaseModel):
    """A reminder or notice of this exchange that never reached its person (coordinator)."""

    model_config = ConfigDict(frozen=True)

    person_id: int
    name: str | None
    due_at: datetime
    why: str  # blocked, gone (the chat no longer exists) or failed (after every retry)


class ExchangeView(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    status: str
    mine: tuple[Part, ...]  # my part(s) in it
    days: tuple[Day, ...]
    place: str
    notes: str | None = None
    sending_org: str | None = None
    host_org: str | None = None
    #: The coordinating organisation (programme) by name; None for the unnamed default.
    programme: str | None = None
    intro_call_at: datetime | None = None
    certificate_at: datetime | None = None
    parties: tuple[Party, ...] = ()
    agenda: AgendaView | None = None  # only for AGENDA_READERS
    #: For the host employer: the learning question and the goals, as typed (draaiboek 847:
    #: the host is informed of the learning agenda; voice notes and comments stay out).
    agenda_summary: tuple[str, ...] = ()
    follow_up: FollowUpStatus | None = None  # only for the coordinator
    undelivered: tuple[Undelivered, ...] = ()  # only for the coordinator
    #: False for a coordinator's exchanges not open on screen: agenda, follow-up and
    #: undelivered messages were not read for them (a list needs none of it).
    detailed: bool = True

    def party(self, part: Part) -> Party | None:
        return next((p for p in self.parties if p.part == part), None)

    def me(self, person_id: int, part: Part) -> Party | None:
        return next((p for p in self.parties if p.part == part and p.person_id == person_id), None)

    @property
    def first_start(self) -> datetime:
        return min(d.starts_at for d in self.days)

    @property
    def active(self) -> bool:
        return self.status in ("planned", "confirmed")


class PersonRef(BaseModel):
    """A person a coordinator can pick for an exchange."""

    model_config = ConfigDict(frozen=True)

    id: int
    name: str
    roles: frozenset[str]


_ID = re.compile(r"^\d{1,9}$")


def exchange_id_of(choice_id: str, prefix: str) -> int | None:
    """`ex:12` → 12; anything else (forged, malformed) → None."""
    if not choice_id.startswith(prefix):
        return None
    raw = choice_id.removeprefix(prefix)
    return int(raw) if _ID.match(raw) else None
