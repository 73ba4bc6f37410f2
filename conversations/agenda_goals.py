"""Editing the learning goals one at a time (walkthrough 13: "change the goals" used to write
them all again from the first, and the ones not written again were lost), and where a
half-finished interview goes on (walkthrough 5)."""

from __future__ import annotations

from conversations.agenda_model import AgendaContent, agenda_lines, notes_of
from conversations.agenda_steps import MAX_GOALS, AgendaData, answered
from conversations.common import not_a_choice
from conversations.context import Ctx
from conversations.effects import AgendaDraft
from conversations.engine import Step
from conversations.events import ChoiceIn, Event
from conversations.replies import Ask, Choice, Reply, Say
from conversations.text import _

BACK = Choice(id="back", label=_("Back"))
EDITING = "goals"  # `AgendaData.editing` while the goal list is open


def ask_goals(ctx: Ctx, data: AgendaData) -> list[Reply]:
    choices: list[Choice] = []
    for number, _goal in enumerate(data.shadow.goals, start=1):
        choices += [
            Choice(id=f"goal:edit:{number}", label=_("Change goal {number}", number=number)),
            Choice(id=f"goal:remove:{number}", label=_("Remove goal {number}", number=number)),
        ]
    if len(data.shadow.goals) < MAX_GOALS:
        choices.append(Choice(id="goal:add", label=_("Add a goal")))
    goals = AgendaContent(goals=data.shadow.goals)
    lines = agenda_lines(goals).lines[2:]  # the goal lines only
    text = _("Your learning goals:\n{lines}", lines=lines) if lines else _("No goals yet.")
    return [Say(text=text), Ask(text=_("What do you want to change?"), choices=(*choices, BACK))]


def on_goals(ctx: Ctx, data: AgendaData, event: Event) -> Step:
    picked = event.choice_id if isinstance(event, ChoiceIn) else ""
    goals = data.shadow.goals
    if picked == "back":
        return Step(goto="summary", data=data.model_copy(update={"editing": None}))
    if picked == "goal:add" and len(goals) < MAX_GOALS:
        return Step(goto="goal", data=data.model_copy(update={"goal_index": None, "goal": None}))
    action, _sep, raw = picked.removeprefix("goal:").partition(":")
    index = int(raw) - 1 if raw.isdigit() else -1
    if action not in ("edit", "remove") or not 0 <= index < len(goals):
        return Step.retry(not_a_choice(event))
    if action == "edit":
        return Step(goto="goal", data=data.model_copy(update={"goal_index": index, "goal": None}))
    left = goals[:index] + goals[index + 1 :]
    draft = AgendaDraft(part="goals", value=[g.model_dump() for g in left])
    said = Say(text=_("Goal {number} is removed.", number=index + 1))
    return Step(data=answered(data, "goals", None, left), effects=[draft], replies=[said],
                reask=True)  # fmt: skip


def differs(draft: AgendaContent | None, saved: AgendaContent | None) -> bool:
    """Whether the draft holds answers the saved version does not (notes do not count)."""
    if draft is None:
        return False
    base = saved or AgendaContent()
    return draft.model_copy(update=notes_of(base)) != base


def resume_at(draft: AgendaContent) -> str:
    """The question after the last one answered in a first, half-finished interview."""
    answered_parts = [
        ("trigger", "question"), ("question", "goal"),
        ("goals", "goal_more" if len(draft.goals) < MAX_GOALS else "see_do"),
        ("see_do", "whom"), ("whom", "curious"), ("curious", "region"), ("region", "travel"),
        ("travel", "dates"), ("dates", "summary"),
    ]  # fmt: skip
    found = "trigger"
    for part, then in answered_parts:
        if getattr(draft, part):
            found = then
    return found


def welcome_back(draft: AgendaContent) -> Say:
    return Say(
        text=_(
            "Welcome back. Your answers so far are kept:\n{lines}\nLet us go on.",
            lines=agenda_lines(draft),
        )
    )
