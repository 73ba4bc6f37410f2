"""Transparent quiz scoring: a dimension's score is the sum of the scores of what was picked.

Each dimension declares levels ("up to N points: this advice"); the first level whose bound is
not exceeded applies, and a level without bound catches the rest. Recommendations say where in
the journey to start: the first whose dimension scored at most its bound, else the default.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from conversations.context import PreviousResult
from conversations.forms.schema import Dimension, Form, Level, Recommendation
from conversations.replies import Bar, Chart, Reply, Say
from conversations.text import Msg, _


def scores(form: Form, answers: Mapping[str, Any]) -> dict[str, float]:
    totals = {d.id: 0.0 for d in form.dimensions}
    for q in form.questions:
        if q.dimension is None or q.id not in answers or answers[q.id] is None:
            continue
        value = answers[q.id]
        if q.type == "yesno":
            totals[q.dimension] += q.yes_score if value == "yes" else q.no_score
        elif q.type in ("single", "multi"):
            picked = set(value) if isinstance(value, list) else {value}
            totals[q.dimension] += sum(o.score for o in q.options if o.id in picked)
        elif q.type == "scale" and isinstance(value, int):
            totals[q.dimension] += value
    return totals


def level_for(dimension: Dimension, score: float) -> Level:
    for level in dimension.levels:
        if level.up_to is None or score <= level.up_to:
            return level
    return dimension.levels[-1]


def recommendation(form: Form, totals: Mapping[str, float]) -> Recommendation | None:
    for rec in form.recommendations:
        if rec.dimension is None or rec.up_to is None:
            return rec
        if totals.get(rec.dimension, 0.0) <= rec.up_to:
            return rec
    return None


def maximum(form: Form, dimension: str) -> float:
    """The highest score a dimension can reach, for charts (bars as a share of it)."""
    total = 0.0
    for q in form.questions:
        if q.dimension != dimension:
            continue
        if q.type == "yesno":
            total += max(q.yes_score, q.no_score)
        elif q.type == "multi":
            total += sum(max(o.score, 0) for o in q.options)
        elif q.type == "single":
            total += max(o.score for o in q.options)
        elif q.type == "scale" and q.max is not None:
            total += q.max
    return total


def chart(form: Form, totals: Mapping[str, float]) -> Chart:
    bars = tuple(
        Bar(label=Msg(msgid=d.label), value=totals.get(d.id, 0.0) / (maximum(form, d.id) or 1))
        for d in form.dimensions
    )
    return Chart(title=Msg(msgid=form.title), bars=bars, file_name=f"{form.id}.png")


def result_replies(
    form: Form,
    totals: Mapping[str, float],
    previous: PreviousResult | None = None,
    timezone: str = "Europe/Brussels",
) -> list[Reply]:
    replies: list[Reply] = [chart(form, totals)] if form.dimensions else []
    if previous is not None and form.dimensions:
        replies.append(
            Say(
                text=_(
                    "You took this quiz before, on {date}. Next to each point you see your score "
                    "then and now.",
                    date=previous.completed_at.astimezone(ZoneInfo(timezone)).date(),
                )
            )
        )
    for dimension in form.dimensions:
        score = totals.get(dimension.id, 0.0)
        level = level_for(dimension, score)
        label, level_label = Msg(msgid=dimension.label), Msg(msgid=level.label)
        if previous is not None and dimension.id in previous.scores:
            heading = _(
                "{dimension}: {level} (score {now}, last time {before})",
                dimension=label,
                level=level_label,
                now=score,
                before=previous.scores[dimension.id],
            )
        else:
            heading = _("{dimension}: {level}", dimension=label, level=level_label)
        advice: Msg = Msg(msgid=level.advice)
        if level.own:  # not the draaiboek's: say so, never pass it off as the source's
            advice = _("Wegwijzer's suggestion (not in the draaiboek): {advice}", advice=advice)
        replies.append(Say(text=_("{heading}\n{advice}", heading=heading, advice=advice)))
    rec = recommendation(form, totals)
    if rec is not None:
        replies.append(Say(text=_("Where to start: {advice}", advice=Msg(msgid=rec.text))))
    if form.result_note is not None:
        replies.append(Say(text=Msg(msgid=form.result_note)))
    return replies
