"""Safe input and output (review HIGH: control characters, MED-4: CSV formula injection, LOW:
RTL override): free text is cleaned at the edge for every transport, NUL is refused with a
message, and the coordinator's report, the cohort export and the responses CSV keep working and
never hand a spreadsheet a formula."""

from __future__ import annotations

import asyncio
import csv
import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update

from bot import cli
from bot.app import App
from bot.export import export_responses
from bot.outgoing import OutDocument
from storage.schema import follow_up_actions, reflection_items
from tests.exchanges.conftest import outbox
from tests.exchanges.test_cohort_export import cohort_world
from tests.exchanges.world import Outbox
from tests.fakes import Clock
from tests.flows.test_consultation import invited
from tests.flows.test_media import Files

WORD_TEXT = "Day one went well.\x0bTomorrow: the planning board\x0c\r\nand the\x1b stock room"
__all__ = ["outbox"]  # the exchange tests' fixture
SORRY = "Sorry, something went wrong"


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    yield
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])


async def stored_texts(app: App) -> list[str]:
    async with app.db.transaction() as conn:
        items = (await conn.execute(select(reflection_items.c.text))).scalars().all()
        actions = (await conn.execute(select(follow_up_actions.c.text))).scalars().all()
    return [t for t in [*items, *actions] if t]


async def test_a_word_line_break_in_a_reflection_keeps_report_and_export_working(
    app: App,
    clock: Clock,
    outbox: Outbox,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    restore_logging: None,
) -> None:
    found, _ex = await cohort_world(app, clock)
    anna, kim = found["switcher"][0], found["coordinator"][0]
    await anna.command("reflect")
    await anna.say(WORD_TEXT)
    await anna.tap("done")
    await anna.tap("vis:both")
    await anna.command("actions")
    await anna.say("\u202eShare the board\u202c with my \u2066team\u2069")
    await anna.tap("done")
    kept = await stored_texts(app)
    assert "Day one went well.\nTomorrow: the planning board\n\nand the stock room" in kept
    assert "Share the board with my team" in kept  # no bidi override reaches other readers

    # A text stored by an older version, before the edge cleaned it, is exported all the same.
    async with app.db.transaction() as conn:
        await conn.execute(update(follow_up_actions).values(text="old\x0bline\x00 =1+1"))

    await kim.command("reset")
    await kim.tap("menu:cohort")
    assert SORRY not in kim.all_text()
    [sheet] = [m for m in kim.last.messages  # type: ignore[union-attr]
               if isinstance(m, OutDocument) and m.file_name.endswith(".xlsx")]  # fmt: skip
    book = load_workbook(io.BytesIO(sheet.data))
    texts = [str(r[8]) for r in book["shared_reflections"].iter_rows(min_row=3, values_only=True)]
    assert "Day one went well.\nTomorrow: the planning board\n\nand the stock room" in texts
    assert book["actions"]["D3"].value == "oldline =1+1"  # under the two header rows

    monkeypatch.setenv("WEGWIJZER_DATA_DIR", str(app.settings.data_dir))
    out = tmp_path / "cohort.xlsx"
    status = await asyncio.to_thread(cli.main, ["export", "cohort", "--out", str(out)])
    assert status == 0
    assert load_workbook(out)["actions"]["D3"].value == "oldline =1+1"


async def test_nul_is_refused_with_a_message_and_nothing_is_kept(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    found, _ex = await cohort_world(app, clock)
    anna = found["switcher"][0]
    await anna.command("reflect")
    question = anna.question().text
    await anna.say("secret\x00text")
    said = anna.all_text()
    assert "invisible control character (NUL)" in said and SORRY not in said
    assert question in said  # and the same question again
    await anna.say("A clean first item")
    await anna.tap("done")
    await anna.tap("vis:me")
    assert await stored_texts(app) == ["A clean first item"]


async def test_csv_cells_never_start_a_formula(app: App, clock: Clock, tmp_path: Path) -> None:
    files = Files()
    eve = await invited(app, clock, files, "3101", "=cmd|' /C calc'!A0")
    await eve.tap("opt:no")  # not anonymous: the name is exported
    await eve.tap("opt:career_talk")
    await eve.tap("nav:done")
    await eve.tap("opt:everyone")
    await eve.tap("opt:4")
    await eve.say("@SUM(1+1)*cmd|' /C calc'!A0")
    await eve.say("-2+3+cmd|' /C calc'!A0")
    await eve.tap("opt:no")
    out = tmp_path / "desk.csv"
    await export_responses(app, app.library.forms["desk_reset"], out, with_media=False)
    [row] = list(csv.DictReader(out.open(encoding="utf-8")))
    assert row["respondent"] == "'=cmd|' /C calc'!A0"
    assert row["went_well"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert row["do_better"] == "'-2+3+cmd|' /C calc'!A0"
    assert row["satisfaction"] == "4"  # numbers stay numbers
