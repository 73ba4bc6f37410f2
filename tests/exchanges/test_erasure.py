"""Erasure that leaves nothing (GDPR Art. 17): after `/forget` (or `wegwijzer people erase`),
with the bot still running, no byte of the data folder holds the person's name, what they wrote
or the files they sent — not the database, its WAL, the certificates or the terminal outbox.
Others' notices and agendas name people by id, so an erased person reads as a stand-in."""

from __future__ import annotations

import asyncio
import io
import json
import os
import subprocess
import sys
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, text

from bot.app import App
from bot.cohort import load_cohort
from bot.cohort_xlsx import build_workbook
from bot.notices import add_notice
from conversations.events import MediaIn, MediaInfo
from conversations.text import LEFT_WEGWIJZER, Msg, _
from storage.people import People
from storage.reminders import Reminders
from storage.schema import reminders
from tests.exchanges.test_certificate import pdf_text
from tests.exchanges.world import Outbox, exchange, join
from tests.fakes import Clock, FakeChat

NAME = "Zyxwvu Secretname"
HEALTH = "Qwhealth: my back hernia limits lifting"
QUESTION = "Qwquestion: how does your buddy system work in practice?"
GOAL = "Qwgoal: set up a buddy system in my team"
REFLECTION = "Qwreflection: they plan their week on one board"
VOICE = b"OggS" + b"Qwvoicebytes-" * 80
SECRETS = (NAME, "Zyxwvu", "Secretname", HEALTH, QUESTION, GOAL, REFLECTION)


def readable(path: Path) -> list[bytes]:
    """A file's bytes, plus what a reader gets out of it: a PDF's text (its streams are
    compressed), each member of a zip."""
    data = path.read_bytes()
    found = [data]
    if data.startswith(b"%PDF"):
        found.append(pdf_text(data).encode())
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            found += [archive.read(name) for name in archive.namelist()]
    return found


def residue(data_dir: Path, needles: tuple[str, ...], blobs: tuple[bytes, ...]) -> list[str]:
    """Every file under the data folder (database, -wal, -shm, media, certificates, outbox)
    that holds a needle (UTF-8 or UTF-16-LE) or a blob."""
    patterns = [n.encode() for n in needles] + [n.encode("utf-16-le") for n in needles]
    patterns += list(blobs)
    found = []
    for path in sorted(data_dir.rglob("*")):
        if not path.is_file():
            continue
        hits = [p for data in readable(path) for p in patterns if p in data]
        if hits:
            found.append(f"{path.relative_to(data_dir)}: {[h[:20] for h in hits]!r}")
    return found


async def journey(app: App, clock: Clock) -> tuple[FakeChat, int, FakeChat, FakeChat, int]:
    """A switcher with answers, a health remark, a voice note, a shared reflection, notices to
    her coach and coordinator (some delivered, one still pending) and an issued certificate."""
    sara, sara_id = await join(app, clock, "901", "switcher", NAME, "en")
    jan, jan_id = await join(app, clock, "902", "learning_coach", "Jan Coach", "en")
    kim, kim_id = await join(app, clock, "903", "coordinator", "Kim Coord", "en")

    async def fetch(ref: str) -> bytes:
        return VOICE

    app.dispatcher.fetchers["fake"] = fetch
    await sara.command("agenda")
    await sara.say(HEALTH)
    await sara.say(QUESTION)
    await sara.tap("keep")
    await sara.say(GOAL)
    await sara.tap("skip")
    await sara.tap("skip")
    await sara.tap("more:no")
    for _step in range(6):
        await sara.tap("skip")
    await sara.tap("save")
    ex = await exchange(app, clock, sara_id, jan_id, kim_id, clock.now + timedelta(days=5))
    await sara.command("reflect")
    await sara.say(REFLECTION)
    voice = MediaInfo(ref="v1", size=len(VOICE), duration=4)
    await sara.send(MediaIn(media_kind="voice", media=voice))
    await sara.tap("done")
    await sara.tap("vis:both")
    await sara.tap("keep:yes")
    clock.advance(timedelta(days=5, hours=8))  # a certificate only once the day is over
    await kim.command("exchanges")
    await kim.tap("issue")
    assert app.scheduler is not None
    await app.scheduler.run_due()  # notices naming her delivered, the certificate stored
    assert (app.settings.data_dir / "certificates" / f"exchange-{ex}.pdf").exists()
    assert any("Zyxwvu Secretname shared a reflection" in t for t in app_texts(jan))
    # one more notice naming her, still waiting to be sent when she leaves
    clock.advance(timedelta(minutes=5))
    await sara.command("reflect")
    await sara.say("A second thought")
    await sara.tap("done")
    await sara.tap("vis:partner")
    stored = [p for p in (app.settings.data_dir / "media").rglob("*") if p.is_file()]
    assert [p.read_bytes() for p in stored] == [VOICE]
    # her coordinator and coach have screens open that name her
    await kim.tap("back")
    await kim.tap("menu:new_exchange")
    assert f"p:{sara_id}" in kim.choice_ids()  # "Zyxwvu Secretname (no. 1)", kept with the question
    await jan.command("exchanges")
    await jan.tap("agenda")
    await app.db.checkpoint()  # as SQLite does every 1000 pages: her rows in the main file too
    return sara, sara_id, jan, kim, ex


def app_texts(chat: FakeChat) -> list[str]:
    outbox = chat.app.transports["fake"]
    assert isinstance(outbox, Outbox)
    return outbox.texts(chat)


async def test_forget_leaves_no_byte_of_her_in_the_data_folder_while_the_bot_runs(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    sara, _sara_id, jan, kim, ex = await journey(app, clock)
    before = residue(app.settings.data_dir, SECRETS, (VOICE[:64],))  # the test can find them
    in_folder = ("wegwijzer.db:",) if app.db.is_sqlite else ()  # PostgreSQL: not in the folder
    for where in (*in_folder, "certificates/", "media/"):
        assert any(line.startswith(where) for line in before), (where, before)

    await sara.command("forget")
    await sara.tap("erase:yes")
    async with app.db.transaction() as conn:
        kept = await People(conn).get(_sara_id)
    assert kept is not None and kept.name is None  # a nameless stand-in for the exchange
    if app.db.is_sqlite:
        assert (app.settings.data_dir / "wegwijzer.db-wal").stat().st_size == 0  # truncated

    assert residue(app.settings.data_dir, SECRETS, (VOICE[:64],)) == []
    assert not (app.settings.data_dir / "certificates" / f"exchange-{ex}.pdf").exists()
    # the notice that was still waiting goes out naming nobody
    assert app.scheduler is not None
    await app.scheduler.run_due()
    assert app_texts(jan)[-1].startswith(
        "Someone who has left Wegwijzer shared a reflection with you"
    )
    await kim.command("exchanges")
    assert "Zyxwvu" not in kim.all_text()


async def test_people_erase_on_the_command_line_leaves_nothing_while_the_bot_runs(
    app: App, clock: Clock, outbox: Outbox, tmp_path: Path
) -> None:
    _sara, sara_id, _jan, _kim, _ex = await journey(app, clock)
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEGWIJZER_")}
    env["WEGWIJZER_DATA_DIR"] = str(app.settings.data_dir)
    if app.settings.database_url:
        env["WEGWIJZER_DATABASE_URL"] = app.settings.database_url
    result = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot", "people", "erase", str(sara_id), "--yes"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert residue(app.settings.data_dir, SECRETS, (VOICE[:64],)) == []


async def programme_cell(app: App) -> str:
    """The day programme as the cohort spreadsheet shows it (author: text)."""
    async with app.db.transaction() as conn:
        cohort = await load_cohort(conn)
    book = load_workbook(io.BytesIO(build_workbook(cohort, app.library.forms, str, "UTC")))
    sheet = book["agendas"]
    column = [c.value for c in sheet[2]].index("programme")
    return str(sheet.cell(row=3, column=column + 1).value)


async def test_an_erased_coach_reads_as_a_stand_in_in_the_switchers_agenda(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    anna, anna_id = await join(app, clock, "911", "switcher", "Anna", "en")
    coach, coach_id = await join(app, clock, "912", "learning_coach", "Qwcoach Hiddenname", "en")
    await anna.command("agenda")
    await anna.say("trigger")
    await anna.say(QUESTION)
    await anna.tap("keep")
    await anna.say(GOAL)
    await anna.tap("skip")
    await anna.tap("skip")
    await anna.tap("more:no")
    for _step in range(6):
        await anna.tap("skip")
    await anna.tap("save")
    await exchange(app, clock, anna_id, coach_id, None, clock.now + timedelta(days=5))
    await coach.command("exchanges")
    await coach.tap("agenda")
    await coach.tap("add:programme")
    await coach.say("09:00 welcome, 10:00 walk along with a buddy")
    await anna.command("agenda")
    assert "Qwcoach Hiddenname" in anna.all_text()
    assert "Qwcoach Hiddenname: 09:00 welcome" in await programme_cell(app)

    await coach.command("forget")
    await coach.tap("erase:yes")
    await anna.command("agenda")
    shown = anna.all_text()
    assert "Qwcoach" not in shown
    assert anna.tr(LEFT_WEGWIJZER, "en") in shown
    assert "walk along with a buddy" in shown  # the programme itself stays for her
    assert (await programme_cell(app)).startswith("(erased): 09:00 welcome")
    assert residue(app.settings.data_dir, ("Qwcoach", "Hiddenname"), ()) == []


async def test_a_delivered_notice_keeps_no_text_and_names_are_read_when_sent(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    anna, anna_id = await join(app, clock, "921", "switcher", "Anna", "en")
    jan, jan_id = await join(app, clock, "922", "learning_coach", "Jan", "en")
    await exchange(app, clock, anna_id, jan_id, None, clock.now + timedelta(days=5))
    await anna.command("reflect")
    await anna.say("hello")
    await anna.tap("done")
    await anna.tap("vis:partner")
    async with app.db.transaction() as conn:
        await People(conn).set_name(anna_id, "Anna Renamed")  # renamed before it goes out
    assert app.scheduler is not None
    await app.scheduler.run_due()
    assert any(t.startswith("Anna Renamed shared a reflection") for t in outbox.texts(jan))
    async with app.db.transaction() as conn:
        rows = (await conn.execute(select(reminders).where(reminders.c.kind == "notice"))).all()
    sent = [r for r in rows if r.person_id == jan_id and r.status == "sent"]
    assert sent and all("text" not in (r.payload or {}) for r in sent)


async def test_a_notice_stored_in_the_old_format_still_goes_out(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    jan, jan_id = await join(app, clock, "931", "learning_coach", "Jan", "en")
    old = {
        "text": {
            "msgid": "{name} shared a reflection with you (exchange at {place}). Send "
            "/myreflections to read or hear it.",
            "plural": None,
            "count": None,
            "literal": False,
            "params": {
                "name": {"$msg": {"msgid": "Bea", "literal": True, "params": {}}},
                "place": {"$msg": {"msgid": "Gent", "literal": True, "params": {}}},
            },
        },
        "choices": [],
    }
    async with app.db.transaction() as conn:
        await Reminders(conn).add(jan_id, "notice", clock.now, payload=old)
    assert app.scheduler is not None
    await app.scheduler.run_due()
    assert any(t.startswith("Bea shared a reflection") for t in outbox.texts(jan))


@pytest.mark.sqlite_only
async def test_every_connection_overwrites_deleted_content(app: App) -> None:
    """SQLite's own default is off; some builds (Debian's) turn it on. The app must not rely
    on the build: this fails on a build without it if the app stops setting it."""
    async with app.db.transaction() as conn:
        assert (await conn.execute(text("PRAGMA secure_delete"))).scalar() == 1


async def test_a_person_named_in_a_notice_is_stored_as_an_id(app: App, clock: Clock) -> None:
    _bea, bea_id = await join(app, clock, "941", "switcher", "Qwbea Storedname", "en")
    _jan, jan_id = await join(app, clock, "942", "learning_coach", "Jan", "en")
    from conversations.text import PersonName

    note = _(
        "{name} shared a reflection with you (exchange at {place}). Send /myreflections to "
        "read or hear it.",
        name=PersonName(id=bea_id),
        place=Msg.plain("Gent"),
    )
    async with app.db.transaction() as conn:
        row_id = await add_notice(conn, jan_id, note, clock.now)
        row = await Reminders(conn).get(row_id)
    assert row is not None and "Qwbea" not in str(row.payload)


async def test_an_upgrade_drops_the_text_of_notices_sent_before(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy.engine import Connection

    from storage.database import MIGRATIONS, Database

    def upgrade_to(connection: Connection, revision: str) -> None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}")
    old = {"text": {"msgid": "Qwold Name", "literal": True, "params": {}}, "choices": []}
    offer = {**old, "choices": [{"id": "x:match:yes:4", "label": old["text"]}]}
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(upgrade_to, "0011")
            await conn.execute(
                text("INSERT INTO users (id, name, created_at) VALUES (1, 'Jan', '2026-11-01')")
            )
            for status, payload in (("sent", old), ("sent", offer), ("pending", old)):
                await conn.execute(
                    text(
                        "INSERT INTO reminders (person_id, kind, due_at, status, payload) "
                        "VALUES (1, 'notice', '2026-11-01', :status, :payload)"
                    ),
                    {"status": status, "payload": json.dumps(payload)},
                )
        await db.migrate()
        async with db.transaction() as conn:
            rows = (await conn.execute(select(reminders).order_by(reminders.c.id))).all()
    finally:
        await db.close()
    assert [r.payload for r in rows] == [{}, {"choices": [{"id": "x:match:yes:4"}]}, old]


async def test_a_waiting_notice_of_the_old_format_that_names_her_is_deleted(
    app: App, clock: Clock
) -> None:
    _bea, bea_id = await join(app, clock, "951", "newcomer", "Qwbea Oldformat", "en")
    _fat, fat_id = await join(app, clock, "952", "mentor", "Fatima", "en")

    def old(text: str) -> dict[str, object]:
        return {"text": {"msgid": text, "literal": True, "params": {}}, "choices": []}

    from sqlalchemy import insert

    from storage.schema_newcomers import match_offers, match_requests

    async with app.db.transaction() as conn:  # the request offered to Fatima, as matching does
        request = (await conn.execute(insert(match_requests).values(
            newcomer_id=bea_id, kind="mentor", status="offered", created_at=clock.now,
            updated_at=clock.now,
        ))).inserted_primary_key[0]  # fmt: skip
        await conn.execute(insert(match_offers).values(
            request_id=request, supporter_id=fat_id, status="offered", offered_at=clock.now
        ))  # fmt: skip
        offer = await Reminders(conn).add(
            fat_id, "notice", clock.now, payload=old("Qwbea is looking for a mentor.")
        )
        other = await Reminders(conn).add(
            fat_id, "notice", clock.now, payload=old("Qwbeatrice is looking for a mentor.")
        )
    async with app.db.transaction() as conn:
        from bot.personal_data import erase_person

        await erase_person(conn, app.dispatcher.media, bea_id)
        assert await Reminders(conn).get(offer) is None
        assert await Reminders(conn).get(other) is not None  # another person's name


async def test_erasure_looks_only_at_people_tied_to_her(app: App, clock: Clock) -> None:
    """Erasure used to rewrite every saved conversation holding the name anywhere (a full scan
    under the writer, and another "Sara" of another programme became "?"). Now only the
    people tied to her — her exchanges, her programme's coordinators, her mentor — are looked
    at, and only the question on their screen."""
    from storage.conversations import Conversations
    from tests.exchanges.world import programme

    mine, theirs = await programme(app, clock, "Mine"), await programme(app, clock, "Theirs")
    _sara, sara_id = await join(app, clock, "961", "switcher", "Sara", "en", mine)
    kim, kim_id = await join(app, clock, "962", "coordinator", "Kim", "en", mine)
    await join(app, clock, "963", "switcher", "Sara", "en", theirs)  # another Sara
    lea, lea_id = await join(app, clock, "964", "coordinator", "Lea", "en", theirs)
    await join(app, clock, "965", "learning_coach", "Jan", "en", mine)
    await join(app, clock, "966", "learning_coach", "Tom", "en", theirs)
    for coordinator in (kim, lea):
        await coordinator.tap("menu:new_exchange")  # each sees a "Sara" in the picker
        assert any("Sara" in o.label for o in coordinator.question().options)
    async with app.db.transaction() as conn:
        from bot.personal_data import erase_person

        await erase_person(conn, app.dispatcher.media, sara_id)
    async with app.db.transaction() as conn:
        kims, _v = await Conversations(conn).load(kim_id)
        leas, _w = await Conversations(conn).load(lea_id)
    assert kims["pending"] is not None and leas["pending"] is not None  # type: ignore[index]
    assert "Sara" not in json.dumps(kims["pending"])  # type: ignore[index]
    assert "Sara" in json.dumps(leas["pending"])  # type: ignore[index]
