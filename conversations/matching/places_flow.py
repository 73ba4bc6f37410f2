"""Learning places in chat (draaiboek 5.4: places are content the coordinator keeps up to date):
each with its status and the room left, paused, reopened or retired with a tap, and one thing
at a time changed. A coordinator gets the places of their own programmes; a host employer only
the places they are the contact of or registered, which they may change (not pause)."""

from __future__ import annotations

from pydantic import BaseModel

from conversations.common import not_a_choice
from conversations.context import Ctx
from conversations.engine import FINISH, Flow, State, Step, states
from conversations.events import ChoiceIn, Event, TextIn
from conversations.matching.effects import EDITABLE, EditPlace, SetPlaceStatus
from conversations.matching.model import PlaceView
from conversations.replies import Ask, Choice, Reply, Say
from conversations.roles import Role
from conversations.text import Lines, Msg, _, _n

STATUS: dict[str, Msg] = {"open": _("open"), "paused": _("paused"), "retired": _("retired")}
#: What each button does, and from which statuses it is offered.
ACTIONS: dict[str, tuple[str, Msg, frozenset[str]]] = {
    "pause": ("paused", _("Pause"), frozenset({"open"})),
    "reopen": ("open", _("Open again"), frozenset({"paused", "retired"})),
    "retire": ("retired", _("Retire"), frozenset({"open", "paused"})),
}
BACK = Choice(id="back", label=_("Back"))
EDIT = Choice(id="edit", label=_("Change something"))
FIELDS: dict[str, Msg] = {
    "topic": _("Job, team or department"),
    "site": _("Address"),
    "municipality": _("Municipality"),
    "capacity": _("How many switchers"),
    "safety": _("Safety rules"),
    "exclusions": _("What cannot be shown"),
}


class PlacesData(BaseModel):
    place_id: int | None = None
    field: str | None = None


def _places(ctx: Ctx) -> tuple[PlaceView, ...]:
    return ctx.matching.places if ctx.matching is not None else ()


def _line(number: int, place: PlaceView) -> Msg:
    return _n(
        "{number}. {topic}, {host}, {municipality}: {status}, {count} of {capacity} place left",
        "{number}. {topic}, {host}, {municipality}: {status}, {count} of {capacity} places left",
        place.left,
        number=number,
        topic=Msg.plain(place.topic),
        host=Msg.plain(place.host_org),
        municipality=Msg.plain(place.municipality),
        status=STATUS.get(place.status, Msg.plain(place.status)),
        capacity=place.capacity,
    )


def places_flow() -> Flow[PlacesData]:
    def entry(ctx: Ctx, data: PlacesData) -> Step:
        if not _places(ctx):
            text = _("There are no learning places yet. Add one with “Offer a learning place”.")
            return Step(replies=[Say(text=text)], finish=True)
        return Step(goto="list")

    def ask_list(ctx: Ctx, data: PlacesData) -> list[Reply]:
        found = _places(ctx)
        text = _(
            "Learning places of your programme:\n{places}",
            places=Lines(lines=tuple(_line(n, p) for n, p in enumerate(found, start=1))),
        )
        choices = tuple(
            Choice(id=f"pl:{p.id}", label=_("Place {number}", number=n))
            for n, p in enumerate(found, start=1)
        )
        return [Ask(text=text, choices=choices)]

    def on_list(ctx: Ctx, data: PlacesData, event: Event) -> Step:
        picked = event.choice_id if isinstance(event, ChoiceIn) else None
        place = next((p for p in _places(ctx) if f"pl:{p.id}" == picked), None)
        if place is None:
            return Step.retry(not_a_choice(event))
        return Step(goto="place", data=PlacesData(place_id=place.id))

    def ask_place(ctx: Ctx, data: PlacesData) -> list[Reply]:
        place = next((p for p in _places(ctx) if p.id == data.place_id), None)
        if place is None:
            return [Ask(text=_("That learning place is no longer there."), choices=(BACK,))]
        number = _places(ctx).index(place) + 1
        text = _line(number, place)
        choices = tuple(
            Choice(id=action, label=label)
            for action, (_to, label, offered) in ACTIONS.items()
            if place.status in offered and Role.COORDINATOR in ctx.user.roles
        )
        return [Ask(text=text, choices=(EDIT, *choices, BACK))]

    def on_place(ctx: Ctx, data: PlacesData, event: Event) -> Step:
        picked = event.choice_id if isinstance(event, ChoiceIn) else None
        if picked == "back":
            return Step(goto="list", data=PlacesData())
        if picked == "edit":
            return Step(goto="field", data=data)
        place = next((p for p in _places(ctx) if p.id == data.place_id), None)
        action = ACTIONS.get(picked or "")
        coordinator = Role.COORDINATOR in ctx.user.roles
        if place is None or action is None or place.status not in action[2] or not coordinator:
            return Step.retry(not_a_choice(event))
        status = action[0]
        text = _("Saved: the learning place is now {status}.", status=STATUS[status])
        return Step(
            replies=[Say(text=text)],
            effects=[SetPlaceStatus(place_id=place.id, status=status)],
            finish=True,
        )

    def ask_field(ctx: Ctx, data: PlacesData) -> list[Reply]:
        choices = tuple(Choice(id=f"f:{k}", label=label) for k, label in FIELDS.items())
        return [Ask(text=_("What do you want to change?"), choices=(*choices, BACK))]

    def on_field(ctx: Ctx, data: PlacesData, event: Event) -> Step:
        picked = event.choice_id if isinstance(event, ChoiceIn) else ""
        if picked == "back":
            return Step(goto="place", data=data)
        if picked.removeprefix("f:") not in FIELDS:
            return Step.retry(not_a_choice(event))
        return Step(goto="value", data=data.model_copy(update={"field": picked[2:]}))

    def ask_value(ctx: Ctx, data: PlacesData) -> list[Reply]:
        label = FIELDS.get(data.field or "", Msg.plain(data.field or ""))
        return [Ask(text=_("Type the new value for: {field}", field=label), choices=(BACK,))]

    def on_value(ctx: Ctx, data: PlacesData, event: Event) -> Step:
        if isinstance(event, ChoiceIn) and event.choice_id == "back":
            return Step(goto="field", data=data)
        value = " ".join(event.text.split()) if isinstance(event, TextIn) else ""
        most = EDITABLE.get(data.field or "", 0)
        if data.field == "capacity":
            if not (value.isdigit() and 1 <= int(value) <= 50):
                return Step.retry(_("Give a number from 1 to 50."))
        elif not 0 < len(value) <= most:
            return Step.retry(_("Give 1 to {most} characters.", most=most))
        assert data.place_id is not None and data.field is not None
        effect = EditPlace(place_id=data.place_id, field=data.field, value=value)
        return Step(replies=[Say(text=_("Saved."))], effects=[effect], finish=True)

    return Flow(
        name="places",
        roles=frozenset({Role.COORDINATOR, Role.EMPLOYER}),
        data_model=PlacesData,
        initial="list",
        entry=entry,
        entry_targets=frozenset({"list", FINISH}),
        states=states(
            State("list", ask_list, on_list, frozenset({"place"})),
            State("place", ask_place, on_place, frozenset({"list", "field", FINISH})),
            State("field", ask_field, on_field, frozenset({"place", "value"})),
            State("value", ask_value, on_value, frozenset({"field", FINISH})),
        ),
    )
