"""The cohort as an XLSX workbook (openpyxl) a coordinator can work with (walkthrough 21).

Sheets: exchanges, agendas, one per evaluating role, actions, shared reflections (text and
media, only what the authors shared with the coordinator), and the aggregate report. Each sheet
has two header rows: the column names in the reader's language, then stable identifiers, so
spreadsheets and scripts built on them keep working in any language (`bot/cohort_sheet.py`).
Values that are ids in the database are written as the reader's words, ratings as numbers,
goals with how you will notice them and by when. Media cells name the file in the media zip
(`bot/cohort_media.py`), which holds exactly the shared files.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo

from openpyxl import Workbook

from bot.cohort import EVALUATING, Cohort, seats
from bot.cohort_media import media_names
from bot.cohort_report import cohort_report
from bot.cohort_sheet import Column, Labels, sheet
from conversations.agenda_model import AgendaContent, Answer, Goal, Note
from conversations.forms.schema import Form
from conversations.text import Msg, _

Render = Callable[[Msg], str]


def _local(moment: datetime | None, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M") if moment else ""


class _Book:
    """What every sheet needs: the reader's words, time zone and the media's names."""

    def __init__(self, cohort: Cohort, render: Render, timezone: str) -> None:
        self.cohort, self.render, self.tz = cohort, render, ZoneInfo(timezone)
        self.labels = Labels(render)
        self.media = media_names(cohort, timezone)

    def file(self, path: Any) -> str:
        return self.media.get(str(path), str(path)) if path else ""

    def answer(self, answer: Answer | None) -> str:
        if answer is None:
            return ""
        if answer.text is not None:
            return answer.text
        path = (answer.media or {}).get("path")
        return self.file(path) if path else self.render(_("(voice note)"))

    def notes(self, notes: Iterable[Note]) -> str:
        """One line per note, its author by current name (notes keep an id; older ones a
        name)."""

        def author(note: Note) -> str:
            if note.author_id is not None:
                return self.cohort.name(note.author_id)
            return "(erased)" if note.left else note.author or "?"

        return "\n".join(f"{author(n)}: {self.answer(n.answer)}" for n in notes)

    def goal(self, goal: Goal) -> str:
        """A goal with how you will notice it and by when (walkthrough 21)."""
        lines = [goal.text]
        if goal.observable:
            lines.append(self.render(_("How you will notice it: {how}", how=goal.observable)))
        if goal.by_when:
            lines.append(self.render(_("By when: {when}", when=goal.by_when)))
        return "\n".join(lines)


EXCHANGES: list[Column] = [
    ("exchange", _("Exchange")), ("status", _("Status")), ("switcher", _("Switcher")),
    ("learning_coach", _("Learning coach")), ("coordinator", _("Coordinator")),
    ("sending_contact", _("Contact at the sending employer")),
    ("host_contact", _("Contact at the host employer")),
    ("sending_org", _("Sending organisation")), ("host_org", _("Host organisation")),
    ("place", _("Place")), ("day1_start", _("Day 1 from")), ("day1_end", _("Day 1 until")),
    ("day2_start", _("Day 2 from")), ("day2_end", _("Day 2 until")), ("hours", _("Hours")),
    ("certificate_issued", _("Certificate issued")),
]  # fmt: skip
AGENDAS: list[Column] = [
    ("exchange", _("Exchange")), ("switcher", _("Switcher")), ("version", _("Version")),
    ("saved", _("Saved")), ("why_now", _("Why now")),
    ("learning_question", _("Learning question")), ("goals", _("Learning goals")),
    ("see_do", _("What to see and do")), ("whom", _("Whom to meet")),
    ("curious", _("Curious about")), ("programme", _("Day programme")),
    ("day2_questions", _("Questions for day 2")), ("comments", _("Comments")),
]  # fmt: skip
ACTIONS: list[Column] = [
    ("exchange", _("Exchange")), ("person", _("Person")), ("part", _("Role")),
    ("action", _("Action")), ("status", _("Status")), ("note", _("Note")),
    ("named", _("Named")), ("last_update", _("Last update")),
]  # fmt: skip
SHARED: list[Column] = [
    ("reflection", _("Reflection")), ("exchange", _("Exchange")), ("author", _("Author")),
    ("part", _("Role")), ("kind", _("Kind")), ("shared_with", _("Shared with")),
    ("created", _("Written")), ("item", _("Item")), ("text", _("Text")),
    ("media", _("File in the media zip")),
]  # fmt: skip


def _exchanges(book: _Book) -> list[list[Any]]:
    rows, cohort, tz = [], book.cohort, book.tz
    for x in cohort.exchanges:
        days = sorted(x.days)
        hours = sum((end - start).total_seconds() for start, end in days) / 3600
        day2 = days[1] if len(days) > 1 else (None, None)
        rows.append(
            [
                x.id, book.labels.value("status", x.status), cohort.name(x.switcher_id),
                cohort.name(x.coach_id), cohort.name(x.coordinator_id),
                cohort.name(x.sending_contact_id), cohort.name(x.host_contact_id),
                x.sending_org or "", x.host_org or "", x.place,
                _local(days[0][0], tz), _local(days[0][1], tz), _local(day2[0], tz),
                _local(day2[1], tz), round(hours, 2), _local(x.certificate_at, tz),
            ]
        )  # fmt: skip
    return rows


def _agendas(book: _Book) -> list[list[Any]]:
    rows, cohort = [], book.cohort
    for x in cohort.exchanges:
        found = cohort.agendas.get(x.switcher_id)
        if found is None:
            continue
        content = AgendaContent.model_validate(found.content)
        rows.append(
            [
                x.id, cohort.name(x.switcher_id), found.version, _local(found.created_at, book.tz),
                book.answer(content.trigger), book.answer(content.question),
                "\n\n".join(book.goal(g) for g in content.goals),
                book.answer(content.see_do), book.answer(content.whom),
                book.answer(content.curious),
                book.notes([content.programme] if content.programme else []),
                book.notes(content.day2_questions), book.notes(content.comments),
            ]
        )  # fmt: skip
    return rows


def build_workbook(
    cohort: Cohort, forms: Mapping[str, Form], render: Render, timezone: str, rtl: bool = False
) -> bytes:
    out = io.BytesIO()
    save_workbook(cohort, forms, render, timezone, out, rtl)
    return out.getvalue()


def save_workbook(
    cohort: Cohort,
    forms: Mapping[str, Form],
    render: Render,
    timezone: str,
    out: BinaryIO,
    rtl: bool = False,
) -> None:
    """The workbook written straight into `out` (a file), not collected in memory first;
    `rtl`: sheets read right to left (an Arabic or Persian reader)."""
    book = _Book(cohort, render, timezone)
    wb = Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    labels, tz = book.labels, book.tz
    sheet(wb, "exchanges", EXCHANGES, _exchanges(book), render, rtl)
    sheet(wb, "agendas", AGENDAS, _agendas(book), render, rtl)
    for part in EVALUATING:
        _evaluation_sheet(wb, book, part, forms, rtl)
    sheet(
        wb, "actions", ACTIONS,
        [
            [a.exchange_id, cohort.name(a.person_id), labels.value("part", a.part), a.text,
             labels.value("action", a.status), a.note or "", _local(a.created_at, tz),
             _local(a.checked_at, tz)]
            for a in cohort.actions
        ],
        render, rtl,
    )  # fmt: skip
    sheet(
        wb, "shared_reflections", SHARED,
        [
            [s.reflection_id, s.exchange_id, cohort.name(s.author_id),
             labels.value("part", s.part), labels.value("kind", s.kind),
             labels.value("shared_with", s.visibility), _local(s.created_at, tz),
             labels.value("item", s.item_kind), s.text or "", book.file(s.media_path)]
            for s in cohort.shared
        ],
        render, rtl,
    )  # fmt: skip
    sheet(wb, "report", [("report", _("Report"))],
          [[render(line)] for line in cohort_report(cohort, forms)], render, rtl)  # fmt: skip
    wb.save(out)


def _evaluation_sheet(
    wb: Workbook, book: _Book, part: str, forms: Mapping[str, Form], rtl: bool
) -> None:
    evaluations = [e for e in book.cohort.evaluations if e.part == part]
    form_id = next(iter({e.form_id for e in evaluations}), f"evaluation_{part}")
    form = forms.get(form_id)
    questions = list(form.questions) if form else []
    rows = []
    for e in evaluations:
        answers = e.response.answers if e.response else {}
        completed = e.response.completed_at if e.response else None
        status = "answered" if e.response else ("asked" if e.asked else "not_asked_yet")
        cells: list[Any] = []
        for q in questions:
            value = answers.get(q.id)
            if isinstance(value, dict) and value.get("path"):
                cells.append(book.file(value["path"]))
            else:
                cells.append(book.labels.answer(q, value))
        rows.append(
            [e.exchange_id, book.cohort.name(e.person_id), book.labels.value("evaluation", status),
             _local(completed, book.tz), *cells]
        )  # fmt: skip
    columns: list[Column] = [
        ("exchange", _("Exchange")), ("person", _("Person")), ("status", _("Status")),
        ("completed", _("Answered on")), *[(q.id, Msg(msgid=q.text)) for q in questions],
    ]  # fmt: skip
    sheet(wb, f"evaluation_{part}"[:31], columns, rows, book.render, rtl)


__all__ = ["build_workbook", "save_workbook", "seats"]
