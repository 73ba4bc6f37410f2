"""The content model: what a form file may say, checked strictly so mistakes surface at start-up.

Every user-visible string in a form (texts, labels, advice) is an English msgid, translated
through the same gettext catalogs as the code (see `bot/content_extract.py`). Conditions are
declared as data (`show_if`), never as expressions evaluated from the file.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from conversations.roles import Role

Ident = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=32)
QuestionType = Literal["single", "multi", "yesno", "scale", "text", "number", "date", "media"]
MediaAccept = Literal["voice", "audio", "photo", "video", "file"]
CHOICE_TYPES = ("single", "multi", "yesno")

#: Where a text comes from in a source document ("002:304-306" = seed 002, lines 304-306).
Source = Field(default=None, pattern=r"^\d{3}:\d+(-\d+)?(, ?\d+(-\d+)?)*$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    id: str = Ident
    label: str = Field(min_length=1)
    score: float = 0


class ShowIf(_Strict):
    """Show a question only when an earlier answer picked one of these options."""

    question: str = Ident
    any_of: tuple[str, ...] = Field(min_length=1)


class Question(_Strict):
    id: str = Ident
    type: QuestionType
    text: str = Field(min_length=1)
    help: str | None = None
    optional: bool = False
    show_if: ShowIf | None = None
    options: tuple[Option, ...] = ()
    min: int | None = None
    max: int | None = None
    min_label: str | None = None
    max_label: str | None = None
    max_length: int = Field(default=500, ge=1, le=4000)
    voice: bool = False  # a voice note is welcome instead of typed text
    #: Voice notes only after a "yes" to this earlier yes/no question (walkthrough 27: kept
    #: only after explicit consent, as reflections do).
    voice_if: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_]*$", max_length=32)
    accept: tuple[MediaAccept, ...] = ()
    max_mb: int = Field(default=20, ge=1, le=20)  # Telegram bots can fetch at most 20 MB
    date_from_today: bool = False  # only today or later
    dimension: str | None = None
    yes_score: float = 1
    no_score: float = 0
    #: Where the question comes from in a source document, or `own`: an addition of Wegwijzer's,
    #: which the person is told (a form that follows a source must not pass additions off as it).
    source: str | None = Source
    own: bool = False
    #: A quiz question's right option, shown with `explanation` once answered (Desk Reset: a
    #: quiz teaches, it is not a poll).
    correct: str | None = None
    explanation: str | None = None

    @model_validator(mode="after")
    def _fits_its_type(self) -> Question:
        if self.correct is not None and (
            self.type != "single" or self.correct not in {o.id for o in self.options}
        ):
            raise ValueError("correct must name an option of a single-choice question")
        if self.type in ("single", "multi"):
            if len(self.options) < 2:
                raise ValueError(f"a {self.type} question needs at least two options")
            ids = [o.id for o in self.options]
            if len(set(ids)) != len(ids):
                raise ValueError("option ids must be unique")
        elif self.options:
            raise ValueError(f"a {self.type} question has no options")
        if self.type == "scale" and (
            self.min is None or self.max is None or not self.min < self.max
        ):
            raise ValueError("a scale question needs min < max")
        if self.type == "scale" and self.max is not None and self.min is not None:
            if self.max - self.min > 10:
                raise ValueError("a scale has at most 11 steps")
        if self.type == "number" and None not in (self.min, self.max):
            assert self.min is not None and self.max is not None
            if self.min > self.max:
                raise ValueError("min must not be above max")
        if self.type == "media" and not self.accept:
            raise ValueError(
                "a media question must say what it accepts (accept: [photo, voice, …])"
            )
        if self.type != "media" and self.accept:
            raise ValueError("only media questions accept files")
        return self

    def option_ids(self) -> tuple[str, ...]:
        if self.type == "yesno":
            return ("yes", "no")
        return tuple(o.id for o in self.options)


class Level(_Strict):
    """Advice for a dimension score up to `up_to` (inclusive); the last level catches the rest.

    Advice either comes from a source document (`source`) or is Wegwijzer's own (`own`), and
    the person is told so: invented advice must never pass for the draaiboek's.
    """

    up_to: float | None = None
    label: str
    advice: str
    source: str | None = Source
    own: bool = False

    @model_validator(mode="after")
    def _says_where_it_comes_from(self) -> Level:
        if (self.source is None) == (not self.own):
            raise ValueError("advice needs a source, or own: true (Wegwijzer's), not both")
        return self


class Dimension(_Strict):
    id: str = Ident
    label: str
    levels: tuple[Level, ...] = Field(min_length=1)


class Recommendation(_Strict):
    """Where to start: applies when `dimension` scored at most `up_to`; without one, always."""

    dimension: str | None = None
    up_to: float | None = None
    text: str
    source: str | None = Source

    @model_validator(mode="after")
    def _both_or_neither(self) -> Recommendation:
        if (self.dimension is None) != (self.up_to is None):
            raise ValueError("give both dimension and up_to, or neither (the default)")
        return self


class Form(_Strict):
    id: str = Ident
    version: int = Field(ge=1)
    kind: Literal["form", "quiz", "consultation", "evaluation", "intake"] = "form"
    title: str
    intro: str | None = None
    outro: str | None = None
    #: Shown under a quiz result: how to read the scores (e.g. that they are Wegwijzer's own).
    result_note: str | None = None
    command: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_]{0,30}$")
    open_to_all: bool = False  # usable without registration (e.g. the readiness quiz)
    #: Who sees it in the main menu (role names); empty: everyone registered.
    menu_roles: tuple[Role, ...] = ()
    questions: tuple[Question, ...] = Field(min_length=1)
    dimensions: tuple[Dimension, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()  # first that applies wins
    #: A flow to start when the form is finished (e.g. the intake leads into the step plan).
    then: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_]*$", max_length=32)

    @model_validator(mode="after")
    def _references_hold(self) -> Form:
        seen: dict[str, Question] = {}
        for q in self.questions:
            if q.id in seen:
                raise ValueError(f"question id {q.id!r} is used twice")
            if q.show_if is not None:
                source = seen.get(q.show_if.question)
                if source is None:
                    raise ValueError(
                        f"{q.id}: show_if refers to {q.show_if.question!r}, not an earlier question"
                    )
                if source.type not in CHOICE_TYPES:
                    raise ValueError(
                        f"{q.id}: show_if needs a choice question, {source.id!r} is {source.type}"
                    )
                unknown = set(q.show_if.any_of) - set(source.option_ids())
                if unknown:
                    raise ValueError(f"{q.id}: show_if names unknown options {sorted(unknown)}")
            if q.voice_if is not None and (
                q.voice_if not in seen or seen[q.voice_if].type != "yesno"
            ):
                raise ValueError(f"{q.id}: voice_if must name an earlier yes/no question")
            seen[q.id] = q
        dims = {d.id for d in self.dimensions}
        for rec in self.recommendations:
            if rec.dimension is not None and rec.dimension not in dims:
                raise ValueError(f"recommendation for unknown dimension {rec.dimension!r}")
        if self.recommendations and self.recommendations[-1].dimension is not None:
            raise ValueError("the last recommendation must be the default (no dimension)")
        for q in self.questions:
            if q.dimension is not None and q.dimension not in dims:
                raise ValueError(f"{q.id}: unknown dimension {q.dimension!r}")
        return self

    def question(self, qid: str) -> Question:
        return next(q for q in self.questions if q.id == qid)
