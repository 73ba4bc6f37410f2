"""The person's rights over their data, in chat: `/mydata` sends a copy of everything kept
about them; `/forget` deletes it after a clear confirmation."""

from __future__ import annotations

from pydantic import BaseModel

from conversations.common import not_a_choice
from conversations.context import Ctx
from conversations.effects import EraseMe
from conversations.engine import FINISH, Flow, State, Step, states
from conversations.events import ChoiceIn, Event
from conversations.replies import Ask, Choice, PersonalData, Reply, Say
from conversations.text import _


class ForgetData(BaseModel):
    pass


def my_data_replies() -> list[Reply]:
    text = _(
        "Here is a copy of everything Wegwijzer keeps about you: summary.html to read in your "
        "browser, data.json with the same data for other programs, and the files you sent."
    )
    return [Say(text=text), PersonalData()]


def _ask(ctx: Ctx, data: ForgetData) -> list[Reply]:
    text = _(
        "This deletes everything Wegwijzer keeps about you: your name, your answers, your plan, "
        "your reflections and the files you sent. It cannot be undone. An exchange you took "
        "part in stays on record for the others, without your name. Delete everything?"
    )
    choices = (
        Choice(id="erase:yes", label=_("Yes, delete everything")),
        Choice(id="erase:no", label=_("No, keep my data")),
    )
    return [Ask(text=text, choices=choices)]


def _on_answer(ctx: Ctx, data: ForgetData, event: Event) -> Step:
    picked = event.choice_id if isinstance(event, ChoiceIn) else ""
    if picked == "erase:no":
        return Step(replies=[Say(text=_("Nothing was deleted."))], finish=True)
    if picked != "erase:yes":
        return Step.retry(not_a_choice(event))
    text = _(
        "Everything about you has been deleted. If you write to me again, you start as a new "
        "person. Goodbye!"
    )
    return Step(replies=[Say(text=text)], effects=[EraseMe()], finish=True, clear=True)


FORGET: Flow[ForgetData] = Flow(
    name="forget",
    data_model=ForgetData,
    initial="confirm",
    states=states(State("confirm", _ask, _on_answer, frozenset({FINISH}))),
)
