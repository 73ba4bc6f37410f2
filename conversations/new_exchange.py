"""A coordinator sets up an exchange in chat: switcher, a matched learning place or the learning
coach by hand, one or two days (typed as people write them; a weekend or holiday is questioned),
place and host organisation, the sending organisation, both employer contacts, practical notes,
then a confirmation that shows every field (walkthrough 8 and 14, issue 17 item 4). *Back*
goes one step back. The same rules as `wegwijzer exchange create` apply (checked again when the
exchange is stored); everyone in it is told, the employer contacts with their own checklist."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from conversations.common import not_a_choice
from conversations.context import Ctx
from conversations.effects import CreateExchange
from conversations.engine import FINISH, Flow, State, Step, states
from conversations.events import ChoiceIn, Event
from conversations.exchange_setup import (
    BACK,
    CONFIRM_DAY,
    SKIP,
    day_question,
    day_remark,
    days_lines,
    employer_question,
    name,
    people,
    person,
    read_typed_day,
    tapped,
    text_of,
    text_or_none,
)
from conversations.matching.model import Match
from conversations.matching.step import ask_match, on_match
from conversations.matching.texts import limits
from conversations.replies import Ask, Choice, Reply, Say
from conversations.roles import Role
from conversations.text import Msg, _

#: The questions, in order; *Back* returns along the way actually taken (`trail`).
QUESTIONS = ("switcher", "match", "coach", "day1", "day2", "place", "host", "sending",
             "sending_contact", "host_contact", "notes", "confirm")  # fmt: skip


class NewExchangeData(BaseModel):
    switcher_id: int | None = None
    coach_id: int | None = None
    days: list[tuple[datetime, datetime]] = []
    place: str | None = None
    host_org: str | None = None
    notes: str | None = None
    learning_place_id: int | None = None
    sending_org: str | None = None
    sending_contact_id: int | None = None
    host_contact_id: int | None = None
    #: The questions answered so far, for *Back*.
    trail: list[str] = []
    #: A weekend or holiday day waiting for "yes, keep it" (with its number).
    pending: tuple[datetime, datetime] | None = None


def _go(data: NewExchangeData, here: str, there: str, **update: object) -> Step:
    new = data.model_copy(update={**update, "trail": [*data.trail, here]})
    return Step(goto=there, data=new)


def _back(data: NewExchangeData) -> Step:
    if not data.trail:
        return Step(goto="switcher")
    there = data.trail[-1]
    update: dict[str, object] = {"trail": data.trail[:-1], "pending": None}
    if there in ("day1", "day2"):  # that day is asked again
        update["days"] = data.days[: int(there[-1]) - 1]
    return Step(goto=there, data=data.model_copy(update=update))


def _person_ok(ctx: Ctx, person_id: int | None, switcher_id: int | None) -> bool:
    """A learning coach the coordinator may pick (in their programmes), not the switcher."""
    found = next((p for p in ctx.directory if p.id == person_id), None)
    return found is not None and "learning_coach" in found.roles and found.id != switcher_id


def _employer_ok(ctx: Ctx, person_id: int | None) -> bool:
    found = next((p for p in ctx.directory if p.id == person_id), None)
    return found is not None and "employer" in found.roles


def _limits(ctx: Ctx, data: NewExchangeData) -> Msg | None:
    """What the switcher gave in the agenda (region, travel, dates), shown while choosing."""
    facts = ctx.matching
    needs = facts.needs.get(data.switcher_id) if facts and data.switcher_id else None
    return limits(name(ctx, data.switcher_id), needs) if needs is not None else None


def _after_days(data: NewExchangeData) -> str:
    return "sending" if data.learning_place_id is not None else "place"


def _with_back(*choices: Choice) -> tuple[Choice, ...]:
    return (*choices, BACK)


def new_exchange_flow() -> Flow[NewExchangeData]:
    def entry(ctx: Ctx, data: NewExchangeData) -> Step:
        if Role.COORDINATOR not in ctx.user.roles:
            return Step(
                replies=[Say(text=_("Only coordinators can set up exchanges."))], finish=True
            )
        if not people(ctx, Role.SWITCHER) or not people(ctx, Role.LEARNING_COACH):
            text = _(
                "To set up an exchange you need a registered switcher and learning coach. "
                "Invite them first (wegwijzer invite --role switcher / learning_coach)."
            )
            return Step(replies=[Say(text=text)], finish=True)
        return Step(goto="switcher")

    def ask_switcher(ctx: Ctx, data: NewExchangeData) -> list[Reply]:
        text = _("New exchange. Who is the switcher? (tap a name, or type its number in the list)")
        return [Ask(text=text, choices=tuple(people(ctx, Role.SWITCHER)))]

    def on_switcher(ctx: Ctx, data: NewExchangeData, event: Event) -> Step:
        picked = person(ctx, event, Role.SWITCHER)
        if picked is None:
            return Step.retry(not_a_choice(event))
        facts = ctx.matching
        something = facts is not None and (facts.places or picked in facts.needs)
        after = "match" if something else "coach"  # nothing to suggest or show: straight on
        return Step(goto=after, data=NewExchangeData(switcher_id=picked, trail=["switcher"]))

    def ask_place_match(ctx: Ctx, data: NewExchangeData) -> list[Reply]:
        [ask] = ask_match(ctx, data.switcher_id, name(ctx, data.switcher_id))
        assert isinstance(ask, Ask)
        return [ask.model_copy(update={"choices": _with_back(*ask.choices)})]

    def on_place_match(ctx: Ctx, data: NewExchangeData, event: Event) -> Step:
        if tapped(event, "back"):
            return _back(data)
        cleared = data.model_copy(
            update={"learning_place_id": None, "place": None, "host_org": None,
                    "coach_id": None, "notes": None, "host_contact_id": None}
        )  # fmt: skip

        def picked(found: Match) -> Step:
            place = found.place
            coach = place.coach_id if _person_ok(ctx, place.coach_id, data.switcher_id) else None
            contact = place.host_contact_id if _employer_ok(ctx, place.host_contact_id) else None
            return _go(
                cleared, "match", "coach" if coach is None else "day1",
                learning_place_id=place.id, place=place.site, host_org=place.host_org,
                coach_id=coach, notes=place.safety, host_contact_id=contact,
            )  # fmt: skip

        return on_match(ctx, data.switcher_id, event, picked, _go(cleared, "match", "coach"))

    def ask_coach(ctx: Ctx, data: NewExchangeData) -> list[Reply]:
        choices = tuple(people(ctx, Role.LEARNING_COACH, exclude=data.switcher_id))
        text = _("Who is the learning coach? (tap a name, or type its number in the list)")
        return [Ask(text=text, choices=_with_back(*choices))]

    def on_coach(ctx: Ctx, data: NewExchangeData, event: Event) -> Step:
        if tapped(event, "back"):
            return _back(data)
        picked = person(ctx, event, Role.LEARNING_COACH)
        if picked is None or picked == data.switcher_id:
            return Step.retry(not_a_choice(event))
        return _go(data, "coach", "day1", coach_id=picked)

    def ask_day(number: int) -> State[NewExchangeData]:
        here = f"day{number}"

        def ask(ctx: Ctx, data: NewExchangeData) -> list[Reply]:
            said = _limits(ctx, data) if number == 1 else None
            text = day_question(ctx, number)
            if said is not None:  # the dates the switcher gave, while the days are chosen
                text = _("{limits}\n{question}", limits=said, question=text)
            one = (Choice(id="one_day", label=_("Just one day")),) if number == 2 else ()
            return [Ask(text=text, choices=_with_back(*one))]

        def handle(ctx: Ctx, data: NewExchangeData, event: Event) -> Step:
            if tapped(event, "back"):
                return _back(data)
            if number == 2 and tapped(event, "one_day"):
                return _go(data, here, _after_days(data))
            found = read_typed_day(ctx, event, data.days[-1] if data.days else None)
            if isinstance(found, Msg):
                return Step.retry(found)
            if day_remark(ctx, found) is not None:
                return Step(goto="check", data=data.model_copy(update={"pending": found}))
            return _go(data, here, "day2" if number == 1 else _after_days(data),
                       days=[*data.days, found])  # fmt: skip

        forward = frozenset({"check", "day2", "place", "sending"})
        return State(here, ask, handle, forward | frozenset(QUESTIONS))

    def ask_check(ctx: Ctx, data: NewExchangeData) -> list[Reply]:
        assert data.pending is not None
        remark = day_remark(ctx, data.pending) or Msg.plain("")
        text = _("{remark} Keep this day for the exchange?", remark=remark)
        return [Ask(text=text, choices=CONFIRM_DAY)]

    def on_check(ctx: Ctx, data: NewExchangeData, event: Event) -> Step:
        here = f"day{len(data.days) + 1}"
        if tapped(event, "day:no") or data.pending is None:
            return Step(goto=here, data=data.model_copy(update={"pending": None}))
        if not tapped(event, "day:yes"):
            return Step.retry(not_a_choice(event))
        there = "day2" if here == "day1" else _after_days(data)
        return _go(data, here, there, days=[*data.days, data.pending], pending=None)

    def ask_place(ctx: Ctx, data: NewExchangeData) -> list[Reply]:
        return [Ask(text=_("Where does it take place? Send the address."), choices=(BACK,))]

    def on_place(ctx: Ctx, data: NewExchangeData, event: Event) -> Step:
        if tapped(event, "back"):
            return _back(data)
        place = text_of(event, 300)
        if place is None:
            return Step.retry(_("Please send the address as text (at most 300 characters)."))
        return _go(data, "place", "host", place=place)

    def ask_host(ctx: Ctx, data: NewExchangeData) -> list[Reply]:
        return [Ask(text=_("Which organisation hosts the switcher?"), choices=(SKIP, BACK))]

    def on_host(ctx: Ctx, data: NewExchangeData, event: Event) -> Step:
        if tapped(event, "back"):
            return _back(data)
        if tapped(event, "skip"):
            return _go(data, "host", "sending", host_org=None)
        host = text_of(event, 120)
        if host is None:
            return Step.retry(_("Please send the name as text (at most 120 characters)."))
        return _go(data, "host", "sending", host_org=host)

    def _own_org(ctx: Ctx, data: NewExchangeData) -> str | None:
        facts = ctx.matching
        needs = facts.needs.get(data.switcher_id) if facts and data.switcher_id else None
        return needs.organisation if needs is not None else None

    def ask_sending(ctx: Ctx, data: NewExchangeData) -> list[Reply]:
        text = _("Which organisation sends the switcher (their employer)? Send its name.")
        own = _own_org(ctx, data)
        use = (Choice(id="org:own", label=Msg.plain(own[:60])),) if own else ()
        return [Ask(text=text, choices=(*use, SKIP, BACK))]

    def on_sending(ctx: Ctx, data: NewExchangeData, event: Event) -> Step:
        if tapped(event, "back"):
            return _back(data)
        if tapped(event, "skip"):
            return _go(data, "sending", "sending_contact", sending_org=None)
        org = _own_org(ctx, data) if tapped(event, "org:own") else text_of(event, 120)
        if org is None:
            return Step.retry(_("Please send the name as text (at most 120 characters)."))
        return _go(data, "sending", "sending_contact", sending_org=org)

    def ask_contact(which: str) -> State[NewExchangeData]:
        here, field = f"{which}_contact", f"{which}_contact_id"
        after = "host_contact" if which == "sending" else "notes"

        def ask(ctx: Ctx, data: NewExchangeData) -> list[Reply]:
            other = data.host_contact_id if which == "sending" else data.sending_contact_id
            choices = people(ctx, Role.EMPLOYER, exclude=other)
            if not choices:
                text = _(
                    "No employer contact is registered in your programme yet (invite one with "
                    "the role employer). Go on without?"
                )
                return [Ask(text=text, choices=(SKIP, BACK))]
            now = getattr(data, field)
            if now is not None:  # from the matched place: kept with one tap
                keep = Choice(id="keep", label=_("Keep {name}", name=name(ctx, now)))
                choices = [keep, *(c for c in choices if c.id != f"p:{now}")]
            return [Ask(text=employer_question(which), choices=(*choices, SKIP, BACK))]

        def handle(ctx: Ctx, data: NewExchangeData, event: Event) -> Step:
            if tapped(event, "back"):
                return _back(data)
            if tapped(event, "skip"):
                return _go(data, here, after, **{field: None})
            if tapped(event, "keep"):
                return _go(data, here, after)
            picked = person(ctx, event, Role.EMPLOYER)
            if picked is None:
                return Step.retry(not_a_choice(event))
            return _go(data, here, after, **{field: picked})

        return State(here, ask, handle, frozenset({after}) | frozenset(QUESTIONS))

    def ask_notes(ctx: Ctx, data: NewExchangeData) -> list[Reply]:
        text = _("Practical notes for both, such as safety instructions or what to bring?")
        if data.notes:
            text = _("{question}\nNow: {notes}", question=text, notes=Msg.plain(data.notes))
            keep = Choice(id="keep", label=_("Keep these notes"))
            return [Ask(text=text, choices=(keep, SKIP, BACK))]
        return [Ask(text=text, choices=(SKIP, BACK))]

    def on_notes(ctx: Ctx, data: NewExchangeData, event: Event) -> Step:
        if tapped(event, "back"):
            return _back(data)
        if tapped(event, "keep"):
            return _go(data, "notes", "confirm")
        if tapped(event, "skip"):
            return _go(data, "notes", "confirm", notes=None)
        notes = text_of(event, 1000)
        if notes is None:
            return Step.retry(_("Please send the notes as text (at most 1000 characters)."))
        return _go(data, "notes", "confirm", notes=notes)

    def ask_confirm(ctx: Ctx, data: NewExchangeData) -> list[Reply]:
        text = _(
            "Set up this exchange?\nSwitcher: {switcher}\nLearning coach: {coach}\n{days}\n"
            "Place: {place}\nHost organisation: {host}\nSending organisation: {sending}\n"
            "Employer contact (sending): {sending_contact}\n"
            "Employer contact (host): {host_contact}\nNotes: {notes}",
            switcher=name(ctx, data.switcher_id),
            coach=name(ctx, data.coach_id),
            days=days_lines(data.days),
            place=text_or_none(data.place),
            host=text_or_none(data.host_org),
            sending=text_or_none(data.sending_org),
            sending_contact=name(ctx, data.sending_contact_id),
            host_contact=name(ctx, data.host_contact_id),
            notes=text_or_none(data.notes),
        )
        choices = (
            Choice(id="create", label=_("Yes, set it up")),
            BACK,
            Choice(id="stop", label=_("No, stop")),
        )
        return [Ask(text=text, choices=choices)]

    def on_confirm(ctx: Ctx, data: NewExchangeData, event: Event) -> Step:
        picked = event.choice_id if isinstance(event, ChoiceIn) else None
        if picked == "back":
            return _back(data)
        if picked == "stop":
            return Step(replies=[Say(text=_("Stopped; nothing was set up."))], finish=True)
        if picked != "create":
            return Step.retry(not_a_choice(event))
        if any(start <= ctx.now for start, _end in data.days):
            return Step(
                replies=[Say(text=_("That moment has passed. Please choose a day in the future."))],
                goto="day1",
                data=data.model_copy(update={"days": []}),
            )
        assert data.switcher_id is not None and data.coach_id is not None and data.place
        effect = CreateExchange(
            switcher_id=data.switcher_id,
            coach_id=data.coach_id,
            days=tuple(data.days),
            place=data.place,
            host_org=data.host_org,
            notes=data.notes,
            learning_place_id=data.learning_place_id,
            sending_org=data.sending_org,
            sending_contact_id=data.sending_contact_id,
            host_contact_id=data.host_contact_id,
        )
        text = _(
            "The exchange is set up. Everyone in it has been told; the switcher and the "
            "learning coach will get their reminders, the employer contacts their checklist."
        )
        return Step(replies=[Say(text=text)], effects=[effect], finish=True)

    every = frozenset(QUESTIONS)
    return Flow(
        name="new_exchange",
        roles=frozenset({Role.COORDINATOR}),
        data_model=NewExchangeData,
        initial="switcher",
        entry=entry,
        entry_targets=frozenset({"switcher", FINISH}),
        states=states(
            State("switcher", ask_switcher, on_switcher, frozenset({"match", "coach"})),
            State("match", ask_place_match, on_place_match, every),
            State("coach", ask_coach, on_coach, every),
            ask_day(1),
            ask_day(2),
            State("check", ask_check, on_check, frozenset({"day1", "day2", "place", "sending"})),
            State("place", ask_place, on_place, every),
            State("host", ask_host, on_host, every),
            State("sending", ask_sending, on_sending, every),
            ask_contact("sending"),
            ask_contact("host"),
            State("notes", ask_notes, on_notes, every),
            State("confirm", ask_confirm, on_confirm, every | {FINISH}),
        ),
    )
