"""How a step plan reads: the overview with progress, one step in full, the nudge."""

from __future__ import annotations

from conversations.newcomer.plan_model import Place, PlanStep
from conversations.replies import Ask, Choice, Reply
from conversations.text import Lines, Msg, _

ICONS = {"done": "✅", "not_for_me": "➖", "help": "🤝", None: "⬜"}
NEXT = "➡️"


def next_step(plan: list[PlanStep], progress: dict[str, str]) -> PlanStep | None:
    """The first step that is neither done nor set aside (asking for help keeps it open)."""
    return next((s for s in plan if progress.get(s.id) not in ("done", "not_for_me")), None)


def icon(step: PlanStep, plan: list[PlanStep], progress: dict[str, str]) -> str:
    upcoming = next_step(plan, progress)
    if upcoming is not None and step.id == upcoming.id and progress.get(step.id) is None:
        return NEXT
    return ICONS.get(progress.get(step.id), ICONS[None])


def overview(plan: list[PlanStep], progress: dict[str, str]) -> Msg:
    """How far along; the steps themselves are the buttons below (walkthrough 18: the plan
    was shown twice, as text and again as buttons)."""
    done = sum(progress.get(s.id) in ("done", "not_for_me") for s in plan)
    return _(
        "Your step plan towards work: {done} of {total} steps behind you.",
        done=done,
        total=len(plan),
    )


def _place(place: Place) -> Msg:
    parts: list[Msg] = [Msg(msgid=place.label) if place.label else Msg.plain(place.name or "")]
    if place.note:
        parts.append(Msg(msgid=place.note))
    for value in (place.address, place.phone, place.email, place.url):
        if value:
            parts.append(Msg.plain(value))
    return _("• {details}", details=Lines(lines=tuple(parts)))


def details(step: PlanStep) -> Msg:
    sections: list[Msg] = [
        _("What: {text}", text=Msg(msgid=step.what)),
        _("Why: {text}", text=Msg(msgid=step.why)),
        _("How: {text}", text=Msg(msgid=step.how)),
    ]
    if step.where:
        places = Lines(lines=tuple(_place(p) for p in step.where))
        sections.append(_("Where:\n{places}", places=places))
    if step.bring:
        items = Lines(lines=tuple(_("• {item}", item=Msg(msgid=b)) for b in step.bring))
        sections.append(_("What to bring:\n{items}", items=items))
    return _(
        "{title}\n{sections}",
        title=Msg(msgid=step.title),
        sections=Lines(lines=tuple(sections)),
    )


def nudge(name: str | None, step: PlanStep) -> list[Reply]:
    text = _(
        "Hello {name}! It has been a while. Your next step towards work: {step}. Shall we "
        "continue?",
        name=Msg.plain(name or ""),
        step=Msg(msgid=step.title),
    )
    choices = (
        Choice(id="x:plan", label=_("Show my plan")),
        Choice(id="x:nudge:later", label=_("Not now")),
        Choice(id="x:nudge:stop", label=_("Stop these reminders")),
    )
    return [Ask(text=text, choices=choices, seq=0)]
