"""One flow that runs any form: a question at a time, answers saved as they are given.

The flow's data remembers where the person is (the current question, the trail for "back",
the answers so far), so leaving and coming back — or a restart — continues at the same question.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from conversations.common import not_a_choice, unusable_input
from conversations.context import Ctx
from conversations.effects import FinishResponse, SaveAnswer
from conversations.engine import FINISH, Flow, State, Step, states
from conversations.events import ChoiceIn, Event, MediaIn, OtherIn
from conversations.forms.answers import Parsed, check_media, parse_date, parse_number, parse_text
from conversations.forms.review import (
    AGAIN,
    REVIEW,
    ask_review,
    finish_review,
    on_review,
    review_start,
)
from conversations.forms.schema import Form, Question
from conversations.forms.scoring import result_replies, scores
from conversations.replies import Ask, Choice, Reply, Say
from conversations.text import Msg, _

BACK, SKIP, DONE, TYPE = "nav:back", "nav:skip", "nav:done", "nav:text"
#: Under a question a form adds to its source (`own: true`), e.g. to the draaiboek's evaluation.
OWN_QUESTION = _("(An extra question from Wegwijzer.)")


class FormData(BaseModel):
    form_id: str
    version: int = 0
    started: str = ""
    current: str | None = None
    trail: list[str] = []
    answers: dict[str, Any] = {}
    selected: list[str] = []
    text_instead: bool = False
    review: bool = False  # changing one answer of an intake (conversations/forms/review.py)


def voice_ok(question: Question, answers: Mapping[str, Any]) -> bool:
    """A voice note is welcome here: the question takes one, and consent was given if asked."""
    return question.voice and (question.voice_if is None or answers.get(question.voice_if) == "yes")


def visible(form: Form, question: Question, answers: Mapping[str, Any]) -> bool:
    cond = question.show_if
    if cond is None:
        return True
    given = answers.get(cond.question)
    picked = set(given) if isinstance(given, list) else {given}
    return bool(picked & set(cond.any_of))


def next_question(form: Form, after: str | None, answers: Mapping[str, Any]) -> str | None:
    ids = [q.id for q in form.questions]
    start = 0 if after is None else ids.index(after) + 1
    for q in form.questions[start:]:
        if visible(form, q, answers):
            return q.id
    return None


class FormFlow:
    """Builds the `form` flow over a library of forms (content is data; the flow stays pure)."""

    def __init__(self, forms: Mapping[str, Form]) -> None:
        self.forms = dict(forms)
        self.flow: Flow[FormData] = Flow(
            name="form",
            data_model=FormData,
            initial="question",
            entry=self._entry,
            entry_targets=frozenset({"question", REVIEW}),
            states=states(
                State(
                    "question", self._ask, self._handle, frozenset({"question", REVIEW, FINISH})
                ),
                State(REVIEW, self._ask_review, self._on_review, frozenset({"question", FINISH})),
            ),
        )

    # --- asking -------------------------------------------------------------------------

    def _entry(self, ctx: Ctx, data: FormData) -> Step:
        form = self.forms[data.form_id]
        if data.current is not None:  # resuming an unfinished response
            return Step(goto="question")
        if data.started and data.answers and data.version == form.version:
            # an unfinished response picked up again: continue after the last answer
            upcoming = next(
                (q.id for q in form.questions
                 if q.id not in data.answers and visible(form, q, data.answers)),
                None,
            )  # fmt: skip
            if upcoming is not None:
                trail = [q.id for q in form.questions if q.id in data.answers]
                again = data.model_copy(update={"current": upcoming, "trail": trail})
                back = _("Welcome back. Let us continue where you left off.")
                return Step(goto="question", data=again, replies=[Say(text=back)])
        return review_start(ctx, form, data) or self._fresh(ctx, form)

    def _fresh(self, ctx: Ctx, form: Form) -> Step:
        first = next_question(form, None, {})
        fresh = FormData(
            form_id=form.id, version=form.version, started=ctx.now.isoformat(), current=first
        )
        intro = [
            Say(text=Msg(msgid=form.title)),
            *([Say(text=Msg(msgid=form.intro))] if form.intro else []),
        ]
        return Step(goto="question", data=fresh, replies=intro)

    def _visible(self, data: FormData) -> list[Question]:
        form = self.forms[data.form_id]
        return [q for q in form.questions if visible(form, q, data.answers)]

    def _ask_review(self, ctx: Ctx, data: FormData) -> list[Reply]:
        return ask_review(self.forms[data.form_id], data, self._visible(data))

    def _on_review(self, ctx: Ctx, data: FormData, event: Event) -> Step:
        form = self.forms[data.form_id]
        if isinstance(event, ChoiceIn) and event.choice_id == AGAIN:
            return self._fresh(ctx, form)
        return on_review(form, data, event, self._visible(data))

    def _ask(self, ctx: Ctx, data: FormData) -> list[Reply]:
        form = self.forms[data.form_id]
        assert data.current is not None
        q = form.question(data.current)
        text, choices = self._question_text(q, data), self._choices(q, data)
        return [Ask(text=text, choices=choices, numeric=q.type == "number")]

    @staticmethod
    def _question_text(q: Question, data: FormData) -> Msg:
        text = Msg(msgid=q.text)
        hint: Msg | None = None
        if q.type == "multi":
            hint = _("Choose one or more, then tap “Done”.")
        elif q.type == "scale" and q.min_label and q.max_label:
            hint = _(
                "{min} = {min_label}, {max} = {max_label}",
                min=q.min or 0,
                max=q.max or 0,
                min_label=Msg(msgid=q.min_label),
                max_label=Msg(msgid=q.max_label),
            )
        elif q.type == "text" and voice_ok(q, data.answers):
            hint = _("Type your answer, or send a voice message if you prefer to speak.")
        elif q.type == "date":
            hint = _("Send a date, for example 25/03/2027.")
        elif q.type == "media" and not data.text_instead:
            hint = _("Send it here as a message. You can also type your answer instead.")
        if q.help:
            text = _("{question}\n\n{help}", question=text, help=Msg(msgid=q.help))
        if q.own:  # not from the source document the form follows: say so
            text = _("{question}\n\n{help}", question=text, help=OWN_QUESTION)
        if hint is not None:
            text = _("{question}\n\n{hint}", question=text, hint=hint)
        return text

    @staticmethod
    def _choices(q: Question, data: FormData) -> tuple[Choice, ...]:
        choices: list[Choice] = []
        if q.type in ("single", "multi"):
            for o in q.options:
                label = Msg(msgid=o.label)
                if q.type == "multi" and o.id in data.selected:
                    label = _("✓ {option}", option=label)
                choices.append(Choice(id=f"opt:{o.id}", label=label))
        elif q.type == "yesno":
            choices += [Choice(id="opt:yes", label=_("Yes")), Choice(id="opt:no", label=_("No"))]
        elif q.type == "scale":
            assert q.min is not None and q.max is not None
            choices += [
                Choice(id=f"opt:{n}", label=Msg.plain(str(n))) for n in range(q.min, q.max + 1)
            ]
        if q.type == "multi":
            choices.append(Choice(id=DONE, label=_("Done")))
        if q.type == "media" and not data.text_instead:
            choices.append(Choice(id=TYPE, label=_("Type my answer instead")))
        if q.optional:
            choices.append(Choice(id=SKIP, label=_("Skip this question")))
        if data.trail or data.review:
            choices.append(Choice(id=BACK, label=_("Back")))
        return tuple(choices)

    # --- answering ----------------------------------------------------------------------

    def _handle(self, ctx: Ctx, data: FormData, event: Event) -> Step:
        form = self.forms[data.form_id]
        assert data.current is not None
        q = form.question(data.current)
        choice = event.choice_id if isinstance(event, ChoiceIn) else None
        if choice == BACK and data.review and not data.trail:  # to the list of answers
            return Step(goto=REVIEW, data=data.model_copy(update={"current": None, "selected": []}))
        if choice == BACK and data.trail:
            previous = data.trail[-1]
            back = data.model_copy(
                update={
                    "current": previous,
                    "trail": data.trail[:-1],
                    "selected": [],
                    "text_instead": False,
                }
            )
            return Step(goto="question", data=back)
        if choice == SKIP and q.optional:
            return self._advance(ctx, form, data, q, None)
        if choice == TYPE and q.type == "media":
            return Step(goto="question", data=data.model_copy(update={"text_instead": True}))
        if q.type == "multi" and choice is not None and choice.startswith("opt:"):
            return self._toggle(q, data, choice.removeprefix("opt:"), event)
        if q.type == "multi" and choice == DONE:
            if not data.selected and not q.optional:
                return Step.retry(_("Please choose at least one option, then tap “Done”."))
            return self._advance(ctx, form, data, q, list(data.selected))
        value, problem = self._parse(ctx, q, data, event)
        if problem is not None:
            return Step.retry(problem)
        return self._advance(ctx, form, data, q, value)

    def _parse(self, ctx: Ctx, q: Question, data: FormData, event: Event) -> Parsed:
        if isinstance(event, OtherIn):
            return None, unusable_input(event)
        if q.type in ("single", "yesno", "scale", "multi"):
            picked = event.choice_id.removeprefix("opt:") if isinstance(event, ChoiceIn) else None
            if picked is None or picked not in self._option_values(q):
                return None, not_a_choice(event)
            return (int(picked) if q.type == "scale" else picked), None
        if q.type == "number":
            return parse_number(q, event)
        if q.type == "date":
            return parse_date(q, event, ctx)
        if q.type == "media" and not data.text_instead:
            if isinstance(event, MediaIn):
                return check_media(q, event)
            return None, _(
                "Please send a photo, a voice message or a file, or tap “Type my answer instead”."
            )
        if isinstance(event, MediaIn) and q.voice and not voice_ok(q, data.answers):
            return None, _("Please type your answer: without your “yes” we keep no voice messages.")
        if isinstance(event, MediaIn) and not (q.voice and event.media_kind in ("voice", "audio")):
            return None, unusable_input(event)
        return parse_text(q, event)

    @staticmethod
    def _option_values(q: Question) -> tuple[str, ...]:
        if q.type == "scale":
            assert q.min is not None and q.max is not None
            return tuple(str(n) for n in range(q.min, q.max + 1))
        return q.option_ids()

    @staticmethod
    def _toggle(q: Question, data: FormData, option: str, event: Event) -> Step:
        if option not in q.option_ids():
            return Step.retry(not_a_choice(event))
        selected = [s for s in data.selected if s != option]
        if option not in data.selected:
            selected.append(option)
        order = {oid: i for i, oid in enumerate(q.option_ids())}
        selected.sort(key=order.__getitem__)
        toggled = data.model_copy(update={"selected": selected})
        text, choices = FormFlow._question_text(q, toggled), FormFlow._choices(q, toggled)
        return Step(replies=[Ask(text=text, choices=choices, in_place=True)], data=toggled)

    def _advance(self, ctx: Ctx, form: Form, data: FormData, q: Question, value: Any) -> Step:
        answers = {**data.answers, q.id: value}
        if data.review:  # one answer changed: all of them saved as the newest intake
            ids = {x.id for x in form.questions}  # answers kept from an older form version
            hidden = tuple(
                k for k in answers if k not in ids or not visible(form, form.question(k), answers)
            )
            return finish_review(ctx, form, data, answers, hidden)
        save = SaveAnswer(
            form_id=form.id,
            version=data.version,
            started=data.started,
            question_id=q.id,
            value=value,
        )
        upcoming = next_question(form, q.id, answers)
        told = self._right_answer(q, value)
        if upcoming is None:
            totals = scores(form, answers)
            hidden = tuple(qid for qid in answers if not visible(form, form.question(qid), answers))
            finish = FinishResponse(
                form_id=form.id,
                version=data.version,
                started=data.started,
                scores=totals,
                drop=hidden,
                answers={k: v for k, v in answers.items() if k not in hidden},
            )
            outro = Msg(msgid=form.outro) if form.outro else _("Thank you! Your answers are saved.")
            replies: list[Reply] = [
                *told,
                Say(text=outro),
                *result_replies(form, totals, ctx.previous, ctx.timezone),
            ]
            return Step(finish=True, effects=[save, finish], replies=replies, then=form.then)
        moved = data.model_copy(
            update={
                "current": upcoming,
                "trail": [*data.trail, q.id],
                "answers": answers,
                "selected": [],
                "text_instead": False,
            }
        )
        return Step(goto="question", data=moved, effects=[save], replies=told)

    @staticmethod
    def _right_answer(q: Question, value: Any) -> list[Reply]:
        """After a quiz question with a right answer: say which, and why (not after a skip)."""
        if q.correct is None or value is None:
            return []
        right = next(o for o in q.options if o.id == q.correct)
        explanation = Msg(msgid=q.explanation) if q.explanation else Msg.plain("")
        text = _(
            "The right answer: {answer}\n{explanation}",
            answer=Msg(msgid=right.label),
            explanation=explanation,
        )
        return [Say(text=text)]
