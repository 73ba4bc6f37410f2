"""Sectors, languages, regions and Dutch levels as the intake names them, so supporters'
profiles, offers and introductions use the same ids and the same translated labels."""

from __future__ import annotations

from dataclasses import dataclass, field

from conversations.forms.schema import Form
from conversations.newcomer.plan_model import PlanContent
from conversations.text import Msg, _

INTAKE = "newcomer_intake"
KIND_LABELS: dict[str, Msg] = {"mentor": _("mentor"), "career_coach": _("career coach")}


@dataclass(frozen=True)
class Vocabulary:
    sectors: dict[str, Msg] = field(default_factory=dict)
    languages: dict[str, Msg] = field(default_factory=dict)
    regions: dict[str, Msg] = field(default_factory=dict)
    dutch_levels: dict[str, Msg] = field(default_factory=dict)
    #: Step titles of the plan, so an introduction can say which step help is asked for.
    steps: dict[str, Msg] = field(default_factory=dict)

    def label(self, table: dict[str, Msg], key: str | None) -> Msg:
        return table.get(key or "", Msg.plain(key or "–"))

    def labels(self, table: dict[str, Msg], keys: tuple[str, ...] | list[str]) -> tuple[Msg, ...]:
        return tuple(self.label(table, k) for k in keys) or (Msg.plain("–"),)


def _options(form: Form | None, question: str) -> dict[str, Msg]:
    if form is None or question not in {q.id for q in form.questions}:
        return {}
    return {o.id: Msg(msgid=o.label) for o in form.question(question).options}


def vocabulary(intake: Form | None, plan: PlanContent | None = None) -> Vocabulary:
    languages = {k: v for k, v in _options(intake, "languages").items() if k != "other"}
    steps = {s.id: Msg(msgid=s.title) for s in plan.all_steps()} if plan else {}
    return Vocabulary(
        steps=steps,
        sectors=_options(intake, "sector"),
        languages={"nl": _("Dutch"), **languages},
        regions=_options(intake, "region"),
        dutch_levels=_options(intake, "dutch_level"),
    )
