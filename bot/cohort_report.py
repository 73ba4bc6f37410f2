"""The short aggregate report on a cohort: counts, response rates per role and average ratings
per question. The same lines go to the coordinator in chat and into the export's report sheet.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from bot.cohort import EVALUATING, Cohort, numeric
from conversations.exchange_model import PART_LABELS, Part
from conversations.forms.schema import Form
from conversations.text import Msg, _, _n


def cohort_report(cohort: Cohort, forms: Mapping[str, Form]) -> list[Msg]:
    if not cohort.exchanges:
        return [_("There are no exchanges to report on yet.")]
    statuses = Counter(x.status for x in cohort.exchanges)
    lines = [
        _n(
            "{count} exchange: {planned} planned, {confirmed} confirmed, {done} done, "
            "{cancelled} cancelled.",
            "{count} exchanges: {planned} planned, {confirmed} confirmed, {done} done, "
            "{cancelled} cancelled.",
            len(cohort.exchanges),
            planned=statuses["planned"],
            confirmed=statuses["confirmed"],
            done=statuses["done"],
            cancelled=statuses["cancelled"],
        ),
        _(
            "Reflections: {switcher} by switchers, {coach} by learning coaches, {shared} shared "
            "with the coordinator. Feedback from learning coaches: {feedback}.",
            switcher=cohort.reflections.get("switcher", 0),
            coach=cohort.reflections.get("learning_coach", 0),
            shared=len({item.reflection_id for item in cohort.shared}),
            feedback=cohort.feedback,
        ),
    ]
    for part in EVALUATING:
        lines += _evaluation_lines(cohort, part, forms)
    lines.append(_actions_line(cohort))
    for session in cohort.sessions:
        answers = list(session.answers.values())
        lines.append(
            _(
                "Return session on {when}: {coming} coming, {not_coming} not coming, "
                "{unanswered} not answered yet.",
                when=session.starts_at,
                coming=answers.count(True),
                not_coming=answers.count(False),
                unanswered=answers.count(None),
            )
        )
    return lines


def _evaluation_lines(cohort: Cohort, part: str, forms: Mapping[str, Form]) -> list[Msg]:
    evaluations = [e for e in cohort.evaluations if e.part == part and (e.asked or e.response)]
    if not evaluations:
        return []
    answered = [e.response for e in evaluations if e.response is not None]
    lines = [
        _(
            "Evaluation by the {part}: {answered} of {asked} answered ({percent}%).",
            part=PART_LABELS[Part(part)],
            answered=len(answered),
            asked=len(evaluations),
            percent=round(100 * len(answered) / len(evaluations)),
        )
    ]
    form = forms.get(evaluations[0].form_id)
    if form is None:
        return lines
    for question in form.questions:
        if question.type != "scale":
            continue
        values = [v for r in answered if (v := numeric(r.answers.get(question.id))) is not None]
        if values and len(values) < cohort.min_group:
            lines.append(
                _(
                    "– {question}: too few answers to show an average without identifying "
                    "someone (at least {minimum} are needed).",
                    question=Msg(msgid=question.text),
                    minimum=cohort.min_group,
                )
            )
        elif values:
            lines.append(
                _n(
                    "– {question}: average {average} of {max} ({count} answer)",
                    "– {question}: average {average} of {max} ({count} answers)",
                    len(values),
                    question=Msg(msgid=question.text),
                    average=round(sum(values) / len(values), 1),
                    max=question.max or 5,
                )
            )
    return lines


def _actions_line(cohort: Cohort) -> Msg:
    statuses = Counter(a.status for a in cohort.actions)
    return _(
        "Follow-up actions: {total} named; {done} done, {in_progress} in progress, {open} not "
        "started, {dropped} dropped.",
        total=len(cohort.actions),
        done=statuses["done"],
        in_progress=statuses["in_progress"],
        open=statuses["open"],
        dropped=statuses["dropped"],
    )
