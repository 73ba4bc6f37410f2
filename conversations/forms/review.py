"""An intake answered before opens at its answers: change one, or answer them all again
(walkthrough 19: `/intake` used to start every question again and show nothing of before).

A change is saved as a new finished response holding all answers, as the newest intake
replaces older ones; a multi-choice question opens with the earlier choices ticked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from conversations.common import not_a_choice
from conversations.context import Ctx
from conversations.effects import Effect, FinishResponse, SaveAnswer
from conversations.engine import Step
from conversations.events import ChoiceIn, Event
from conversations.forms.schema import Form, Question
from conversations.replies import Ask, Choice, Reply, Say
from conversations.text import Lines, Msg, _

if TYPE_CHECKING:
    from conversations.forms.flow import FormData

REVIEW = "review"
AGAIN, CLOSE, EDIT = "nav:again", "nav:close", "edit:"
NOT_ANSWERED = _("(not answered)")


def review_start(ctx: Ctx, form: Form, data: FormData) -> Step | None:
    """The intake's current answers, if there are any (None: start as usual)."""
    answers = ctx.newcomer.answers if ctx.newcomer else None
    if form.kind != "intake" or not answers:
        return None
    shown = data.model_copy(update={"version": form.version, "answers": answers, "review": True})
    return Step(goto=REVIEW, data=shown)


def shown_answer(q: Question, value: Any) -> Msg | tuple[Msg, ...]:
    labels = {o.id: Msg(msgid=o.label) for o in q.options}
    if value is None or value == []:
        return NOT_ANSWERED
    if isinstance(value, list):
        return tuple(labels.get(str(v), Msg.plain(str(v))) for v in value)
    if q.type == "yesno":
        return _("Yes") if value == "yes" else _("No")
    if isinstance(value, dict):  # a file
        return Msg.plain(str(value.get("file_name") or "📎"))
    return labels.get(str(value), Msg.plain(str(value)))


def ask_review(form: Form, data: FormData, visible: list[Question]) -> list[Reply]:
    lines = tuple(
        _("{question} — {answer}", question=Msg(msgid=q.text),
          answer=shown_answer(q, data.answers.get(q.id)))
        for q in visible
    )  # fmt: skip
    choices = tuple(Choice(id=f"{EDIT}{q.id}", label=Msg(msgid=q.text)) for q in visible)
    again = Choice(id=AGAIN, label=_("Answer all questions again"))
    close = Choice(id=CLOSE, label=_("Keep them like this"))
    return [
        Say(text=_("Your answers:\n{lines}", lines=Lines(lines=lines))),
        Ask(text=_("Which answer do you want to change?"), choices=(*choices, again, close)),
    ]


def on_review(form: Form, data: FormData, event: Event, visible: list[Question]) -> Step:
    """Pick the question to change (AGAIN is handled by the caller: a fresh start)."""
    picked = event.choice_id if isinstance(event, ChoiceIn) else ""
    if picked == CLOSE:
        return Step(finish=True)
    q = next((q for q in visible if f"{EDIT}{q.id}" == picked), None)
    if q is None:
        return Step.retry(not_a_choice(event))
    earlier = data.answers.get(q.id)
    ticked = [str(v) for v in earlier] if q.type == "multi" and isinstance(earlier, list) else []
    opened = data.model_copy(update={"current": q.id, "trail": [], "selected": ticked})
    return Step(goto="question", data=opened)


def finish_review(
    ctx: Ctx, form: Form, data: FormData, answers: dict[str, Any], hidden: tuple[str, ...]
) -> Step:
    """All answers, one of them new, as a new finished response; then the form's next flow."""
    started = ctx.now.isoformat()
    kept = {k: v for k, v in answers.items() if k not in hidden}
    effects: list[Effect] = [
        SaveAnswer(form_id=form.id, version=form.version, started=started, question_id=k, value=v)
        for k, v in kept.items()
    ]
    effects.append(
        FinishResponse(
            form_id=form.id, version=form.version, started=started, drop=hidden, answers=kept
        )
    )
    done = Say(text=_("Changed. Your other answers stay as they were."))
    return Step(finish=True, effects=effects, replies=[done], then=form.then)
