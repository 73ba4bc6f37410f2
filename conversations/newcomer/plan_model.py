"""The step plan towards work as content: steps, sector tracks and the conditions that pick
them, checked strictly so a local organisation's edits fail at start-up, not in a chat.

Every text a newcomer reads (title, what, why, how, notes, what to bring) is an English msgid
translated through the catalogs. `verify` is a note for content editors only: it marks facts
that differ per region or change from year to year (fees, addresses, rules) and is never shown.
Conditions name intake questions and their option ids (`when: {dutch_level: [none, a1]}`), as
data, never as expressions.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Ident = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=32)
SupportKind = Literal["mentor", "career_coach"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Place(_Strict):
    """Where to go or whom to contact. `name` is a proper name and stays as written; `label`
    describes a place that has no proper name ("Your local library") and is translated
    (walkthrough 17: such names showed in English in every language). Give one of the two."""

    name: str | None = Field(default=None, min_length=2, max_length=120)
    label: str | None = Field(default=None, min_length=2, max_length=120)
    note: str | None = None  # translated: what to ask for there, opening hours …
    url: str | None = Field(default=None, pattern=r"^https://\S+$")
    phone: str | None = Field(default=None, pattern=r"^\+?[0-9 ()/.-]{6,24}$")
    email: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")
    address: str | None = None

    @model_validator(mode="after")
    def _named_once(self) -> Place:
        if (self.name is None) == (self.label is None):
            raise ValueError("a place has a proper `name` or a translated `label`, not both")
        return self


class PlanStep(_Strict):
    id: str = Ident
    title: str = Field(min_length=3, max_length=80)
    what: str = Field(min_length=10)
    why: str = Field(min_length=10)
    how: str = Field(min_length=10)
    where: tuple[Place, ...] = ()
    bring: tuple[str, ...] = ()
    #: For editors only: what to check, and how often (region-specific or yearly facts).
    verify: str | None = None
    #: Shown only if every named intake answer is one of the listed options.
    when: dict[str, tuple[str, ...]] = {}
    #: Left out if any named intake answer is one of the listed options.
    unless: dict[str, tuple[str, ...]] = {}
    #: Whom "I need help" proposes for this step.
    support: SupportKind = "mentor"
    #: Done by itself once a supporter of this kind has accepted (walkthrough 18).
    done_when_matched: SupportKind | None = None


class Track(_Strict):
    """A sector track: its own steps, placed after one of the general steps."""

    id: str = Ident  # an option id of the intake's sector question
    title: str = Field(min_length=3, max_length=80)
    after: str = Ident
    steps: tuple[PlanStep, ...] = Field(min_length=1)


class PlanContent(_Strict):
    version: int = Field(ge=1)
    #: Where these facts hold and when they were last checked (shown to editors).
    region: str
    reviewed: str = Field(pattern=r"^\d{4}-\d{2}$")
    #: The intake form whose answers the conditions read, and its sector question.
    intake: str = Ident
    sector_question: str = Ident
    steps: tuple[PlanStep, ...] = Field(min_length=1)
    tracks: tuple[Track, ...] = ()

    @model_validator(mode="after")
    def _ids_and_places_hold(self) -> PlanContent:
        seen: set[str] = set()
        for step in self.all_steps():
            if step.id in seen:
                raise ValueError(f"step id {step.id!r} is used twice")
            seen.add(step.id)
        general = {s.id for s in self.steps}
        tracks = [t.id for t in self.tracks]
        if len(set(tracks)) != len(tracks):
            raise ValueError("track ids must be unique")
        for track in self.tracks:
            if track.after not in general:
                raise ValueError(f"track {track.id}: after {track.after!r} is not a general step")
        return self

    def all_steps(self) -> list[PlanStep]:
        return [*self.steps, *(s for t in self.tracks for s in t.steps)]

    def step(self, step_id: str) -> PlanStep | None:
        return next((s for s in self.all_steps() if s.id == step_id), None)

    def check_against(self, questions: dict[str, tuple[str, ...]]) -> list[str]:
        """Problems with conditions that name unknown intake questions or options
        (`questions`: question id → its option ids; empty for free-text questions)."""
        problems = []
        if self.sector_question not in questions:
            problems.append(f"sector_question: {self.sector_question!r} is not in the intake")
        else:
            sectors = set(questions[self.sector_question])
            for track in self.tracks:
                if track.id not in sectors:
                    problems.append(f"tracks.{track.id}: not an option of {self.sector_question}")
        for step in self.all_steps():
            for kind, rules in (("when", step.when), ("unless", step.unless)):
                for question, options in rules.items():
                    known = questions.get(question)
                    if known is None:
                        problems.append(f"{step.id}.{kind}: no intake question {question!r}")
                    elif unknown := set(options) - set(known):
                        problems.append(
                            f"{step.id}.{kind}.{question}: unknown options {sorted(unknown)}"
                        )
        return problems
