"""A coordinator sets up an exchange in chat: switcher, learning coach, one or two days, place,
host organisation and practical notes, then confirms. The same rules as `wegwijzer exchange
create` apply (checked again when the exchange is stored); both people are told."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from conversations.common import not_a_choice
from conversations.context import Ctx
from conversations.effects import CreateExchange
from conversations.engine import FINISH, Flow, State, Step, states
from conversations.events import ChoiceIn, Event, TextIn
from conversations.matching.model import Match
from conversations.matching.step import ask_match, on_match
from conversations.moments import example_day, parse_day
from conversations.replies import Ask, Choice, Reply, Say
from conversations.roles import Role
from conversations.text import Lines, Msg, _

MAX_LISTED = 30
SKIP = Choice(id="skip", label=_("Skip"))


class NewExchangeData(BaseModel):
    switcher_id: int | None = None
    coach_id: int | None = None
    days: list[tuple[datetime, datetime]] = []
    place: str | None = None
    host_org: str | None = None
    notes: str | None = None
    learning_place_id: int | None = None


def _people(ctx: Ctx, role: Role, exclude: int | None = None) -> list[Choice]:
    found = [p for p in ctx.directory if role.value in p.roles and p.id != exclude]
    choices, seen = [], set()
    for p in found[:MAX_LISTED]:  # names only: a typed number is the position in this list
        label: Msg = Msg.plain(p.name)
        if p.name in seen:  # walkthrough 10: no person number next to the position
            label = _("{name} (another person of that name)", name=Msg.plain(p.name))
        seen.add(p.name)
        choices.append(Choice(id=f"p:{p.id}", label=label))
    return choices


def _person(ctx: Ctx, event: Event, role: Role) -> int | None:
    """A person picked by button, or by typing their position in the list (the dispatcher
    turns that into the button); a typed person number is not taken (walkthrough 10)."""
    raw = ""
    if isinstance(event, ChoiceIn) and event.choice_id.startswith("p:"):
        raw = event.choice_id.removeprefix("p:")
    if not raw.isdigit():
        return None
    found = next((p for p in ctx.directory if p.id == int(raw)), None)
    return found.id if found is not None and role.value in found.roles else None


def _person_ok(ctx: Ctx, person_id: int | None, switcher_id: int | None) -> bool:
    """A learning coach the coordinator may pick (in their programmes), not the switcher."""
    found = next((p for p in ctx.directory if p.id == person_id), None)
    return found is not None and "learning_coach" in found.roles and found.id != switcher_id


def _name(ctx: Ctx, person_id: int | None) -> Msg:
    found = next((p for p in ctx.directory if p.id == person_id), None)
    return Msg.plain(found.name) if found else Msg.plain("?")


def _text(event: Event, limit: int) -> str | None:
    if isinstance(event, TextIn) and 0 < len(event.text.strip()) <= limit:
        return event.text.strip()
    return None


def new_exchange_flow() -> Flow[NewExchangeData]:
    def entry(ctx: Ctx, data: NewExchangeData) -> Step:
        if Role.COORDINATOR not in ctx.user.roles:
            return Step(
                replies=[Say(text=_("Only coordinators can set up exchanges."))], finish=True
            )
        if not _people(ctx, Role.SWITCHER) or not _people(ctx, Role.LEARNING_COACH):
            text = _(
                "To set up an exchange you need a registered switcher and learning coach. "
                "Invite them first (wegwijzer invite --role switcher / learning_coach)."
            )
            return Step(replies=[Say(text=text)], finish=True)
        return Step(goto="switcher")

    def ask_switcher(ctx: Ctx, data: NewExchangeData) -> list[Reply]:
        text = _("New exchange. Who is the switcher? (tap a name, or type its number in the list)")
        return [Ask(text=text, choices=tuple(_people(ctx, Role.SWITCHER)))]

    def on_switcher(ctx: Ctx, data: NewExchangeData, event: Event) -> Step:
        picked = _person(ctx, event, Role.SWITCHER)
        if picked is None:
            return Step.retry(not_a_choice(event))
        facts = ctx.matching
        something = facts is not None and (facts.places or picked in facts.needs)
        after = "match" if something else "coach"  # nothing to suggest or show: straight on
        return Step(goto=after, data=data.model_copy(update={"switcher_id": picked}))

    def ask_place_match(ctx: Ctx, data: NewExchangeData) -> list[Reply]:
        return ask_match(ctx, data.switcher_id, _name(ctx, data.switcher_id))

    def on_place_match(ctx: Ctx, data: NewExchangeData, event: Event) -> Step:
        def picked(found: Match) -> Step:
            place = found.place
            coach = place.coach_id if _person_ok(ctx, place.coach_id, data.switcher_id) else None
            new = data.model_copy(
                update={"learning_place_id": place.id, "place": place.site,
                        "host_org": place.host_org, "coach_id": coach,
                        "notes": place.safety}
            )  # fmt: skip
            return Step(goto="coach" if coach is None else "day1", data=new)

        return on_match(ctx, data.switcher_id, event, picked, Step(goto="coach"))

    def ask_coach(ctx: Ctx, data: NewExchangeData) -> list[Reply]:
        choices = tuple(_people(ctx, Role.LEARNING_COACH, exclude=data.switcher_id))
        text = _("Who is the learning coach? (tap a name, or type its number in the list)")
        return [Ask(text=text, choices=choices)]

    def on_coach(ctx: Ctx, data: NewExchangeData, event: Event) -> Step:
        picked = _person(ctx, event, Role.LEARNING_COACH)
        if picked is None or picked == data.switcher_id:
            return Step.retry(not_a_choice(event))
        return Step(goto="day1", data=data.model_copy(update={"coach_id": picked}))

    def ask_day(number: int) -> State[NewExchangeData]:
        name = f"day{number}"

        def ask(ctx: Ctx, data: NewExchangeData) -> list[Reply]:
            text = _(
                "Day {number}: send the date with start and end time, for example {example}.",
                number=number,
                example=Msg.plain(example_day(ctx.now, ctx.timezone)),
            )
            if number == 2:
                return [Ask(text=text, choices=(Choice(id="one_day", label=_("Just one day")),))]
            return [Ask(text=text)]

        def handle(ctx: Ctx, data: NewExchangeData, event: Event) -> Step:
            after = "notes" if data.learning_place_id is not None else "place"
            if number == 2 and isinstance(event, ChoiceIn) and event.choice_id == "one_day":
                return Step(goto=after)
            day = parse_day(event.text, ctx.timezone) if isinstance(event, TextIn) else None
            if day is None:
                return Step.retry(_("I could not read that. Please follow the example."))
            if day[0] <= ctx.now:
                return Step.retry(_("That moment has passed. Please choose a day in the future."))
            if data.days and day[0] <= data.days[-1][1]:
                return Step.retry(_("The second day must come after the first."))
            new = data.model_copy(update={"days": [*data.days, day]})
            return Step(goto="day2" if number == 1 else after, data=new)

        return State(name, ask, handle, frozenset({"day2", "place", "notes"}))

    def ask_place(ctx: Ctx, data: NewExchangeData) -> list[Reply]:
        return [Ask(text=_("Where does it take place? Send the address."))]

    def on_place(ctx: Ctx, data: NewExchangeData, event: Event) -> Step:
        place = _text(event, 300)
        if place is None:
            return Step.retry(_("Please send the address as text (at most 300 characters)."))
        return Step(goto="host", data=data.model_copy(update={"place": place}))

    def ask_host(ctx: Ctx, data: NewExchangeData) -> list[Reply]:
        return [Ask(text=_("Which organisation hosts the switcher?"), choices=(SKIP,))]

    def on_host(ctx: Ctx, data: NewExchangeData, event: Event) -> Step:
        if isinstance(event, ChoiceIn) and event.choice_id == "skip":
            return Step(goto="notes")
        host = _text(event, 120)
        if host is None:
            return Step.retry(_("Please send the name as text (at most 120 characters)."))
        return Step(goto="notes", data=data.model_copy(update={"host_org": host}))

    def ask_notes(ctx: Ctx, data: NewExchangeData) -> list[Reply]:
        text = _("Practical notes for both, such as safety instructions or what to bring?")
        return [Ask(text=text, choices=(SKIP,))]

    def on_notes(ctx: Ctx, data: NewExchangeData, event: Event) -> Step:
        if isinstance(event, ChoiceIn) and event.choice_id == "skip":
            return Step(goto="confirm")
        notes = _text(event, 1000)
        if notes is None:
            return Step.retry(_("Please send the notes as text (at most 1000 characters)."))
        return Step(goto="confirm", data=data.model_copy(update={"notes": notes}))

    def ask_confirm(ctx: Ctx, data: NewExchangeData) -> list[Reply]:
        days = tuple(
            _("Day {number}: {start} until {end}", number=n, start=s, end=e)
            for n, (s, e) in enumerate(data.days, start=1)
        )
        text = _(
            "Set up this exchange?\nSwitcher: {switcher}\nLearning coach: {coach}\n{days}\n"
            "Place: {place}",
            switcher=_name(ctx, data.switcher_id),
            coach=_name(ctx, data.coach_id),
            days=Lines(lines=days),
            place=Msg.plain(data.place or ""),
        )
        choices = (
            Choice(id="create", label=_("Yes, set it up")),
            Choice(id="stop", label=_("No, stop")),
        )
        return [Ask(text=text, choices=choices)]

    def on_confirm(ctx: Ctx, data: NewExchangeData, event: Event) -> Step:
        picked = event.choice_id if isinstance(event, ChoiceIn) else None
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
        )
        text = _(
            "The exchange is set up. The switcher and the learning coach have been told and "
            "will get their reminders."
        )
        return Step(replies=[Say(text=text)], effects=[effect], finish=True)

    return Flow(
        name="new_exchange",
        roles=frozenset({Role.COORDINATOR}),
        data_model=NewExchangeData,
        initial="switcher",
        entry=entry,
        entry_targets=frozenset({"switcher", FINISH}),
        states=states(
            State("switcher", ask_switcher, on_switcher, frozenset({"match", "coach"})),
            State("match", ask_place_match, on_place_match, frozenset({"coach", "day1"})),
            State("coach", ask_coach, on_coach, frozenset({"day1"})),
            ask_day(1),
            ask_day(2),
            State("place", ask_place, on_place, frozenset({"host"})),
            State("host", ask_host, on_host, frozenset({"notes"})),
            State("notes", ask_notes, on_notes, frozenset({"confirm"})),
            State("confirm", ask_confirm, on_confirm, frozenset({FINISH, "day1"})),
        ),
    )
