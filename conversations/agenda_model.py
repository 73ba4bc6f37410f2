"""The learning agenda as data: what the switcher wants to learn, and what the coach adds.

An answer to a long question is text or a voice note (kept as a media reference). The model is
stored as JSON with every version, so fields only ever get added, with defaults.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from conversations.text import LEFT_WEGWIJZER, Lines, Msg, _

#: Parts of the agenda a switcher answers in the interview, in order.
PARTS = ("trigger", "question", "goals", "see_do", "whom", "curious", "limits")
TRAVEL = ("15", "30", "60", "more")



#: "By when?" answers given by a button: stored as these msgids, shown in the reader's language.
WHEN_TAPPED = frozenset(
    {"By the end of the exchange", "Within a month", "Within three months"}
)

class Answer(BaseModel):
    """Text, or a voice note (`media` holds the stored file's reference)."""

    model_config = ConfigDict(frozen=True)

    text: str | None = None
    media: dict[str, Any] | None = None

    @classmethod
    def of(cls, value: Any) -> Answer:
        if isinstance(value, dict):
            return cls(media=value)
        return cls(text=str(value))


class Goal(BaseModel):
    model_config = ConfigDict(frozen=True)

    text: str
    observable: str | None = None
    by_when: str | None = None


class Note(BaseModel):
    """An addition by someone: a day-2 question, the coach's day programme, a comment.

    The author is kept as an id and named when the agenda is read (`AgendaView.authors`), so an
    erased coach's name does not stay inside the switcher's agenda. `author` is the name as
    older versions copied it; `left` marks an author who was erased since."""

    model_config = ConfigDict(frozen=True)

    author: str | None = None
    author_id: int | None = None
    left: bool = False
    answer: Answer
    at: datetime


class AgendaContent(BaseModel):
    model_config = ConfigDict(frozen=True)

    trigger: Answer | None = None
    question: Answer | None = None
    goals: tuple[Goal, ...] = ()
    see_do: Answer | None = None
    whom: Answer | None = None
    curious: Answer | None = None
    region: str | None = None
    travel: str | None = None  # one of TRAVEL
    dates: str | None = None
    day2_questions: tuple[Note, ...] = ()
    programme: Note | None = None
    comments: tuple[Note, ...] = ()


class AgendaView(BaseModel):
    """The latest version of a switcher's agenda, as a reader may see it."""

    model_config = ConfigDict(frozen=True)

    switcher_id: int
    switcher_name: str | None = None
    version: int
    author_name: str | None = None
    created_at: datetime
    content: AgendaContent
    #: The current names of the people who wrote notes (`Note.author_id`); None once erased.
    authors: dict[int, str | None] = {}


def has_voice(content: AgendaContent) -> bool:
    """Whether any answer or note is a recording (then it can be listened to)."""
    answers = [content.trigger, content.question, content.see_do, content.whom, content.curious]
    notes = [*content.day2_questions, *content.comments]
    if content.programme is not None:
        notes.append(content.programme)
    return any(a is not None and a.media for a in [*answers, *(n.answer for n in notes)])


def notes_of(content: AgendaContent) -> dict[str, Any]:
    """What others add to an agenda (day-2 questions, programme, comments): never part of the
    switcher's interview, so a draft takes them from the latest version."""
    return {
        "day2_questions": content.day2_questions,
        "programme": content.programme,
        "comments": content.comments,
    }


def answer_text(answer: Answer | None) -> Msg:
    if answer is None:
        return _("(not answered)")
    if answer.text is not None:
        return Msg.plain(answer.text)
    seconds = answer.media.get("duration") if answer.media else None
    if isinstance(seconds, int | float) and seconds > 0:
        return _("(voice message, {seconds} s)", seconds=round(seconds))
    return _("(voice message)")


TRAVEL_LABELS: dict[str, Msg] = {
    "15": _("up to 15 minutes"),
    "30": _("up to 30 minutes"),
    "60": _("up to an hour"),
    "more": _("more than an hour is fine"),
}


def note_author(note: Note, authors: Mapping[int, str | None]) -> Msg:
    """Who wrote a note, by their current name; a stand-in for someone who has left."""
    if note.author_id is not None:
        name = authors.get(note.author_id)
        return Msg.plain(name) if name else LEFT_WEGWIJZER
    if note.left:
        return LEFT_WEGWIJZER
    return Msg.plain(note.author or "?")


def _note_line(title: Msg, note: Note, authors: Mapping[int, str | None]) -> Msg:
    return _(
        "{title} ({author}, {when}): {text}",
        title=title,
        author=note_author(note, authors),
        when=note.at,
        text=answer_text(note.answer),
    )


def agenda_lines(content: AgendaContent, authors: Mapping[int, str | None] | None = None) -> Lines:
    """The agenda as whole translated lines, for chat and for the PDF; `authors` names the
    people who added notes (see `AgendaView.authors`)."""
    authors = authors or {}
    lines: list[Msg] = [
        _("Why now: {text}", text=answer_text(content.trigger)),
        _("Learning question: {text}", text=answer_text(content.question)),
    ]
    for number, goal in enumerate(content.goals, start=1):
        lines.append(_("Goal {number}: {text}", number=number, text=Msg.plain(goal.text)))
        if goal.observable:
            # read by the coach and printed too: not "you" (walkthrough 30)
            lines.append(_("– how it will show: {text}", text=Msg.plain(goal.observable)))
        if goal.by_when:
            tapped = goal.by_when in WHEN_TAPPED
            when = Msg(msgid=goal.by_when) if tapped else Msg.plain(goal.by_when)
            lines.append(_("– by when: {text}", text=when))
    lines += [
        _("What I want to see or do: {text}", text=answer_text(content.see_do)),
        _("Whom I want to talk to: {text}", text=answer_text(content.whom)),
        _("What I am curious about at the host: {text}", text=answer_text(content.curious)),
    ]
    if content.region or content.travel or content.dates:
        lines.append(
            _(
                "Practical limits: region {region}; travel {travel}; available {dates}",
                region=Msg.plain(content.region or "–"),
                travel=TRAVEL_LABELS.get(content.travel or "", Msg.plain("–")),
                dates=Msg.plain(content.dates or "–"),
            )
        )
    for note in content.day2_questions:
        lines.append(_note_line(_("New question for day 2"), note, authors))
    if content.programme is not None:
        programme = _("Day programme by the learning coach")
        lines.append(_note_line(programme, content.programme, authors))
    for note in content.comments:
        lines.append(_note_line(_("Comment"), note, authors))
    return Lines(lines=tuple(lines))
