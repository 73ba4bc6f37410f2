"""A coordinator changes a planned exchange in chat (issue 17 item 4): new days (typed like at
set-up, a weekend or holiday questioned), or the place, the organisations, the notes or an
employer contact. It goes through the same service as the desk and the command line
(`bot/reminders/service.py`): reminders planned again, a new employer contact gets their
checklist and evaluation, everyone is told."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from conversations.common import NOT_YOURS, not_a_choice
from conversations.context import Ctx
from conversations.effects import EditExchange, RescheduleExchange
from conversations.engine import FINISH, Flow, State, Step, states
from conversations.events import ChoiceIn, Event
from conversations.exchange_model import ExchangeView, Part
from conversations.exchange_setup import (
    BACK,
    CONFIRM_DAY,
    SKIP,
    day_question,
    day_remark,
    days_lines,
    employer_question,
    people,
    person,
    read_typed_day,
    tapped,
    text_of,
)
from conversations.replies import Ask, Choice, Reply, Say
from conversations.roles import Role
from conversations.text import Msg, _

#: What can be changed, and how it is asked: (choice id, label, question, text limit).
TEXTS: dict[str, tuple[Msg, Msg, int]] = {
    "place": (_("Place"), _("Where does it take place? Send the address."), 300),
    "host_org": (_("Host organisation"), _("Which organisation hosts the switcher?"), 120),
    "sending_org": (
        _("Sending organisation"),
        _("Which organisation sends the switcher (their employer)? Send its name."),
        120,
    ),
    "notes": (
        _("Notes"),
        _("Practical notes for both, such as safety instructions or what to bring?"),
        1000,
    ),
}
CONTACTS = {
    "sending_contact_id": (_("Employer contact (sending)"), "sending"),
    "host_contact_id": (_("Employer contact (host)"), "host"),
}


class EditData(BaseModel):
    exchange_id: int
    field: str | None = None
    days: list[tuple[datetime, datetime]] = []
    pending: tuple[datetime, datetime] | None = None


def _details(view: ExchangeView) -> dict[str, object]:
    sending, host = view.party(Part.SENDING_EMPLOYER), view.party(Part.HOST_EMPLOYER)
    return {
        "place": view.place,
        "sending_org": view.sending_org,
        "host_org": view.host_org,
        "notes": view.notes,
        "sending_contact_id": sending.person_id if sending else None,
        "host_contact_id": host.person_id if host else None,
    }


def exchange_edit_flow() -> Flow[EditData]:
    def view_of(ctx: Ctx, data: EditData) -> ExchangeView | None:
        view = ctx.exchange(data.exchange_id)
        ok = view is not None and view.active and Part.COORDINATOR in view.mine
        return view if ok else None

    def entry(ctx: Ctx, data: EditData) -> Step:
        if view_of(ctx, data) is None:
            return Step(replies=[Say(text=NOT_YOURS)], finish=True)
        return Step(goto="what")

    def ask_what(ctx: Ctx, data: EditData) -> list[Reply]:
        choices = [Choice(id="days", label=_("The days"))]
        choices += [Choice(id=k, label=label) for k, (label, _q, _n) in TEXTS.items()]
        choices += [Choice(id=k, label=label) for k, (label, _w) in CONTACTS.items()]
        text = _("What do you want to change? Everyone in the exchange will be told.")
        return [Ask(text=text, choices=(*choices, BACK))]

    def on_what(ctx: Ctx, data: EditData, event: Event) -> Step:
        picked = event.choice_id if isinstance(event, ChoiceIn) else None
        if picked == "back" or view_of(ctx, data) is None:
            return Step(finish=True)
        if picked == "days":
            return Step(goto="day1", data=EditData(exchange_id=data.exchange_id))
        if picked in TEXTS:
            return Step(goto="text", data=data.model_copy(update={"field": picked}))
        if picked in CONTACTS:
            return Step(goto="contact", data=data.model_copy(update={"field": picked}))
        return Step.retry(not_a_choice(event))

    def edited(ctx: Ctx, data: EditData, field: str, value: object) -> Step:
        view = view_of(ctx, data)
        if view is None:
            return Step(replies=[Say(text=NOT_YOURS)], finish=True)
        details = {**_details(view), field: value}
        effect = EditExchange.model_validate({"exchange_id": view.id, **details})
        text = _("Changed. Everyone in the exchange has been told.")
        return Step(replies=[Say(text=text)], effects=[effect], finish=True)

    def ask_text(ctx: Ctx, data: EditData) -> list[Reply]:
        _label, question, _limit = TEXTS[data.field or "place"]
        optional = (SKIP,) if data.field != "place" else ()
        return [Ask(text=question, choices=(*optional, BACK))]

    def on_text(ctx: Ctx, data: EditData, event: Event) -> Step:
        field = data.field or "place"
        if tapped(event, "back"):
            return Step(goto="what")
        if tapped(event, "skip") and field != "place":
            return edited(ctx, data, field, None)
        value = text_of(event, TEXTS[field][2])
        if value is None:
            return Step.retry(
                _("Please send it as text (at most {limit} characters).", limit=TEXTS[field][2])
            )
        return edited(ctx, data, field, value)

    def ask_contact(ctx: Ctx, data: EditData) -> list[Reply]:
        which = CONTACTS[data.field or "host_contact_id"][1]
        choices = people(ctx, Role.EMPLOYER)
        none = Choice(id="skip", label=_("Nobody"))
        return [Ask(text=employer_question(which), choices=(*choices, none, BACK))]

    def on_contact(ctx: Ctx, data: EditData, event: Event) -> Step:
        field = data.field or "host_contact_id"
        if tapped(event, "back"):
            return Step(goto="what")
        if tapped(event, "skip"):
            return edited(ctx, data, field, None)
        picked = person(ctx, event, Role.EMPLOYER)
        if picked is None:
            return Step.retry(not_a_choice(event))
        return edited(ctx, data, field, picked)

    def ask_day(number: int) -> State[EditData]:
        here = f"day{number}"

        def ask(ctx: Ctx, data: EditData) -> list[Reply]:
            one = (Choice(id="one_day", label=_("Just one day")),) if number == 2 else ()
            return [Ask(text=day_question(ctx, number), choices=(*one, BACK))]

        def handle(ctx: Ctx, data: EditData, event: Event) -> Step:
            if tapped(event, "back"):
                return Step(goto="what" if number == 1 else "day1",
                            data=data.model_copy(update={"days": []}))  # fmt: skip
            if number == 2 and tapped(event, "one_day"):
                return Step(goto="confirm")
            found = read_typed_day(ctx, event, data.days[-1] if data.days else None)
            if isinstance(found, Msg):
                return Step.retry(found)
            if day_remark(ctx, found) is not None:
                return Step(goto="check", data=data.model_copy(update={"pending": found}))
            new = data.model_copy(update={"days": [*data.days, found]})
            return Step(goto="day2" if number == 1 else "confirm", data=new)

        return State(here, ask, handle, frozenset({"what", "day1", "day2", "check", "confirm"}))

    def ask_check(ctx: Ctx, data: EditData) -> list[Reply]:
        assert data.pending is not None
        remark = day_remark(ctx, data.pending) or Msg.plain("")
        text = _("{remark} Keep this day for the exchange?", remark=remark)
        return [Ask(text=text, choices=CONFIRM_DAY)]

    def on_check(ctx: Ctx, data: EditData, event: Event) -> Step:
        here = "day1" if not data.days else "day2"
        if tapped(event, "day:no") or data.pending is None:
            return Step(goto=here, data=data.model_copy(update={"pending": None}))
        if not tapped(event, "day:yes"):
            return Step.retry(not_a_choice(event))
        new = data.model_copy(update={"days": [*data.days, data.pending], "pending": None})
        return Step(goto="day2" if here == "day1" else "confirm", data=new)

    def ask_confirm(ctx: Ctx, data: EditData) -> list[Reply]:
        text = _(
            "Move the exchange to these days? Everyone is asked again whether they can come.\n"
            "{days}",
            days=days_lines(data.days),
        )
        choices = (Choice(id="move", label=_("Yes, move it")), BACK)
        return [Ask(text=text, choices=choices)]

    def on_confirm(ctx: Ctx, data: EditData, event: Event) -> Step:
        if tapped(event, "back"):
            return Step(goto="day1", data=data.model_copy(update={"days": []}))
        if not tapped(event, "move"):
            return Step.retry(not_a_choice(event))
        if view_of(ctx, data) is None:
            return Step(replies=[Say(text=NOT_YOURS)], finish=True)
        effect = RescheduleExchange(exchange_id=data.exchange_id, days=tuple(data.days))
        text = _("The exchange has new days. Everyone in it has been told.")
        return Step(replies=[Say(text=text)], effects=[effect], finish=True)

    return Flow(
        name="exchange_edit",
        roles=frozenset({Role.COORDINATOR}),
        data_model=EditData,
        initial="what",
        entry=entry,
        entry_targets=frozenset({"what", FINISH}),
        states=states(
            State("what", ask_what, on_what, frozenset({"day1", "text", "contact", FINISH})),
            State("text", ask_text, on_text, frozenset({"what", FINISH})),
            State("contact", ask_contact, on_contact, frozenset({"what", FINISH})),
            ask_day(1),
            ask_day(2),
            State("check", ask_check, on_check, frozenset({"day1", "day2", "confirm"})),
            State("confirm", ask_confirm, on_confirm, frozenset({"day1", FINISH})),
        ),
    )
