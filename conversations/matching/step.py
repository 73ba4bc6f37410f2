"""The matching step of setting up an exchange in chat (draaiboek 5.5): after the switcher is
picked, the coordinator sees the practical limits from the switcher's agenda and the open
learning places ranked with their reasons, and either picks one — which fills in the place, the
host organisation, its contact and the learning coach — or goes on by hand."""

from __future__ import annotations

from collections.abc import Callable

from conversations.common import not_a_choice
from conversations.context import Ctx
from conversations.engine import Step
from conversations.events import ChoiceIn, Event
from conversations.matching.model import Match
from conversations.matching.rank import rank
from conversations.matching.texts import limits, match_block
from conversations.replies import Ask, Choice, Reply
from conversations.text import Lines, Msg, _

#: Places shown at once: enough to choose, few enough to read on a phone.
SHOWN = 5
BY_HAND = Choice(id="by_hand", label=_("Set it up by hand"))


def matches(ctx: Ctx, switcher_id: int | None) -> list[Match] | None:
    """The ranked places for this switcher; None when they have no saved agenda."""
    facts = ctx.matching
    needs = facts.needs.get(switcher_id) if facts is not None and switcher_id else None
    if facts is None or needs is None:
        return None
    return rank(needs, facts.places, ctx.today())[:SHOWN]


def ask_match(ctx: Ctx, switcher_id: int | None, name: Msg) -> list[Reply]:
    found = matches(ctx, switcher_id)
    if found is None:
        text = _(
            "{name} has no saved learning agenda yet, so no learning place can be suggested. "
            "Go on by hand?",
            name=name,
        )
        return [Ask(text=text, choices=(BY_HAND,))]
    assert ctx.matching is not None and switcher_id is not None
    said = limits(name, ctx.matching.needs[switcher_id])
    if not found:
        text = _("{limits}\nNo open learning place can be offered yet.", limits=said)
        return [Ask(text=text, choices=(BY_HAND,))]
    people = {p.id: p.name for p in ctx.directory}
    chosen = ctx.matching.choices.get(switcher_id, ())
    blocks = tuple(
        match_block(
            n,
            m,
            Msg.plain(people[m.place.coach_id]) if m.place.coach_id in people else None,
            chosen.index(m.place.id) + 1 if m.place.id in chosen else None,
        )
        for n, m in enumerate(found, start=1)
    )
    text = _("{limits}\nLearning places, best fit first:\n{places}", limits=said,
             places=Lines(lines=blocks))  # fmt: skip
    choices = tuple(
        Choice(id=f"pl:{m.place.id}", label=_("Place {number}", number=n))
        for n, m in enumerate(found, start=1)
    )
    return [Ask(text=text, choices=(*choices, BY_HAND))]


def on_match(
    ctx: Ctx, switcher_id: int | None, event: Event, picked: Callable[[Match], Step], by_hand: Step
) -> Step:
    choice = event.choice_id if isinstance(event, ChoiceIn) else None
    if choice == "by_hand":
        return by_hand
    found = next((m for m in matches(ctx, switcher_id) or () if f"pl:{m.place.id}" == choice), None)
    if found is None:
        return Step.retry(not_a_choice(event))
    return picked(found)
