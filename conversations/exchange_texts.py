"""What people read about an exchange: the summary, and the reminders sent before and after."""

from __future__ import annotations

from datetime import datetime, timedelta

from conversations.agenda_model import agenda_lines
from conversations.exchange_model import (
    ATTENDEES,
    PART_LABELS,
    STATUS_LABELS,
    Checklists,
    ExchangeView,
    Part,
    Undelivered,
)
from conversations.follow_up.overview import follow_up_lines
from conversations.replies import Ask, Choice, Reply, Say
from conversations.text import Lines, Msg, _, _n, day_span

#: Reminder kinds (rows in the reminders table).
BEFORE_EXCHANGE = "before_exchange"
REFLECTION_PROMPT = "reflection_prompt"
CHECKLIST_NUDGE = "checklist_nudge"
EVALUATION = "evaluation"
NOTICE = "notice"
#: Which evaluation questionnaire each part answers (content files, draaiboek 5.8).
EVALUATION_FORMS: dict[Part, str] = {
    Part.SWITCHER: "evaluation_switcher",
    Part.LEARNING_COACH: "evaluation_learning_coach",
    Part.SENDING_EMPLOYER: "evaluation_sending_employer",
    Part.HOST_EMPLOYER: "evaluation_host_employer",
}


def name_of(name: str | None) -> Msg:
    return Msg.plain(name) if name else _("(no name yet)")


def exchange_label(view: ExchangeView) -> Msg:
    if view.status == "cancelled":  # said in the list, not only in the details (walkthrough 26)
        return _(
            "{when} – {place} ({part}, cancelled)",
            when=view.first_start,
            place=Msg.plain(view.place),
            part=PART_LABELS[view.mine[0]],
        )
    return _(
        "{when} – {place} ({part})",
        when=view.first_start,
        place=Msg.plain(view.place),
        part=PART_LABELS[view.mine[0]],
    )


def _attendance(attending: bool | None) -> Msg:
    if attending is None:
        return _("not answered yet")
    return _("will be there") if attending else _("cannot make it")


def summary(view: ExchangeView, checklists: Checklists, now: datetime | None = None) -> Msg:
    # the last day is over: done at once, not 30 minutes later with the prompt (walkthrough 25)
    over = now is not None and view.status in ("planned", "confirmed") and now >= max(
        d.ends_at for d in view.days
    )
    shown = "done" if over else view.status
    lines: list[Msg] = [
        _("Status: {status}", status=STATUS_LABELS.get(shown, Msg.plain(shown))),
    ]
    for number, day in enumerate(view.days, start=1):
        lines.append(  # the date said once (walkthrough 14)
            _("Day {number}: {day}", number=number, day=day_span(day.starts_at, day.ends_at))
        )
    if view.host_org:
        lines.append(_("Host organisation: {org}", org=Msg.plain(view.host_org)))
    if view.sending_org:
        lines.append(_("Sending organisation: {org}", org=Msg.plain(view.sending_org)))
    for party in view.parties:
        if party.part in ATTENDEES:
            lines.append(
                _(
                    "{part}: {name} – {attendance}",
                    part=PART_LABELS[party.part],
                    name=name_of(party.name),
                    attendance=_attendance(party.attending),
                )
            )
        else:
            lines.append(
                _("{part}: {name}", part=PART_LABELS[party.part], name=name_of(party.name))
            )
    if view.notes:
        lines.append(_("Practical notes: {notes}", notes=Msg.plain(view.notes)))
    if view.intro_call_at:
        lines.append(_("Introduction call: {when}", when=view.intro_call_at))
    if view.agenda_summary:
        lines.append(
            _(
                "The switcher's learning question and goals:\n{items}",
                items=Lines(lines=tuple(Msg.plain(t) for t in view.agenda_summary)),
            )
        )
    if Part.COORDINATOR in view.mine and shown != "done":  # preparation is past once done
        for party in view.parties:
            items = checklists.for_part(party.part)
            if items:
                done = len(party.ticked & {i.id for i in items})
                lines.append(
                    _(
                        "Preparation of the {part}: {done} of {total} done",
                        part=PART_LABELS[party.part],
                        done=done,
                        total=len(items),
                    )
                )
    if Part.COORDINATOR in view.mine:
        lines += [_undelivered_line(u) for u in view.undelivered]
    status = view.follow_up if Part.COORDINATOR in view.mine else None
    if status is not None and (shown == "done" or status.reflections or status.actions):
        lines += follow_up_lines(status)
    return _(
        "Exchange at {place}:\n{details}",
        place=Msg.plain(view.place),
        details=Lines(lines=tuple(lines)),
    )


def _undelivered_line(missed: Undelivered) -> Msg:
    name, when = name_of(missed.name), missed.due_at
    if missed.why == "blocked":
        return _(
            "⚠️ {name} did not get a message of {when}: they blocked the bot or left the chat.",
            name=name, when=when,
        )  # fmt: skip
    if missed.why == "gone":
        return _(
            "⚠️ {name} did not get a message of {when}: their chat no longer exists.",
            name=name, when=when,
        )  # fmt: skip
    return _(
        "⚠️ {name} did not get a message of {when}, even after trying again.",
        name=name, when=when,
    )  # fmt: skip


def agenda_text(view: ExchangeView) -> Msg:
    agenda = view.agenda
    if agenda is None:
        return _("There is no learning agenda yet.")
    return _(
        "Learning agenda of {name} (version {version}, {when}):\n{lines}",
        name=name_of(agenda.switcher_name),
        version=agenda.version,
        when=agenda.created_at,
        lines=agenda_lines(agenda.content, agenda.authors),
    )


def attendance_choices(exchange_id: int) -> tuple[Choice, ...]:
    return (
        Choice(id=f"x:att:yes:{exchange_id}", label=_("I'll be there")),
        Choice(id=f"x:att:no:{exchange_id}", label=_("I can't make it")),
        Choice(id=f"x:agenda:{exchange_id}", label=_("Show the learning agenda")),
    )


#: A reminder this close to the start is read on the day itself.
ON_THE_DAY = timedelta(hours=12)
#: The short joint reflection at the end of the day (draaiboek 002:884, 890).
END_OF_DAY_TALK = _(
    "At the end of the day, keep a few minutes to look back together, switcher and learning "
    "coach: how did the day go for each of you, and which insights does each of you take along?"
)


def _time_left(left: timedelta) -> Msg:
    """Rounded to the nearest unit: a T-2h reminder delivered a second late still says "in 2
    hours" (flooring said "in 1 hour"), a T-1d one "in 1 day"."""
    minutes = max(1, round(left.total_seconds() / 60))
    if minutes < 60:
        return _n("in {count} minute", "in {count} minutes", minutes)
    hours = round(minutes / 60)
    if hours < 24:
        return _n("in {count} hour", "in {count} hours", hours)
    return _n("in {count} day", "in {count} days", round(hours / 24))


def before_exchange(view: ExchangeView, now: datetime) -> list[Reply]:
    start = view.first_start
    text = _(
        "Reminder: your exchange at {place} starts {left}, on {when}.",
        place=Msg.plain(view.place),
        left=_time_left(start - now),
        when=start,
    )
    replies: list[Reply] = []
    if view.notes:
        replies.append(Say(text=_("Practical notes: {notes}", notes=Msg.plain(view.notes))))
    if start - now <= ON_THE_DAY:
        replies.append(Say(text=END_OF_DAY_TALK))
    ask = Ask(text=text, choices=attendance_choices(view.id), seq=0)
    return [ask, *replies]


def reflection_prompt(view: ExchangeView, day_end: datetime, part: Part) -> list[Reply]:
    """After each day; after the last one (or the only one) no "day 1" and no "next day"
    (walkthrough 33), and both are reminded of their end-of-day talk (draaiboek 002:884, 890)."""
    number = next(
        (n for n, d in enumerate(view.days, start=1) if d.ends_at == day_end), len(view.days)
    )
    last = day_end == max(d.ends_at for d in view.days)
    if part == Part.LEARNING_COACH and last:
        text = _(
            "Your exchange with your switcher is over. Take a few minutes to note what you "
            "noticed, what went well, what you learned from the switcher's fresh eyes and what "
            "you said to each other at the end of the day."
        )
    elif part == Part.LEARNING_COACH:
        text = _(
            "Day {number} with your switcher is over. Take a few minutes to note what you "
            "noticed, what went well, what you learned from the switcher's fresh eyes and what "
            "you said to each other at the end of the day.",
            number=number,
        )
    elif last:
        text = _(
            "Your exchange at {place} is over. Take a few minutes to reflect: what did you see, "
            "what surprised you, what will you take back? Note what you and your learning coach "
            "said to each other at the end of the day too. Then think about your follow-up "
            "actions.",
            place=Msg.plain(view.place),
        )
    else:
        text = _(
            "Day {number} of your exchange at {place} is over. Take a few minutes to reflect: "
            "what did you see, what surprised you, what will you take back? Note what you and "
            "your learning coach said to each other at the end of the day too. New questions "
            "for day {next} go into the learning agenda: /exchanges, then \"Learning agenda\".",
            number=number,
            next=number + 1,
            place=Msg.plain(view.place),
        )
    choices = [Choice(id=f"x:reflect:{view.id}", label=_("Reflect now"))]
    if part == Part.LEARNING_COACH:
        choices.append(Choice(id=f"x:feedback:{view.id}", label=_("Feedback for my switcher")))
    if last:
        choices.append(Choice(id=f"x:actions:{view.id}", label=_("My follow-up actions")))
    return [Ask(text=text, choices=tuple(choices), seq=0)]


def checklist_nudge(view: ExchangeView, open_items: list[Msg]) -> list[Reply]:
    text = _n(
        "Your exchange on {when} is coming up. One preparation item is still open: {items}",
        "Your exchange on {when} is coming up. {count} preparation items are still open: {items}",
        len(open_items),
        when=view.first_start,
        items=tuple(open_items),
    )
    choice = Choice(id=f"x:open:{view.id}", label=_("Open my checklist"))
    return [Ask(text=text, choices=(choice,), seq=0)]


def evaluation_request(view: ExchangeView, *, again: bool) -> list[Reply]:
    if again:
        text = _(
            "A gentle reminder: your view on the exchange at {place} still counts. It takes "
            "about five minutes.",
            place=Msg.plain(view.place),
        )
    else:
        text = _(
            "A few weeks have passed since your exchange at {place}. Would you look back on it "
            "with a few questions? It takes about five minutes.",
            place=Msg.plain(view.place),
        )
    choice = Choice(id=f"x:eval:{view.id}", label=_("Start the evaluation"))
    return [Ask(text=text, choices=(choice,), seq=0)]
