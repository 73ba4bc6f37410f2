"""Who sees a reflection, for every pair of author and reader (also through forged buttons and
the coordinator's export), and the cohort export: an XLSX workbook checked with openpyxl and a
media zip holding exactly the shared files."""

from __future__ import annotations

import asyncio
import hashlib
import io
import re
import subprocess
import sys
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.app import App
from bot.cohort import load_cohort
from bot.cohort_xlsx import build_workbook
from bot.outgoing import OutDocument, parse_choice_token
from bot.reminders.service import create_exchange
from conversations.events import ChoiceIn, MediaIn, MediaInfo
from storage.exchanges import NewExchange
from storage.media import MediaFiles
from storage.reflections import Reflections
from tests.exchanges.test_evaluation import answer_all
from tests.exchanges.test_reminder_delivery import walk
from tests.exchanges.world import Outbox, join, tap_delivered
from tests.fakes import Clock, FakeChat
from tests.flows.test_media import png

VOICE = b"OggS" + bytes(range(256)) * 4
PHOTO = png(120, 80)  # a picture that decodes: undecodable ones are refused
PRIVATE_VOICE = b"OggS" + b"private" * 200


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


READERS = (
    "switcher", "coach", "coordinator", "sending", "host",
    "other_switcher", "other_coach", "other_coordinator",
)  # fmt: skip


async def cohort_world(app: App, clock: Clock) -> tuple[dict[str, tuple[FakeChat, int]], int]:
    found = {
        "switcher": await join(app, clock, "901", "switcher", "Anna", "en"),
        "coach": await join(app, clock, "902", "learning_coach", "Jan", "en"),
        "coordinator": await join(app, clock, "903", "coordinator", "Kim", "en"),
        "sending": await join(app, clock, "904", "employer", "Els", "en"),
        "host": await join(app, clock, "905", "employer", "Hadi", "en"),
        "other_switcher": await join(app, clock, "906", "switcher", "Bert", "en"),
        "other_coach": await join(app, clock, "907", "learning_coach", "Lies", "en"),
        "other_coordinator": await join(app, clock, "908", "coordinator", "Omar", "en"),
    }
    ids = {role: pid for role, (_chat, pid) in found.items()}
    start = clock.now + timedelta(days=3)
    day = ((start, start + timedelta(hours=7)),)
    mine = NewExchange(ids["switcher"], ids["coach"], "Bakkerij Janssens, Gent", day,
                       ids["coordinator"], sending_contact_id=ids["sending"],
                       host_contact_id=ids["host"])  # fmt: skip
    other = NewExchange(ids["other_switcher"], ids["other_coach"], "Atelier, Brugge", day,
                        ids["other_coordinator"])  # fmt: skip
    async with app.db.transaction() as conn:
        ex = await create_exchange(conn, app.settings, mine, clock.now)
        await create_exchange(conn, app.settings, other, clock.now)
    files = {"voice-1": VOICE, "photo-1": PHOTO, "voice-2": PRIVATE_VOICE}

    async def fetch(ref: str) -> bytes:
        return files[ref]

    app.dispatcher.fetchers["fake"] = fetch
    return found, ex


async def reflect(chat: FakeChat, visibility: str, *, voice: str = "voice-1") -> None:
    await chat.command("reflect")
    await chat.say("What I noticed: they plan the week together on one board.")
    data = {"voice-1": VOICE, "voice-2": PRIVATE_VOICE}[voice]
    await chat.send(MediaIn(media_kind="voice", media=MediaInfo(ref=voice, size=len(data),
                                                                 duration=3)))  # fmt: skip
    if voice == "voice-1":
        await chat.send(MediaIn(media_kind="photo", media=MediaInfo(ref="photo-1",
                                                                     size=len(PHOTO))))  # fmt: skip
    await chat.tap("done")
    await chat.tap(f"vis:{visibility}")
    await chat.tap("keep:yes")


def expected_readers(author: str, visibility: str) -> set[str]:
    partner = {"switcher": "coach", "coach": "switcher"}[author]
    readers = {author}
    if "partner" in visibility or visibility == "both":
        readers.add(partner)
    if "coordinator" in visibility or visibility == "both":
        readers.add("coordinator")
    return readers


@pytest.mark.parametrize("visibility", ["me", "partner", "coordinator", "both"])
@pytest.mark.parametrize("author", ["switcher", "coach"])
async def test_every_reader_sees_exactly_what_the_author_chose(
    app: App, clock: Clock, outbox: Outbox, author: str, visibility: str
) -> None:
    found, ex = await cohort_world(app, clock)
    await reflect(found[author][0], visibility)
    async with app.db.transaction() as conn:
        [made] = await Reflections(conn).of_exchange(ex)
    allowed = expected_readers(author, visibility)
    for role in READERS:
        chat, _pid = found[role]
        await chat.command("reset")
        await chat.command("myreflections")
        listed = any(f"ref:{made.id}" in chat.choice_ids(q) for q in _questions(chat))
        assert listed == (role in allowed), role
        # A forged pick of the reflection (current question number, its id) plays nothing
        # for someone who may not see it.
        seq = max(parse_choice_token(o.token).seq for q in _questions(chat) for o in q.options)
        await chat.send(ChoiceIn(choice_id=f"ref:{made.id}", seq=seq))
        played = [m for m in chat.last.messages if isinstance(m, OutDocument)]  # type: ignore[union-attr]
        assert bool(played) == (role in allowed), role
        if played:
            assert [m.data for m in played] == [VOICE, PHOTO]
        # The out-of-band forms of the same ids do nothing either.
        await chat.send(ChoiceIn(choice_id=f"x:reflect:{ex}", seq=0))

    # The export follows the same rule: only what was shared with the coordinator, and only
    # for that exchange's coordinator.
    for coordinator in ("coordinator", "other_coordinator"):
        async with app.db.transaction() as conn:
            cohort = await load_cohort(conn, found[coordinator][1])
        shared_ids = {item.reflection_id for item in cohort.shared}
        sees = coordinator == "coordinator" and "coordinator" in allowed
        assert (made.id in shared_ids) == sees, coordinator


def _questions(chat: FakeChat) -> list:  # type: ignore[type-arg]
    from bot.outgoing import OutChoices

    return [m for m in chat.last.messages if isinstance(m, OutChoices)] or [chat.question()]  # type: ignore[union-attr]


async def test_cohort_export_as_xlsx_with_exactly_the_shared_media(
    app: App, clock: Clock, outbox: Outbox, tmp_path: Path
) -> None:
    found, ex = await cohort_world(app, clock)
    anna, jan, kim = found["switcher"][0], found["coach"][0], found["coordinator"][0]
    start = clock.now + timedelta(days=3)
    await walk(app, clock, start + timedelta(hours=8))  # exchange done, certificate issued
    await reflect(anna, "both")  # shared with coach and coordinator: exported with its media
    await reflect(jan, "partner", voice="voice-2")  # only for Anna: never exported
    await anna.command("actions")
    await anna.say("Share the planning board idea with my team")
    await anna.tap("done")
    await walk(app, clock, start + timedelta(days=22))
    await tap_delivered(anna, outbox.last_question(anna), f"x:eval:{ex}")
    await answer_all(anna, "evaluation_switcher")

    # In chat: the coordinator's report and the same spreadsheet.
    await kim.command("reset")
    await kim.tap("menu:cohort")
    report = kim.all_text()
    assert "Evaluation by the switcher: 1 of 1 answered (100%)." in report
    assert "Evaluation by the learning coach: 0 of 1 answered (0%)." in report
    # one answer is too few to average without showing that person's rating (WEGWIJZER_MIN_GROUP)
    assert "average 4 of 5" not in report
    assert "too few answers to show an average without identifying someone" in report
    assert "Follow-up actions: 1 named; 0 done, 0 in progress, 1 not started, 0 dropped." in report
    docs = {m.file_name: m for m in kim.last.messages if isinstance(m, OutDocument)}  # type: ignore[union-attr]
    from_chat = load_workbook(io.BytesIO(docs["wegwijzer-exchanges.xlsx"].data))
    # walkthrough 21: the chat gives the media zip too, with the workbook's readable names
    with zipfile.ZipFile(io.BytesIO(docs["wegwijzer-media.zip"].data)) as archive:
        assert sorted(archive.read(n) for n in archive.namelist()) == sorted([VOICE, PHOTO])
        assert all(n.startswith(f"exchange-{ex}/reflection-anna-") for n in archive.namelist())
    assert from_chat.sheetnames == [
        "exchanges", "agendas", "evaluation_switcher", "evaluation_learning_coach",
        "evaluation_sending_employer", "evaluation_host_employer", "actions",
        "shared_reflections", "report",
    ]  # fmt: skip

    # From the command line, with the media zip.
    out = tmp_path / "export" / "cohort.xlsx"
    result = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot", "export", "cohort", "--out", str(out), "--media",
         "--coordinator", str(found["coordinator"][1]), "--locale", "en"],
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
        env={"WEGWIJZER_DATA_DIR": str(app.settings.data_dir), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    book = load_workbook(out)
    # two header rows: the reader's words, then the stable ids (walkthrough 21)
    rows = {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}
    [labels, header, exchange_row] = rows["exchanges"]
    assert labels[:3] == ("Exchange", "Status", "Switcher")
    record = dict(zip(header, exchange_row, strict=True))
    assert (record["exchange"], record["status"], record["switcher"]) == (ex, "done", "Anna")
    assert record["hours"] == 7 and record["certificate_issued"]
    evaluation = [dict(zip(rows["evaluation_switcher"][1], r, strict=True))
                  for r in rows["evaluation_switcher"][2:]]  # fmt: skip
    assert [(e["person"], e["status"], e["preparation"]) for e in evaluation] == [
        ("Anna", "answered", 4)
    ]
    coach_eval = rows["evaluation_learning_coach"][2]
    assert coach_eval[1:3] == ("Jan", "asked, no answer yet")
    assert rows["actions"][2][3] == "Share the planning board idea with my team"
    shared = [dict(zip(rows["shared_reflections"][1], r, strict=True))
              for r in rows["shared_reflections"][2:]]  # fmt: skip
    assert {s["author"] for s in shared} == {"Anna"}  # Jan's reflection was for Anna only
    assert [s["item"] for s in shared] == ["text", "voice note", "photo"]
    assert all(s["shared_with"] == "the partner and the coordinator" for s in shared)
    assert rows["report"][1][0] == "report"
    assert any("1 of 1 answered" in str(r[0]) for r in rows["report"])

    media = sorted(s["media"] for s in shared if s["media"])
    assert [re.sub(r"\d{4}-\d\d-\d\d", "DATE", m) for m in media] == [
        f"exchange-{ex}/reflection-anna-DATE-1.ogg",
        f"exchange-{ex}/reflection-anna-DATE-2.png",
    ]  # walkthrough 21: readable names
    with zipfile.ZipFile(out.with_name("cohort-media.zip")) as archive:
        assert sorted(archive.namelist()) == media
        contents = sorted(archive.read(name) for name in media)
    assert contents == sorted([VOICE, PHOTO])
    async with app.db.transaction() as conn:
        kept = [await MediaFiles(conn).get(i) for i in range(1, 10)]
    exported = {VOICE, PHOTO}
    private = [m for m in kept if m is not None and m.sha256 not in {sha(b) for b in exported}]
    assert private, "the private voice note is kept for Anna, but not exported"


async def test_xlsx_cells_that_look_like_formulas_stay_text(app: App, clock: Clock) -> None:
    found, _ex = await cohort_world(app, clock)
    anna = found["switcher"][0]
    await anna.command("actions")
    await anna.say('=HYPERLINK("http://evil.example","click")')
    await anna.tap("done")
    async with app.db.transaction() as conn:
        cohort = await load_cohort(conn, found["coordinator"][1])
    book = load_workbook(io.BytesIO(build_workbook(cohort, app.library.forms, str, "UTC")))
    cell = book["actions"]["D3"]
    assert cell.data_type == "s" and str(cell.value).startswith("'=")
