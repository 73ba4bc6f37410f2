"""Exports for coordinators: form responses as CSV (one row per respondent), media as a zip.

Respondents who chose to take part anonymously (an `anonymous` question answered "yes") appear
as "anonymous", without name or id. Media appear by their name in the zip
(`desk_reset/ana-2026-12-10-1.ogg`, or the name a document was sent with), so the CSV and the
zip can be opened side by side.
"""

from __future__ import annotations

import csv
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo

from bot.app import App
from bot.cells import cell
from bot.file_names import safe_file_name, slug, unique
from conversations.forms.flow import visible
from conversations.forms.schema import Form
from storage.people import People
from storage.responses import Response, Responses

ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class ExportResult:
    rows: int
    csv_path: Path
    zip_path: Path | None
    media_files: int


def _answers(form: Form, response: Response) -> dict[str, Any]:
    """Only answers to questions that apply (a withdrawn consent hides its recording)."""
    given = response.answers
    known = {q.id: q for q in form.questions}
    return {
        qid: value
        for qid, value in given.items()
        if qid not in known or visible(form, known[qid], given)
    }


async def export_responses(
    app: App, form: Form, out: Path, with_media: bool, coordinator_id: int | None = None
) -> ExportResult:
    """Every response, or (with a coordinator) only those of their programmes' people."""
    async with app.db.read() as conn:  # a snapshot, without the writer
        found = await Responses(conn).of_form(form.id, coordinator_id)
        names = {r.user_id: await People(conn).get(r.user_id) for r in found}
    tz = ZoneInfo(app.settings.timezone)
    question_ids = [q.id for q in form.questions]
    extra = sorted({qid for r in found for qid in r.answers} - set(question_ids))
    header = ["response", "respondent", "language", "started", "completed", "form_version"]
    media: dict[str, str] = {}  # stored path → readable name in the zip (walkthrough 21)
    taken: set[str] = set()
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow([cell(h) for h in header + question_ids + extra])
        for response in found:
            answers = _answers(form, response)
            person = names.get(response.user_id)
            anonymous = answers.get(ANONYMOUS) == "yes"
            who = ANONYMOUS if anonymous else ((person.name if person else None) or "?")
            completed = (
                response.completed_at.astimezone(tz).isoformat() if response.completed_at else ""
            )
            row = [
                str(response.id),
                cell(who),
                (person.locale if person else None) or "",
                response.started_at.astimezone(tz).isoformat(),
                completed,
                str(response.form_version),
            ]
            moment = (response.completed_at or response.started_at).astimezone(tz)
            for value in answers.values():
                if isinstance(value, dict) and value.get("path") and value["path"] not in media:
                    media[str(value["path"])] = _zip_name(form.id, who, moment.date(), value,
                                                          taken)  # fmt: skip
            row += [_cell(answers.get(qid), media) for qid in question_ids + extra]
            writer.writerow(row)
    zip_path = None
    if with_media:
        zip_path = out.with_name(out.stem + "-media.zip")
        with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for relative, name in media.items():
                source = app.settings.data_dir / relative
                if source.is_file():
                    archive.write(source, arcname=name)
    return ExportResult(len(found), out, zip_path, len(media))


def _zip_name(form_id: str, who: str, day: date, value: dict[str, Any], taken: set[str]) -> str:
    """`desk_reset/ana-2026-12-10-1.ogg`, or the name a document was sent with; an anonymous
    respondent's file is `anonymous-…` (walkthrough 20 and 21)."""
    sent = safe_file_name(value.get("file_name"))
    if sent:
        return unique(f"{form_id}/{sent}", taken)
    suffix = PurePosixPath(str(value["path"])).suffix
    stem = f"{form_id}/{slug(who)}-{day.isoformat()}"
    number = 1
    while f"{stem}-{number}{suffix}" in taken:
        number += 1
    return unique(f"{stem}-{number}{suffix}", taken)


def _cell(value: Any, media: dict[str, str]) -> str:
    """A file answer by its name in the zip (the CSV and the zip read side by side)."""
    if isinstance(value, dict) and value.get("path") in media:
        return cell(media[str(value["path"])])
    return cell(value)
