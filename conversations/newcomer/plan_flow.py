"""`/plan`: a newcomer's step plan towards work, made from their intake and the plan content.

Overview (what is done, what is next) → one step in full (what, why, how, where, what to
bring) → done / not for me / I need help. "I need help" leads to a mentor or career coach.
Without an intake yet, the intake comes first and leads back here.
"""

from __future__ import annotations

from pydantic import BaseModel

from conversations.common import not_a_choice
from conversations.context import Ctx
from conversations.engine import FINISH, Flow, State, Step, states
from conversations.events import ChoiceIn, Event
from conversations.newcomer.effects import MarkStep, TouchPlan
from conversations.newcomer.plan import build_plan, progress_with_matches
from conversations.newcomer.plan_model import PlanContent, PlanStep
from conversations.newcomer.plan_texts import ICONS, details, icon, next_step, overview
from conversations.replies import Ask, Choice, Reply, Say
from conversations.roles import Role
from conversations.text import Msg, _

BACK = Choice(id="back", label=_("Back"))
STATUS = {
    "st:done": "done",
    "st:not_for_me": "not_for_me",
    "st:help": "help",
    "st:todo": None,
}


class PlanData(BaseModel):
    step_id: str | None = None


def plan_flow(content: PlanContent | None) -> Flow[PlanData]:
    def steps(ctx: Ctx) -> list[PlanStep]:
        answers = ctx.newcomer.answers if ctx.newcomer else None
        return build_plan(content, answers) if content and answers is not None else []

    def progress(ctx: Ctx) -> dict[str, str]:
        if ctx.newcomer is None:
            return {}
        request = ctx.newcomer.request
        matched = {request.kind} if request and request.status == "accepted" else set()
        return progress_with_matches(steps(ctx), ctx.newcomer.progress, matched)

    def entry(ctx: Ctx, data: PlanData) -> Step:
        if Role.NEWCOMER not in ctx.user.roles or ctx.newcomer is None or content is None:
            text = _("The step plan is for newcomers looking for work in Belgium.")
            return Step(replies=[Say(text=text)], finish=True)
        if ctx.newcomer.answers is None:
            first = _("First a few questions, so the plan fits you.")
            return Step(
                replies=[Say(text=first)],
                finish=True,
                then="form",
                then_data=ctx.newcomer.draft or {"form_id": content.intake},
            )
        if data.step_id is not None and any(s.id == data.step_id for s in steps(ctx)):
            return Step(goto="step", effects=[TouchPlan()])
        return Step(goto="overview", effects=[TouchPlan()], data=PlanData())

    def ask_overview(ctx: Ctx, data: PlanData) -> list[Reply]:
        plan, done = steps(ctx), progress(ctx)
        choices = [
            Choice(
                id=f"s:{s.id}",
                label=_("{icon} {title}", icon=Msg.plain(icon(s, plan, done)),
                        title=Msg(msgid=s.title)),
            )
            for s in plan
        ]  # fmt: skip
        choices += [
            Choice(id="support", label=_("Find a mentor or career coach")),
            Choice(id="intake", label=_("Change my answers")),
            BACK,
        ]
        upcoming = next_step(plan, done)
        hint = (
            _("Next: {step}. Tap a step to see what to do.", step=Msg(msgid=upcoming.title))
            if upcoming
            else _("You have gone through every step. Well done!")
        )
        return [Say(text=overview(plan, done)), Ask(text=hint, choices=tuple(choices))]

    def on_overview(ctx: Ctx, data: PlanData, event: Event) -> Step:
        picked = event.choice_id if isinstance(event, ChoiceIn) else ""
        if picked == "back":
            return Step(finish=True)
        if picked == "support":
            return Step(push="support")
        if picked == "intake" and content is not None:
            return Step(finish=True, then="form", then_data={"form_id": content.intake})
        step = next((s for s in steps(ctx) if f"s:{s.id}" == picked), None)
        if step is None:
            return Step.retry(not_a_choice(event))
        return Step(goto="step", data=PlanData(step_id=step.id))

    def current(ctx: Ctx, data: PlanData) -> PlanStep | None:
        return next((s for s in steps(ctx) if s.id == data.step_id), None)

    def step_choices(ctx: Ctx, step: PlanStep) -> tuple[Choice, ...]:
        status = progress(ctx).get(step.id)
        choices = []
        if status != "done":
            choices.append(Choice(id="st:done", label=_("{icon} Done", icon=Msg.plain("✅"))))
        if status != "not_for_me":
            choices.append(Choice(id="st:not_for_me", label=_("Not for me")))
        choices.append(Choice(id="st:help", label=_("I need help")))
        if status is not None:
            choices.append(Choice(id="st:todo", label=_("Still to do")))
        return (*choices, BACK)

    def ask_step(ctx: Ctx, data: PlanData) -> list[Reply]:
        step = current(ctx, data)
        assert step is not None
        status = progress(ctx).get(step.id)
        replies: list[Reply] = [Say(text=details(step))]
        question = _("How is this step going?")
        if status is not None:
            question = _(
                "{icon} You marked this step. How is it going now?",
                icon=Msg.plain(ICONS[status]),
            )
        replies.append(Ask(text=question, choices=step_choices(ctx, step)))
        return replies

    def on_step(ctx: Ctx, data: PlanData, event: Event) -> Step:
        step = current(ctx, data)
        if step is None:
            return Step(goto="overview", data=PlanData())
        picked = event.choice_id if isinstance(event, ChoiceIn) else ""
        if picked == "back":
            return Step(goto="overview", data=PlanData())
        if picked not in {c.id for c in step_choices(ctx, step)} or picked not in STATUS:
            return Step.retry(not_a_choice(event))
        status = STATUS[picked]
        mark = MarkStep(step_id=step.id, status=status)
        if status == "help":
            text = _("Let us find someone who can help you with this step.")
            return Step(
                replies=[Say(text=text)],
                effects=[mark],
                push="support",
                push_data={"kind": step.support, "step_id": step.id},
            )
        if status == "done":
            done = {**progress(ctx), step.id: "done"}
            upcoming = next_step(steps(ctx), done)
            text = (
                _("Well done! Your next step: {step}.", step=Msg(msgid=upcoming.title))
                if upcoming
                else _("Well done! That was the last step of your plan.")
            )
            return Step(replies=[Say(text=text)], effects=[mark], goto="overview", data=PlanData())
        return Step(effects=[mark], goto="overview", data=PlanData())

    return Flow(
        name="plan",
        roles=frozenset({Role.NEWCOMER}),
        data_model=PlanData,
        initial="overview",
        entry=entry,
        entry_targets=frozenset({"overview", "step", FINISH}),
        states=states(
            State("overview", ask_overview, on_overview, frozenset({"step", FINISH})),
            State("step", ask_step, on_step, frozenset({"overview"})),
        ),
    )
