"""Pieces shared by setting up an exchange in chat and changing one (issue 17 item 4): picking
people from the coordinator's programmes, reading a typed day (natural dates, the end after the
start, a weekend or holiday questioned), the *Back* button, and the summary of every field."""

from __future__ import annotations

from datetime import datetime

from conversations.context import Ctx
from conversations.events import ChoiceIn, Event, TextIn
from conversations.holidays import unusual_day
from conversations.moments import DayProblem, example_day, read_day
from conversations.replies import Choice
from conversations.roles import Role
from conversations.text import Lines, Msg, _, day_span

MAX_LISTED = 30
SKIP = Choice(id="skip", label=_("Skip"))
BACK = Choice(id="back", label=_("Back"))
NOT_GIVEN = _("(none)")

Day = tuple[datetime, datetime]


def people(ctx: Ctx, role: Role, exclude: int | None = None) -> list[Choice]:
    found = [p for p in ctx.directory if role.value in p.roles and p.id != exclude]
    choices, seen = [], set()
    for p in found[:MAX_LISTED]:  # names only: a typed number is the position in this list
        label: Msg = Msg.plain(p.name)
        if p.name in seen:  # walkthrough 10: no person number next to the position
            label = _("{name} (another person of that name)", name=Msg.plain(p.name))
        seen.add(p.name)
        choices.append(Choice(id=f"p:{p.id}", label=label))
    return choices


def person(ctx: Ctx, event: Event, role: Role) -> int | None:
    """A person picked by button, or by typing their position in the list (the dispatcher
    turns that into the button); a typed person number is not taken (walkthrough 10)."""
    raw = ""
    if isinstance(event, ChoiceIn) and event.choice_id.startswith("p:"):
        raw = event.choice_id.removeprefix("p:")
    if not raw.isdigit():
        return None
    found = next((p for p in ctx.directory if p.id == int(raw)), None)
    return found.id if found is not None and role.value in found.roles else None


def name(ctx: Ctx, person_id: int | None) -> Msg:
    if person_id is None:
        return NOT_GIVEN
    found = next((p for p in ctx.directory if p.id == person_id), None)
    return Msg.plain(found.name) if found else Msg.plain("?")


def text_of(event: Event, limit: int) -> str | None:
    if isinstance(event, TextIn) and 0 < len(event.text.strip()) <= limit:
        return event.text.strip()
    return None


def tapped(event: Event, choice_id: str) -> bool:
    return isinstance(event, ChoiceIn) and event.choice_id == choice_id


def day_question(ctx: Ctx, number: int) -> Msg:
    return _(
        "Day {number}: send the date with start and end time, for example {example}.",
        number=number,
        example=Msg.plain(example_day(ctx.now, ctx.timezone)),
    )


def read_typed_day(ctx: Ctx, event: Event, before: Day | None) -> Day | Msg:
    """The typed day, or why it cannot be one (`before`: the day it must come after)."""
    found = read_day(event.text, ctx.timezone, ctx.today()) if isinstance(event, TextIn) else None
    if found is None or found == DayProblem.UNREADABLE:
        return _(
            "I could not read that. Send it like this: {example}.",
            example=Msg.plain(example_day(ctx.now, ctx.timezone)),
        )
    if found == DayProblem.END_BEFORE_START:
        return _("The end must come after the start.")
    assert not isinstance(found, DayProblem)
    if found[0] <= ctx.now:
        return _("That moment has passed. Please choose a day in the future.")
    if before is not None and found[0] <= before[1]:
        return _("The second day must come after the first.")
    return found


def day_remark(ctx: Ctx, day: Day) -> Msg | None:
    """A weekend or a Belgian public holiday: asked to confirm before it is kept."""
    return unusual_day(day[0].date())  # read in the coordinator's own time zone


CONFIRM_DAY = (
    Choice(id="day:yes", label=_("Yes, keep this day")),
    Choice(id="day:no", label=_("No, another day")),
)


def days_lines(days: list[Day] | tuple[Day, ...]) -> Lines:
    return Lines(
        lines=tuple(
            _("Day {number}: {day}", number=n, day=day_span(s, e))
            for n, (s, e) in enumerate(days, start=1)
        )
    )


def text_or_none(value: str | None) -> Msg:
    return Msg.plain(value) if value else NOT_GIVEN


def employer_question(which: str) -> Msg:
    if which == "sending":
        return _(
            "Who is the employer contact of the sending organisation (the switcher's employer)? "
            "They get their own checklist and evaluation."
        )
    return _(
        "Who is the employer contact of the host organisation? "
        "They get their own checklist and evaluation."
    )
