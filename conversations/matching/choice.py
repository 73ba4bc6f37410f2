"""A switcher picks a top 3 among the learning places offered to them (draaiboek 805: "the
participants note their top 3 preferences"). The places offered are the best three of the
matching for their saved agenda; the coordinator sees the choice while matching. There is no
guarantee of a place (678), and the switcher is told so plainly when there is none yet."""

from __future__ import annotations

from pydantic import BaseModel

from conversations.common import not_a_choice
from conversations.context import Ctx
from conversations.engine import FINISH, Flow, State, Step, states
from conversations.events import ChoiceIn, Event
from conversations.matching.effects import ChoosePlaces
from conversations.matching.model import Match
from conversations.matching.rank import rank
from conversations.replies import Ask, Choice, Reply, Say
from conversations.roles import Role
from conversations.text import Lines, Msg, _

OFFERED = 3


class ChoiceData(BaseModel):
    picked: list[int] = []


def offered(ctx: Ctx) -> list[Match]:
    facts = ctx.matching
    needs = facts.needs.get(ctx.user.id) if facts is not None else None
    if facts is None or needs is None:
        return []
    return rank(needs, facts.places, ctx.today())[:OFFERED]


def _line(number: int, found: Match) -> Msg:
    place = found.place
    return _(
        "{number}. {topic} at {host}, {municipality}",
        number=number,
        topic=Msg.plain(place.topic),
        host=Msg.plain(place.host_org),
        municipality=Msg.plain(place.municipality),
    )


def place_choice_flow() -> Flow[ChoiceData]:
    def entry(ctx: Ctx, data: ChoiceData) -> Step:
        if ctx.matching is None or ctx.user.id not in ctx.matching.needs:
            text = _(
                "First save your learning agenda (/agenda): then I can show learning places "
                "that fit your question."
            )
            return Step(replies=[Say(text=text)], finish=True)
        if not offered(ctx):
            text = _(
                "There is no learning place for you yet. Your coordinator keeps looking; a place "
                "is not guaranteed, and you will hear from them."
            )
            return Step(replies=[Say(text=text)], finish=True)
        return Step(goto="pick")

    def ask(ctx: Ctx, data: ChoiceData) -> list[Reply]:
        found = offered(ctx)
        left = [(n, m) for n, m in enumerate(found, start=1) if m.place.id not in data.picked]
        text = _(
            "These learning places fit your learning agenda best:\n{places}\n"
            "Which one do you prefer most now? (choice {rank} of {total})",
            places=Lines(lines=tuple(_line(n, m) for n, m in enumerate(found, start=1))),
            rank=len(data.picked) + 1,
            total=len(found),
        )
        choices = [Choice(id=f"pl:{m.place.id}", label=_("Place {number}", number=n))
                   for n, m in left]  # fmt: skip
        if data.picked:
            choices.append(Choice(id="enough", label=_("That's all")))
        return [Ask(text=text, choices=tuple(choices))]

    def handle(ctx: Ctx, data: ChoiceData, event: Event) -> Step:
        found = offered(ctx)
        picked = event.choice_id if isinstance(event, ChoiceIn) else None
        if picked == "enough" and data.picked:
            return _done(data.picked)
        place = next((m.place.id for m in found if f"pl:{m.place.id}" == picked), None)
        if place is None or place in data.picked:
            return Step.retry(not_a_choice(event))
        chosen = [*data.picked, place]
        if len(chosen) == len(found):
            return _done(chosen)
        return Step(goto="pick", data=ChoiceData(picked=chosen))

    def _done(chosen: list[int]) -> Step:
        text = _("Thank you! Your coordinator sees your choice when planning your exchange.")
        return Step(replies=[Say(text=text)], effects=[ChoosePlaces(place_ids=tuple(chosen))],
                    finish=True)  # fmt: skip

    return Flow(
        name="place_choice",
        roles=frozenset({Role.SWITCHER}),
        data_model=ChoiceData,
        initial="pick",
        entry=entry,
        entry_targets=frozenset({"pick", FINISH}),
        states=states(State("pick", ask, handle, frozenset({"pick", FINISH}))),
    )
