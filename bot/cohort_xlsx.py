"""The cohort as an XLSX workbook (openpyxl) and its media as a zip.

Sheets: exchanges, agendas, one per evaluating role, actions, shared reflections (text and
media paths, only what the authors shared with the coordinator), and the aggregate report.
Column headers are stable identifiers, so spreadsheets and scripts built on them keep working
in any language; the report sheet is written in the reader's language. Media paths are
relative to the zip, which holds exactly the shared files.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from bot.cells import cell
from bot.cohort import EVALUATING, Cohort, seats
from bot.cohort_report import cohort_report
from bot.safe_text import spreadsheet_cell
from conversations.agenda_model import AgendaContent, Answer, Note
from conversations.forms.schema import Form
from conversations.text import Msg

Render = Callable[[Msg], str]


def _local(moment: datetime | None, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M") if moment else ""


def _answer(answer: Answer | None) -> str:
    if answer is None:
        return ""
    if answer.text is not None:
        return answer.text
    return str((answer.media or {}).get("path") or "(voice)")


def _notes(notes: Iterable[Note], cohort: Cohort) -> str:
    """One line per note, its author by current name (notes keep an id; older ones a name)."""

    def author(note: Note) -> str:
        if note.author_id is not None:
            return cohort.name(note.author_id)
        return "(erased)" if note.left else note.author or "?"

    return "\n".join(f"{author(n)}: {_answer(n.answer)}" for n in notes)


def _sheet(
    book: Workbook, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    sheet = book.create_sheet(title)
    sheet.append(list(header))
    for row in rows:
        sheet.append([_safe(v) for v in row])
    sheet.freeze_panes = "A2"
    for index, name in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(48, len(name) + 4))


def _safe(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula is kept as text (CSV/XLSX injection), and
    characters openpyxl refuses (a `\\x0b` pasted from Word) are dropped instead of failing."""
    return spreadsheet_cell(value)


def _exchanges(cohort: Cohort, tz: ZoneInfo) -> list[list[Any]]:
    rows = []
    for x in cohort.exchanges:
        days = sorted(x.days)
        hours = sum((end - start).total_seconds() for start, end in days) / 3600
        day2 = days[1] if len(days) > 1 else (None, None)
        rows.append(
            [
                x.id, x.status, cohort.name(x.switcher_id), cohort.name(x.coach_id),
                cohort.name(x.coordinator_id), cohort.name(x.sending_contact_id),
                cohort.name(x.host_contact_id), x.sending_org or "", x.host_org or "", x.place,
                _local(days[0][0], tz), _local(days[0][1], tz), _local(day2[0], tz),
                _local(day2[1], tz), round(hours, 2), _local(x.certificate_at, tz),
            ]
        )  # fmt: skip
    return rows


def _agendas(cohort: Cohort, tz: ZoneInfo) -> list[list[Any]]:
    rows = []
    for x in cohort.exchanges:
        found = cohort.agendas.get(x.switcher_id)
        if found is None:
            continue
        content = AgendaContent.model_validate(found.content)
        goals = "\n".join(g.text for g in content.goals)
        rows.append(
            [
                x.id, cohort.name(x.switcher_id), found.version, _local(found.created_at, tz),
                _answer(content.trigger), _answer(content.question), goals,
                _answer(content.see_do), _answer(content.whom), _answer(content.curious),
                _notes([content.programme] if content.programme else [], cohort),
                _notes(content.day2_questions, cohort), _notes(content.comments, cohort),
            ]
        )  # fmt: skip
    return rows


def build_workbook(
    cohort: Cohort, forms: Mapping[str, Form], render: Render, timezone: str
) -> bytes:
    out = io.BytesIO()
    save_workbook(cohort, forms, render, timezone, out)
    return out.getvalue()


def save_workbook(
    cohort: Cohort, forms: Mapping[str, Form], render: Render, timezone: str, out: BinaryIO
) -> None:
    """The workbook written straight into `out` (a file), not collected in memory first."""
    tz = ZoneInfo(timezone)
    book = Workbook()
    assert book.active is not None
    book.remove(book.active)
    _sheet(
        book,
        "exchanges",
        ["exchange", "status", "switcher", "learning_coach", "coordinator", "sending_contact",
         "host_contact", "sending_org", "host_org", "place", "day1_start", "day1_end",
         "day2_start", "day2_end", "hours", "certificate_issued"],
        _exchanges(cohort, tz),
    )  # fmt: skip
    _sheet(
        book,
        "agendas",
        ["exchange", "switcher", "version", "saved", "why_now", "learning_question", "goals",
         "see_do", "whom", "curious", "programme", "day2_questions", "comments"],
        _agendas(cohort, tz),
    )  # fmt: skip
    for part in EVALUATING:
        _evaluation_sheet(book, cohort, part, forms, tz)
    _sheet(
        book,
        "actions",
        ["exchange", "person", "part", "action", "status", "note", "named", "last_update"],
        [
            [a.exchange_id, cohort.name(a.person_id), a.part, a.text, a.status, a.note or "",
             _local(a.created_at, tz), _local(a.checked_at, tz)]
            for a in cohort.actions
        ],
    )  # fmt: skip
    _sheet(
        book,
        "shared_reflections",
        ["reflection", "exchange", "author", "part", "kind", "shared_with", "created", "item",
         "text", "media"],
        [
            [s.reflection_id, s.exchange_id, cohort.name(s.author_id), s.part, s.kind,
             s.visibility, _local(s.created_at, tz), s.item_kind, s.text or "",
             s.media_path or ""]
            for s in cohort.shared
        ],
    )  # fmt: skip
    _sheet(book, "report", ["report"], [[render(line)] for line in cohort_report(cohort, forms)])
    book.save(out)


def _evaluation_sheet(
    book: Workbook, cohort: Cohort, part: str, forms: Mapping[str, Form], tz: ZoneInfo
) -> None:
    evaluations = [e for e in cohort.evaluations if e.part == part]
    form_id = next(iter({e.form_id for e in evaluations}), f"evaluation_{part}")
    form = forms.get(form_id)
    questions = [q.id for q in form.questions] if form else []
    rows = []
    for e in evaluations:
        answers = e.response.answers if e.response else {}
        completed = e.response.completed_at if e.response else None
        status = "answered" if e.response else ("asked" if e.asked else "not_asked_yet")
        rows.append(
            [e.exchange_id, cohort.name(e.person_id), status, _local(completed, tz)]
            + [cell(answers.get(q)) for q in questions]
        )
    _sheet(book, f"evaluation_{part}"[:31], ["exchange", "person", "status", "completed",
                                            *questions], rows)  # fmt: skip


def media_paths(cohort: Cohort) -> list[str]:
    """Exactly the files of shared reflections and of evaluation answers, each once."""
    paths = [s.media_path for s in cohort.shared if s.media_path]
    for e in cohort.evaluations:
        for value in (e.response.answers if e.response else {}).values():
            if isinstance(value, dict) and value.get("path"):
                paths.append(str(value["path"]))
    return list(dict.fromkeys(paths))


def write_media_zip(cohort: Cohort, data_dir: Path, out: Path) -> int:
    written = 0
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for relative in media_paths(cohort):
            source = data_dir / relative
            if source.is_file():
                archive.write(source, arcname=relative)
                written += 1
    return written


__all__ = ["build_workbook", "media_paths", "save_workbook", "seats", "write_media_zip"]
