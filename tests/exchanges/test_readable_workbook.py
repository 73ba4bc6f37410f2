"""Walkthrough 21 / issue 16 item 4: a cohort workbook a coordinator can use. Ratings are
numbers (a spreadsheet can average them), ids are shown in the coordinator's language with the
stable ids in a second header row, columns are as wide as their content (capped), an Arabic
reader's sheets run right to left, goals come with "how you will notice it" and "by when", and
media are named `exchange-3/reflection-anna-2026-12-10-1.ogg` in the zip and in the sheet."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from bot.app import App
from bot.cohort import Cohort, Evaluation, SharedItem
from bot.cohort_media import write_media_zip
from bot.cohort_xlsx import build_workbook
from bot.i18n import Translator
from bot.media import MediaStore
from conversations.text import Msg
from storage.actions import Action
from storage.agendas import AgendaVersion
from storage.exchanges import Exchange
from storage.responses import Response

TZ = "Europe/Brussels"
START = datetime(2026, 12, 10, 8, 0, tzinfo=UTC)


def cohort() -> Cohort:
    day = ((START, START + timedelta(hours=7)),)
    exchange = Exchange(3, 1, 2, 9, "Stad Gent", "Bakkerij Janssens", "Gent", None, "planned", day)
    found = Cohort(exchanges=[exchange], names={1: "Anna Peeters", 2: "Jan", 9: "Kim"})
    goal = {"text": "Plan a week with the team", "observable": "I make the board myself",
            "by_when": "end of January"}  # fmt: skip
    found.agendas[1] = AgendaVersion(1, 2, {"goals": [goal]}, 1, START)
    answers = {"preparation": "4", "questions_answered": "partly", "satisfaction": 5}
    response = Response(7, 1, "evaluation_switcher", 1, START, START, None, answers)
    found.evaluations += [
        Evaluation(3, "switcher", 1, "evaluation_switcher", True, response),
        Evaluation(3, "learning_coach", 2, "evaluation_learning_coach", False, None),
    ]
    found.actions.append(Action(1, 3, 1, "switcher", "Share the board", "in_progress", None,
                                START, START, None))  # fmt: skip
    for path in ("media/2026-12/a1.ogg", "media/2026-12/b2.ogg"):
        found.shared.append(SharedItem(5, 3, 1, "switcher", "reflection", "coordinator",
                                       START, "voice", None, path))  # fmt: skip
    found.shared.append(SharedItem(5, 3, 1, "switcher", "reflection", "coordinator", START,
                                   "document", None, "media/2026-12/c3.txt",
                                   "Weekplanning ploeg B.txt"))  # fmt: skip
    return found


def render_in(app: App, locale: str) -> object:
    translator: Translator = app.translator

    def render(msg: Msg) -> str:
        return translator.render(msg, locale, ZoneInfo(TZ))

    return render


def rows(data: bytes, name: str) -> list[tuple[object, ...]]:
    return list(load_workbook(io.BytesIO(data))[name].iter_rows(values_only=True))


async def test_a_dutch_coordinator_reads_labels_numbers_and_whole_goals(app: App) -> None:
    data = build_workbook(cohort(), app.library.forms, render_in(app, "nl"), TZ)  # type: ignore[arg-type]
    labels, ids, row = rows(data, "exchanges")
    assert ids[:2] == ("exchange", "status") and labels[1] == "Status"
    assert dict(zip(ids, row, strict=True))["status"] == "gepland"

    labels, ids, *answered = rows(data, "evaluation_switcher")
    anna = dict(zip(ids, answered[0], strict=True))
    assert anna["preparation"] == 4 and isinstance(anna["preparation"], int)  # not '4'
    assert anna["satisfaction"] == 5
    assert anna["questions_answered"] == "Gedeeltelijk"  # the option's label, not `partly`
    assert anna["status"] != "answered"
    assert "not_asked_yet" not in str(rows(data, "evaluation_learning_coach"))
    assert rows(data, "actions")[2][4] == "bezig"

    [_labels, ids, agenda] = rows(data, "agendas")
    goals = str(dict(zip(ids, agenda, strict=True))["goals"])
    assert "Plan a week with the team" in goals
    assert "I make the board myself" in goals and "end of January" in goals

    sheet = load_workbook(io.BytesIO(data))["agendas"]
    widths = {k: d.width for k, d in sheet.column_dimensions.items()}
    assert widths["A"] < 15 and 20 < widths["G"] <= 60  # from content, capped; not all 12
    assert not sheet.sheet_view.rightToLeft


async def test_an_arabic_coordinators_sheets_run_right_to_left(app: App) -> None:
    data = build_workbook(cohort(), app.library.forms, render_in(app, "ar"), TZ, rtl=True)  # type: ignore[arg-type]
    book = load_workbook(io.BytesIO(data))
    assert all(book[name].sheet_view.rightToLeft for name in book.sheetnames)
    assert book["report"]["A2"].value == "report"


async def test_media_have_readable_names_in_the_zip_and_the_sheet(app: App, tmp_path: Path) -> None:
    found = cohort()
    for item in found.shared:
        assert item.media_path is not None
        path = tmp_path / item.media_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(item.media_path.encode())
    out = tmp_path / "media.zip"
    assert write_media_zip(found, MediaStore(tmp_path), out, TZ) == 3
    expected = [
        "exchange-3/reflection-anna-2026-12-10-1.ogg",
        "exchange-3/reflection-anna-2026-12-10-2.ogg",
        "exchange-3/Weekplanning ploeg B.txt",  # a document keeps its name (walkthrough 20)
    ]
    with zipfile.ZipFile(out) as archive:
        assert archive.namelist() == expected
        assert archive.read(expected[2]) == b"media/2026-12/c3.txt"
    data = build_workbook(found, app.library.forms, render_in(app, "en"), TZ)  # type: ignore[arg-type]
    [_labels, ids, *shared] = rows(data, "shared_reflections")
    assert [dict(zip(ids, r, strict=True))["media"] for r in shared] == expected


async def test_the_media_zip_reads_the_shared_media_folder(tmp_path: Path) -> None:
    """Issue 18 item 3 with walkthrough 21: with `WEGWIJZER_MEDIA_DIR` the files live in the
    workers' shared folder, not under the data folder; the coordinator's zip still holds them."""
    found = cohort()
    shared = tmp_path / "shared"
    store = MediaStore(tmp_path / "data", shared)
    for item in found.shared:
        assert item.media_path is not None
        path = store.file(item.media_path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    assert not (tmp_path / "data").exists()
    assert write_media_zip(found, store, tmp_path / "media.zip", TZ) == 3
