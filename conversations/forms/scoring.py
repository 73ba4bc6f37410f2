"""Transparent quiz scoring: a dimension's score is the sum of the scores of what was picked.

Each dimension declares levels ("up to N points: this advice"); the first level whose bound is
not exceeded applies, and a level without bound catches the rest.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from conversations.forms.schema import Dimension, Form, Level
from conversations.replies import Reply, Say
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


def result_replies(form: Form, totals: Mapping[str, float]) -> list[Reply]:
    replies: list[Reply] = []
    for dimension in form.dimensions:
        level = level_for(dimension, totals.get(dimension.id, 0.0))
        heading = _(
            "{dimension}: {level}",
            dimension=Msg(msgid=dimension.label),
            level=Msg(msgid=level.label),
        )
        replies.append(
            Say(text=_("{heading}\n{advice}", heading=heading, advice=Msg(msgid=level.advice)))
        )
    return replies
