"""Exports for coordinators: form responses as CSV (one row per respondent), media as a zip.

Respondents who chose to take part anonymously (an `anonymous` question answered "yes") appear
as "anonymous", without name or id. Media appear as paths relative to the zip, so the CSV and
the zip can be opened side by side.
"""

from __future__ import annotations

import csv
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.app import App
from bot.cells import cell
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
    media_paths: list[str] = []
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
            row += [cell(answers.get(qid)) for qid in question_ids + extra]
            writer.writerow(row)
            media_paths += [
                v["path"] for v in answers.values() if isinstance(v, dict) and v.get("path")
            ]
    zip_path = None
    if with_media:
        zip_path = out.with_name(out.stem + "-media.zip")
        with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for relative in media_paths:
                source = app.settings.data_dir / relative
                if source.is_file():
                    archive.write(source, arcname=relative)
    return ExportResult(len(found), out, zip_path, len(media_paths))
