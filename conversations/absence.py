"""After "I can't make it": an optional reason or another date, passed to the coordinator
(walkthrough 9: the coordinator heard only that someone could not come)."""

from __future__ import annotations

from pydantic import BaseModel

from conversations.common import not_a_choice, too_long
from conversations.context import Ctx
from conversations.effects import Notify, SetAttendance
from conversations.engine import FINISH, Flow, State, Step, states
from conversations.events import ChoiceIn, Event, TextIn
from conversations.exchange_model import ATTENDEES, PART_LABELS, Part
from conversations.replies import Ask, Choice, Reply, Say
from conversations.text import Msg, PersonName, _

MAX_REASON = 500
SKIP = Choice(id="skip", label=_("Skip"))


class AbsenceData(BaseModel):
    exchange_id: int


def absence_flow() -> Flow[AbsenceData]:
    def entry(ctx: Ctx, data: AbsenceData) -> Step:
        view = ctx.exchange(data.exchange_id)
        if view is None or view.party(Part.COORDINATOR) is None:
            return Step(finish=True)
        return Step(goto="reason")

    def ask_reason(ctx: Ctx, data: AbsenceData) -> list[Reply]:
        text = _(
            "Do you want to tell your coordinator why, or which other date would suit you? "
            "Type it here, or tap Skip."
        )
        return [Ask(text=text, choices=(SKIP,))]

    def on_reason(ctx: Ctx, data: AbsenceData, event: Event) -> Step:
        if isinstance(event, ChoiceIn) and event.choice_id == "skip":
            return Step(finish=True)
        if not isinstance(event, TextIn) or not event.text.strip():
            return Step.retry(not_a_choice(event))
        reason = event.text.strip()
        if len(reason) > MAX_REASON:
            return Step.retry(too_long(MAX_REASON, len(reason)))
        view = ctx.exchange(data.exchange_id)
        coordinator = view.party(Part.COORDINATOR) if view else None
        part = next((p for p in view.mine if p in ATTENDEES), None) if view else None
        if view is None or coordinator is None or part is None:
            return Step(finish=True)
        text = _(
            "{name} ({part}) about the exchange at {place} on {when}: “{reason}”",
            name=PersonName(id=ctx.user.id),
            part=PART_LABELS[part],
            place=Msg.plain(view.place),
            when=view.first_start,
            reason=Msg.plain(reason),
        )
        told = Notify(person_id=coordinator.person_id, text=text, exchange_id=view.id)
        # kept beside the "no", for the coordinator's desk (issue 16: attendance with reasons)
        kept = SetAttendance(exchange_id=view.id, attending=False, reason=reason)
        thanks = Say(text=_("Thank you. Your coordinator has received it."))
        return Step(replies=[thanks], effects=[kept, told], finish=True)

    return Flow(
        name="absence",
        data_model=AbsenceData,
        initial="reason",
        entry=entry,
        entry_targets=frozenset({"reason", FINISH}),
        states=states(State("reason", ask_reason, on_reason, frozenset({FINISH}))),
    )
