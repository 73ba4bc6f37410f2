"""The parts of the learning-agenda interview that stand on their own: the draft data, the
order of the questions, and the goal questions with their SMART checks (what will you see?
by when?). The flow itself is assembled in `conversations.agenda`."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from conversations.agenda_model import WHEN_TAPPED, AgendaContent, Answer, Goal
from conversations.agenda_view import long_answer
from conversations.common import not_a_choice, too_long
from conversations.context import Ctx
from conversations.effects import AgendaDraft
from conversations.engine import State, Step
from conversations.events import ChoiceIn, Event, TextIn
from conversations.replies import Ask, Choice, Reply, Say
from conversations.text import Msg, _

MAX_GOALS = 3
MAX_FOLLOWUPS = 1  # the learning question is asked once more about its content (002:657)
SHORT = 200
SKIP = Choice(id="skip", label=_("Skip"))
ORDER = (
    "trigger", "question", "goal", "goal_observable", "goal_when", "goal_more",
    "see_do", "whom", "curious", "region", "travel", "dates", "summary",
)  # fmt: skip
#: Where "change a part" leads, and which states belong to that part.
PARTS: dict[str, tuple[Msg, str, str]] = {
    "trigger": (_("Why now"), "trigger", "trigger"),
    "question": (_("Learning question"), "question", "question"),
    "goals": (_("Learning goals"), "goal", "goal_more"),
    "see_do": (_("What I want to see or do"), "see_do", "see_do"),
    "whom": (_("Whom I want to talk to"), "whom", "whom"),
    "curious": (_("What I am curious about"), "curious", "curious"),
    "limits": (_("Practical limits"), "region", "dates"),
}


class AgendaData(BaseModel):
    shadow: AgendaContent = AgendaContent()
    changed: bool = False
    editing: str | None = None  # the last state of the part being changed
    followups: int = 0
    goal: Goal | None = None
    goal_index: int | None = None  # the goal being changed (None: a new one)


def next_state(state: str, data: AgendaData) -> str:
    if data.editing == state:
        return "summary"
    return ORDER[ORDER.index(state) + 1]


def answered(data: AgendaData, part: str, value: Any, shadow_value: Any) -> AgendaData:
    shadow = data.shadow.model_copy(update={part: shadow_value})
    return data.model_copy(update={"shadow": shadow, "changed": True})


def long_question(state: str, question: Msg, *, skippable: bool) -> State[AgendaData]:
    """A question answered by text or a voice message, saved to the draft straight away."""

    def ask(ctx: Ctx, data: AgendaData) -> list[Reply]:
        return [Ask(text=question, choices=(SKIP,) if skippable else ())]

    def handle(ctx: Ctx, data: AgendaData, event: Event) -> Step:
        if skippable and isinstance(event, ChoiceIn) and event.choice_id == "skip":
            return Step(goto=next_state(state, data))
        value, problem = long_answer(event)
        if problem is not None:
            return Step.retry(problem)
        new = answered(data, state, value, Answer.of(value))
        return Step(
            goto=next_state(state, new), data=new, effects=[AgendaDraft(part=state, value=value)]
        )

    return State(state, ask, handle, frozenset({next_in_order(state), "summary"}))


def next_in_order(state: str) -> str:
    return ORDER[ORDER.index(state) + 1]


def short_text(event: Event) -> tuple[str | None, Msg | None]:
    if not isinstance(event, TextIn) or not event.text.strip():
        return None, _("Please answer in a text message.")
    text = event.text.strip()
    if len(text) > SHORT:
        return None, too_long(
            SHORT,
            len(text),
        )
    return text, None


# --- goals: each checked for "observable" and "by when" --------------------------------


def ask_goal(ctx: Ctx, data: AgendaData) -> list[Reply]:
    index = data.goal_index
    number = (index if index is not None else len(data.shadow.goals)) + 1
    text = _(
        "Learning goal {number}: what do you want to be able to do after the exchange? "
        'Make it specific, e.g. "set up a weekly planning board with my team".',
        number=number,
    )
    back = (Choice(id="back", label=_("Back")),) if data.editing == "goals" else ()
    return [Ask(text=text, choices=back)]


def on_goal(ctx: Ctx, data: AgendaData, event: Event) -> Step:
    if data.editing == "goals" and isinstance(event, ChoiceIn) and event.choice_id == "back":
        return Step(goto="goals")
    text, problem = short_text(event)
    if problem is not None or text is None:
        return Step.retry(problem or not_a_choice(event))
    # no word count (walkthrough 12): the SMART check is the next question, about content
    return Step(goto="goal_observable", data=data.model_copy(update={"goal": Goal(text=text)}))


def _repeats(text: str | None, *earlier: str | None) -> bool:
    """The answer only repeats an earlier one (typed into the wrong question)."""
    said = " ".join((text or "").casefold().split())
    return bool(said) and any(said == " ".join((e or "").casefold().split()) for e in earlier)


def ask_observable(ctx: Ctx, data: AgendaData) -> list[Reply]:
    text = _(
        "How will you (or your coach) notice that you reached this goal? What will you "
        "show, make or do?"
    )
    return [Ask(text=text, choices=(Choice(id="skip", label=_("I don't know yet")),))]


def on_observable(ctx: Ctx, data: AgendaData, event: Event) -> Step:
    assert data.goal is not None
    if isinstance(event, ChoiceIn) and event.choice_id == "skip":
        return Step(goto="goal_when")
    text, problem = short_text(event)
    if problem is not None:
        return Step.retry(problem)
    if _repeats(text, data.goal.text):
        return Step.retry(
            _("That is the goal itself. What will you or your coach see, hear or get in hand?")
        )
    goal = data.goal.model_copy(update={"observable": text})
    return Step(goto="goal_when", data=data.model_copy(update={"goal": goal}))


#: Answers to "by when?" that need no typing, the same in every language.
WHEN_CHOICES = {
    "when:end": _("By the end of the exchange"),
    "when:month": _("Within a month"),
    "when:quarter": _("Within three months"),
}


def ask_when(ctx: Ctx, data: AgendaData) -> list[Reply]:
    text = _("By when? Tap one, or type your own moment.")
    choices = tuple(Choice(id=k, label=v) for k, v in WHEN_CHOICES.items())
    return [Ask(text=text, choices=(*choices, Choice(id="skip", label=_("I don't know yet"))))]


def on_when(ctx: Ctx, data: AgendaData, event: Event) -> Step:
    assert data.goal is not None
    by_when = None
    if isinstance(event, ChoiceIn) and event.choice_id in WHEN_CHOICES:
        by_when = WHEN_CHOICES[event.choice_id].msgid  # shown in the reader's language
        assert by_when in WHEN_TAPPED
    elif not (isinstance(event, ChoiceIn) and event.choice_id == "skip"):
        by_when, problem = short_text(event)
        if problem is not None:
            return Step.retry(problem)
        if _repeats(by_when, data.goal.text, data.goal.observable):
            return Step.retry(_("That looks like your goal, not a moment. By when?"))
    goal = data.goal.model_copy(update={"by_when": by_when})
    goals = (*data.shadow.goals, goal)
    if data.goal_index is not None and data.goal_index < len(data.shadow.goals):  # changed
        goals = tuple(goal if i == data.goal_index else g for i, g in enumerate(data.shadow.goals))
    new = answered(data, "goals", None, goals).model_copy(update={"goal": None, "goal_index": None})
    draft = AgendaDraft(part="goals", value=[g.model_dump() for g in goals])
    replies: list[Reply] = []
    if goal.observable is None or goal.by_when is None:
        replies.append(
            Say(
                text=_(
                    "Noted. A goal is easier to reach when you can see it and it has a "
                    "date; you can add that later with /agenda."
                )
            )
        )
    target = "goal_more" if len(goals) < MAX_GOALS else next_state("goal_more", new)
    if data.editing == "goals":
        target = "goals"  # back to the list of goals
    return Step(goto=target, data=new, effects=[draft], replies=replies)


def ask_more(ctx: Ctx, data: AgendaData) -> list[Reply]:
    choices = (
        Choice(id="more:yes", label=_("Add another goal")),
        Choice(id="more:no", label=_("That's it")),
    )
    return [Ask(text=_("Do you want to add another goal (at most three)?"), choices=choices)]


def on_more(ctx: Ctx, data: AgendaData, event: Event) -> Step:
    picked = event.choice_id if isinstance(event, ChoiceIn) else None
    if picked == "more:yes":
        return Step(goto="goal")
    if picked == "more:no":
        return Step(goto=next_state("goal_more", data))
    return Step.retry(not_a_choice(event))
