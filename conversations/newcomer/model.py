"""What a newcomer and a supporter may know, gathered by the bot layer for that person only.

A supporter sees a newcomer's first name, sector, languages, Dutch level and region when asked
to help; contact details and what the newcomer wrote only after accepting; and never anyone
who was not matched to them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict

#: Reminder kinds (rows in the reminders table).
PLAN_NUDGE = "plan_nudge"
OFFER_TIMEOUT = "offer_timeout"
KINDS = ("mentor", "career_coach")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class RequestView(_Frozen):
    id: int
    kind: str
    status: str  # searching, proposed, accepted, unavailable
    supporter_name: str | None = None
    supporter_contact: str | None = None
    rating: int | None = None


class NewcomerView(_Frozen):
    answers: dict[str, Any] | None = None  # the latest finished intake; None: no intake yet
    #: An intake started after that and not finished: its form data, to continue it.
    draft: dict[str, Any] | None = None
    progress: dict[str, str] = {}  # step id → done, not_for_me, help
    nudges_stopped: bool = False
    request: RequestView | None = None  # the latest request for support


class SupporterProfile(_Frozen):
    kinds: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    region: str = ""
    capacity: int = 0
    contact: str | None = None


class OfferView(_Frozen):
    """A request a supporter is asked to take on: no contact details yet."""

    id: int
    kind: str
    first_name: str
    sector: str | None = None
    languages: tuple[str, ...] = ()
    dutch_level: str | None = None
    region: str | None = None
    step_id: str | None = None  # the plan step they asked help with (walkthrough 18)


class Meeting(_Frozen):
    met_on: date
    note: str | None = None


class MenteeView(_Frozen):
    """A newcomer matched to this supporter (accepted), with what they agreed to share."""

    request_id: int
    name: str
    kind: str
    sector: str | None = None
    languages: tuple[str, ...] = ()
    dutch_level: str | None = None
    aim: str | None = None
    contact: str | None = None
    meetings: tuple[Meeting, ...] = ()
    rating: int | None = None


class SupporterView(_Frozen):
    profile: SupporterProfile | None = None
    offers: tuple[OfferView, ...] = ()  # pending offers
    mentees: tuple[MenteeView, ...] = ()

    def offer(self, offer_id: int) -> OfferView | None:
        return next((o for o in self.offers if o.id == offer_id), None)

    def mentee(self, request_id: int | None) -> MenteeView | None:
        return next((m for m in self.mentees if m.request_id == request_id), None)
