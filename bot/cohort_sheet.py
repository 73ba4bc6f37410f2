"""How a sheet of the cohort workbook is laid out for a person (walkthrough 21): the first
header row in the reader's language, the second with the stable column ids (for scripts and
formulas that must not change with the language), columns as wide as their content (capped,
long texts wrapped), right to left for Arabic and Persian readers, and labels for the values
that are ids in the database (`planned` → "gepland")."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from bot.safe_text import spreadsheet_cell
from conversations.exchange_model import PART_LABELS, STATUS_LABELS
from conversations.follow_up.model import ACTION_STATUS_LABELS
from conversations.forms.review import shown_answer
from conversations.forms.schema import Question
from conversations.text import Msg, _

Render = Callable[[Msg], str]
#: A column: its stable id (second header row) and its heading in the reader's language.
Column = tuple[str, Msg]

MIN_WIDTH, MAX_WIDTH = 8, 60
HEADER_ROWS = 2

EVALUATION_STATUS: dict[str, Msg] = {
    "answered": _("answered"),
    "asked": _("asked, no answer yet"),
    "not_asked_yet": _("not asked yet"),
}
SHARED_KIND: dict[str, Msg] = {"reflection": _("reflection"), "feedback": _("feedback")}
SHARED_WITH: dict[str, Msg] = {
    "partner": _("the partner"),
    "coordinator": _("the coordinator"),
    "partner+coordinator": _("the partner and the coordinator"),
    "both": _("the partner and the coordinator"),
}
ITEM_KIND: dict[str, Msg] = {
    "text": _("text"),
    "voice": _("voice note"),
    "audio": _("audio"),
    "video": _("video"),
    "photo": _("photo"),
    "document": _("document"),
}
#: Every value table by the kind of column it labels.
VALUES: dict[str, Mapping[str, Msg]] = {
    "status": STATUS_LABELS,
    "part": {p.value: m for p, m in PART_LABELS.items()},
    "evaluation": EVALUATION_STATUS,
    "action": ACTION_STATUS_LABELS,
    "kind": SHARED_KIND,
    "shared_with": SHARED_WITH,
    "item": ITEM_KIND,
}


class Labels:
    """The reader's words for ids and answers; an unknown id is shown as it is."""

    def __init__(self, render: Render) -> None:
        self.render = render

    def value(self, table: str, value: str | None) -> str:
        if not value:
            return ""
        found = VALUES[table].get(value)
        return self.render(found) if found is not None else value

    def answer(self, question: Question | None, value: Any) -> Any:
        """A rating or number as a number (so a spreadsheet can average it), a choice by its
        label, several choices joined; a file is named by the caller."""
        if value is None or value == []:
            return None
        if isinstance(value, bool):
            return self.render(_("Yes") if value else _("No"))
        if isinstance(value, int | float):
            return value
        if question is not None and question.type in ("scale", "number"):
            try:
                number = float(str(value).replace(",", "."))
            except ValueError:
                return str(value)
            return int(number) if number.is_integer() else number
        if question is not None and question.type in ("single", "multi", "yesno"):
            shown = shown_answer(question, value)
            parts = shown if isinstance(shown, tuple) else (shown,)
            return "; ".join(self.render(p) for p in parts)
        if isinstance(value, list):
            return "; ".join(str(v) for v in value)
        return value


def sheet(
    book: Workbook,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    render: Render,
    rtl: bool = False,
) -> None:
    """One sheet: two header rows, then the rows; frozen under the headers."""
    ws = book.create_sheet(title)
    ws.append([spreadsheet_cell(render(label)) for _id, label in columns])
    ws.append([column_id for column_id, _label in columns])
    for row in rows:
        ws.append([spreadsheet_cell(v) for v in row])
    ws.freeze_panes = f"A{HEADER_ROWS + 1}"
    ws.sheet_view.rightToLeft = rtl
    bold, quiet = Font(bold=True), Font(italic=True, color="666666", size=9)
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, column in enumerate(ws.iter_cols(), start=1):
        column[0].font, column[1].font = bold, quiet
        width = max((_longest_line(c.value) for c in column), default=0) + 2
        ws.column_dimensions[get_column_letter(index)].width = max(MIN_WIDTH, min(MAX_WIDTH, width))
        for c in column:
            if width > MAX_WIDTH or (isinstance(c.value, str) and "\n" in c.value):
                c.alignment = wrap


def _longest_line(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, float):
        return len(f"{value:.2f}")
    return max((len(line) for line in str(value).split("\n")), default=0)
