"""What matching reads and returns, as plain data (the facts layer fills it from storage)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class PlaceView(BaseModel):
    """A learning place as a coordinator and matching see it."""

    model_config = ConfigDict(frozen=True)

    id: int
    topic: str
    host_org: str
    site: str
    municipality: str
    region: str | None = None
    sector: str | None = None
    public_transport: bool | None = None
    dates: tuple[tuple[date, date], ...] = ()
    capacity: int = 1
    left: int = 1
    coach_id: int | None = None
    coach_name: str | None = None
    host_contact_id: int | None = None
    safety: str | None = None
    exclusions: str | None = None
    excluded_orgs: tuple[str, ...] = ()
    status: str = "open"


class Needs(BaseModel):
    """A switcher's side of the match, from their saved learning agenda."""

    model_config = ConfigDict(frozen=True)

    switcher_id: int
    #: The learning question, the goals and what they want to see or do (text answers only).
    texts: tuple[str, ...] = ()
    region: str | None = None
    travel: str | None = None  # one of conversations.agenda_model.TRAVEL
    dates: str | None = None  # as the switcher wrote it
    #: Their own employer (the sending organisation): never offered as a learning place.
    organisation: str | None = None


class Criterion(StrEnum):
    WORDS = "words"
    SECTOR = "sector"
    TRAVEL = "travel"
    TRANSPORT = "transport"
    DATES = "dates"
    CAPACITY = "capacity"


class Reason(BaseModel):
    """One criterion's verdict: its points and what decided it (shared words, the place's
    municipality, the overlapping dates, ...)."""

    model_config = ConfigDict(frozen=True)

    criterion: Criterion
    points: int
    #: A machine key for the verdict (e.g. "same_municipality", "overlap", "none").
    verdict: str
    details: tuple[str, ...] = ()


class Match(BaseModel):
    """A place ranked for a switcher: content fit first, then practicality."""

    model_config = ConfigDict(frozen=True)

    place: PlaceView
    content: int
    practical: int
    reasons: tuple[Reason, ...]

    def reason(self, criterion: Criterion) -> Reason | None:
        return next((r for r in self.reasons if r.criterion == criterion), None)


class MatchingFacts(BaseModel):
    """What a coordinator setting up an exchange may match with: the open places of their
    programmes, and the needs of the switcher(s) in play (picked, or being picked)."""

    model_config = ConfigDict(frozen=True)

    places: tuple[PlaceView, ...] = ()
    needs: dict[int, Needs] = {}
    #: Each switcher's top 3 (place ids, most wanted first), as they chose it.
    choices: dict[int, tuple[int, ...]] = {}
