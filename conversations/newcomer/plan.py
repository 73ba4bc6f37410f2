"""A newcomer's step plan, built from their intake answers and the plan content. Pure: the
same answers and content always give the same plan, so every profile is easy to test."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from conversations.newcomer.plan_model import PlanContent, PlanStep, Track


def _picked(value: Any) -> set[str]:
    if isinstance(value, list | tuple):
        return {str(v) for v in value}
    return set() if value is None else {str(value)}


def applies(step: PlanStep, answers: Mapping[str, Any]) -> bool:
    """Every `when` rule holds (an unanswered question does not) and no `unless` rule does."""
    for question, options in step.when.items():
        if not _picked(answers.get(question)) & set(options):
            return False
    return not any(
        _picked(answers.get(question)) & set(options) for question, options in step.unless.items()
    )


def track_of(content: PlanContent, answers: Mapping[str, Any]) -> Track | None:
    sector = answers.get(content.sector_question)
    return next((t for t in content.tracks if t.id == sector), None)


def build_plan(content: PlanContent, answers: Mapping[str, Any]) -> list[PlanStep]:
    """The general steps that apply, with the chosen sector's track after its anchor step."""
    track = track_of(content, answers)
    plan: list[PlanStep] = []
    for step in content.steps:
        if applies(step, answers):
            plan.append(step)
        if track is not None and track.after == step.id:
            plan += [s for s in track.steps if applies(s, answers)]
    return plan


def progress_with_matches(
    plan: list[PlanStep], progress: Mapping[str, str], matched: set[str]
) -> dict[str, str]:
    """The stored progress, with steps like "find a mentor" done once one has accepted."""
    found = dict(progress)
    for step in plan:
        if step.done_when_matched in matched and found.get(step.id) != "not_for_me":
            found[step.id] = "done"
    return found
