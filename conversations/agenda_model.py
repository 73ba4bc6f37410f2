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
WHEN_TAPPED = frozenset({"By the end of the exchange", "Within a month", "Within three months"})


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


class AgendaItem(BaseModel):
    """One line of the agenda; `listed` when its text is a list to print one item per line
    (the coach's day programme, walkthrough 31)."""

    model_config = ConfigDict(frozen=True)

    line: Msg
    listed: bool = False


class AgendaSection(BaseModel):
    model_config = ConfigDict(frozen=True)

    heading: Msg
    items: tuple[AgendaItem, ...]


def agenda_sections(
    content: AgendaContent, authors: Mapping[int, str | None] | None = None
) -> tuple[AgendaSection, ...]:
    """The agenda in sections with headings (the PDF prints them bold, walkthrough 31)."""
    authors = authors or {}
    goals: list[AgendaItem] = [
        AgendaItem(line=_("Why now: {text}", text=answer_text(content.trigger))),
        AgendaItem(line=_("Learning question: {text}", text=answer_text(content.question))),
    ]
    for number, goal in enumerate(content.goals, start=1):
        goals.append(
            AgendaItem(line=_("Goal {number}: {text}", number=number, text=Msg.plain(goal.text)))
        )
        if goal.observable:
            # read by the coach and printed too: not "you" (walkthrough 30)
            shows = _("– how it will show: {text}", text=Msg.plain(goal.observable))
            goals.append(AgendaItem(line=shows))
        if goal.by_when:
            tapped = goal.by_when in WHEN_TAPPED
            when = Msg(msgid=goal.by_when) if tapped else Msg.plain(goal.by_when)
            goals.append(AgendaItem(line=_("– by when: {text}", text=when)))
    host = [
        _("What I want to see or do: {text}", text=answer_text(content.see_do)),
        _("Whom I want to talk to: {text}", text=answer_text(content.whom)),
        _("What I am curious about at the host: {text}", text=answer_text(content.curious)),
    ]
    if content.region or content.travel or content.dates:
        host.append(
            _(
                "Practical limits: region {region}; travel {travel}; available {dates}",
                region=Msg.plain(content.region or "–"),
                travel=TRAVEL_LABELS.get(content.travel or "", Msg.plain("–")),
                dates=Msg.plain(content.dates or "–"),
            )
        )
    added: list[AgendaItem] = []
    for note in content.day2_questions:
        added.append(AgendaItem(line=_note_line(_("New question for day 2"), note, authors)))
    if content.programme is not None:
        programme = _("Day programme by the learning coach")
        line = _note_line(programme, content.programme, authors)
        added.append(AgendaItem(line=line, listed=True))
    for note in content.comments:
        added.append(AgendaItem(line=_note_line(_("Comment"), note, authors)))
    sections = [
        AgendaSection(heading=_("Learning question and goals"), items=tuple(goals)),
        AgendaSection(heading=_("At the host"), items=tuple(AgendaItem(line=m) for m in host)),
    ]
    if added:
        sections.append(AgendaSection(heading=_("Programme and additions"), items=tuple(added)))
    return tuple(sections)


def agenda_lines(content: AgendaContent, authors: Mapping[int, str | None] | None = None) -> Lines:
    """The agenda as whole translated lines, for chat and for the PDF; `authors` names the
    people who added notes (see `AgendaView.authors`)."""
    sections = agenda_sections(content, authors)
    return Lines(lines=tuple(item.line for section in sections for item in section.items))
