"""Loading content files (forms, quizzes, consultations) and explaining what is wrong with them.

Content is YAML read with `safe_load` and validated into the pydantic models of
`conversations.forms.schema`. A broken file stops start-up with one line per problem: the file,
the path inside it and what is wrong — never a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from conversations.exchange_model import Checklists
from conversations.forms.schema import Form
from conversations.newcomer.plan_model import PlanContent

CONTENT = Path(__file__).resolve().parent.parent / "conversations" / "content"
SHIPPED = CONTENT / "forms"
CHECKLISTS = "checklists.yaml"
PLAN = "newcomer_plan.yaml"


class ContentError(Exception):
    """One or more content files are invalid; `str()` lists every problem, one per line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Library:
    """All forms by id, with the file each came from."""

    forms: dict[str, Form]
    sources: dict[str, Path]
    checklists: Checklists = field(default_factory=Checklists)
    plan: PlanContent | None = None


def _where(loc: Iterable[int | str]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(top)"


def load_form(path: Path) -> Form:
    """One file; raises ContentError with readable lines."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark is not None else ""
        raise ContentError(
            [f"{path}:{line} not valid YAML ({getattr(exc, 'problem', exc)})"]
        ) from None
    except OSError as exc:
        raise ContentError([f"{path}: cannot read ({exc.strerror})"]) from None
    if not isinstance(raw, dict):
        raise ContentError([f"{path}: (top): expected a mapping of form fields"])
    try:
        return Form.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            message = str(err["msg"]).removeprefix("Value error, ")
            problems.append(f"{path}: {_where(err['loc'])}: {message}")
        raise ContentError(problems) from None


def load_checklists(path: Path) -> Checklists:
    """The preparation checklists per part; raises ContentError with readable lines."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, OSError) as exc:
        raise ContentError([f"{path}: cannot read ({exc})"]) from None
    try:
        checklists = Checklists.model_validate(raw or {})
    except ValidationError as exc:
        raise ContentError(
            [f"{path}: {_where(e['loc'])}: {e['msg']}" for e in exc.errors()]
        ) from None
    for part in ("switcher", "learning_coach", "sending_employer", "host_employer"):
        ids = [item.id for item in getattr(checklists, part)]
        if len(ids) != len(set(ids)):
            raise ContentError([f"{path}: {part}: item ids must be unique"])
    return checklists


def load_library(*directories: Path | None) -> Library:
    """Every `*.yaml` in the shipped folder and the deployment's own folder; ids must be unique."""
    forms: dict[str, Form] = {}
    sources: dict[str, Path] = {}
    problems: list[str] = []
    for directory in (SHIPPED, *directories):
        if directory is None:
            continue
        if not directory.is_dir():
            problems.append(f"{directory}: not a folder")
            continue
        for path in sorted(directory.glob("*.y*ml")):
            if path.name in (CHECKLISTS, PLAN):
                continue
            try:
                form = load_form(path)
            except ContentError as exc:
                problems.extend(exc.problems)
                continue
            if form.id in forms:
                problems.append(f"{path}: id: {form.id!r} is already used by {sources[form.id]}")
                continue
            forms[form.id], sources[form.id] = form, path
    commands = [f.command for f in forms.values() if f.command]
    for command in {c for c in commands if commands.count(c) > 1}:
        problems.append(f"command /{command} is claimed by more than one form")
    own = [d / CHECKLISTS for d in directories if d is not None and (d / CHECKLISTS).is_file()]
    try:
        checklists = load_checklists(own[-1] if own else CONTENT / CHECKLISTS)
    except ContentError as exc:
        problems.extend(exc.problems)
        checklists = Checklists()
    own_plan = [d / PLAN for d in directories if d is not None and (d / PLAN).is_file()]
    plan_path = own_plan[-1] if own_plan else CONTENT / PLAN
    plan: PlanContent | None = None
    try:
        plan = load_plan(plan_path, forms)
    except ContentError as exc:
        problems.extend(exc.problems)
    if problems:
        raise ContentError(problems)
    return Library(forms, sources, checklists, plan)


def load_plan(path: Path, forms: dict[str, Form]) -> PlanContent:
    """The newcomer step plan, checked against the intake its conditions read."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        plan = PlanContent.model_validate(raw or {})
    except (yaml.YAMLError, OSError) as exc:
        raise ContentError([f"{path}: cannot read ({exc})"]) from None
    except ValidationError as exc:
        raise ContentError(
            [f"{path}: {_where(e['loc'])}: {str(e['msg']).removeprefix('Value error, ')}"
             for e in exc.errors()]
        ) from None  # fmt: skip
    intake = forms.get(plan.intake)
    if intake is None:
        raise ContentError([f"{path}: intake: no form {plan.intake!r}"])
    questions = {q.id: q.option_ids() for q in intake.questions}
    problems = [f"{path}: {p}" for p in plan.check_against(questions)]
    if problems:
        raise ContentError(problems)
    return plan


def diagram(form: Form) -> str:
    """The form as a Mermaid flowchart: questions in order, conditions on the edges."""
    lines = ["flowchart TD", "    start([start])"]
    incoming: list[tuple[str, str | None]] = [("start", None)]

    def edge(source: str, target: str, label: str | None) -> None:
        lines.append(f"    {source} -->{f'|{label}|' if label else ''} {target}")

    for q in form.questions:
        lines.append(f'    {q.id}["{q.id}: {q.type}{" (optional)" if q.optional else ""}"]')
        condition = f"{q.show_if.question} = {' or '.join(q.show_if.any_of)}" if q.show_if else None
        for source, label in incoming:
            edge(source, q.id, condition or label)
        if q.show_if is not None:
            incoming = [(q.id, None), *((source, "otherwise") for source, _ in incoming)]
        else:
            incoming = [(q.id, None)]
    lines.append("    done([done])")
    for source, label in incoming:
        edge(source, "done", label)
    return "\n".join(lines)
