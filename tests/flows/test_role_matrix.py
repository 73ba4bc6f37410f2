"""Organisations kept apart: every read path, for every role, in its own and the other
programme. Nothing of programme B (names, ids, texts) may reach anyone of programme A, and the
other way round — in chat (menus, lists, details, agenda and its PDF, reflections, reports,
spreadsheet, return sessions, notices) and on the command line with `--coordinator`.

Each check also looks for the person's *own* programme's data where they should see it, so
the test cannot pass by showing nothing.
"""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from bot.app import App
from bot.outgoing import OutDocument
from conversations.events import ChoiceIn
from tests.exchanges.world import Outbox
from tests.fakes import Clock, FakeChat
from tests.flows.programme_world import PARTS, Organisation, two_organisations


def document_text(chat: FakeChat) -> str:
    """The text inside the PDFs and spreadsheets of the last delivery."""
    found = []
    assert chat.last is not None
    for message in chat.last.messages:
        if not isinstance(message, OutDocument):
            continue
        if message.mime_type == "application/pdf":
            reader = PdfReader(io.BytesIO(message.data))
            found += [page.extract_text() for page in reader.pages]
        else:
            book = load_workbook(io.BytesIO(message.data))
            for sheet in book.worksheets:
                found += [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    return "\n".join(found)


async def open_agenda(chat: FakeChat) -> list[str]:
    """From an exchange's details: the agenda, and its PDF."""
    if "agenda" not in chat.choice_ids():
        return []
    await chat.tap("agenda")
    seen = [chat.all_text()]
    await chat.tap("pdf")
    return [*seen, chat.all_text() + document_text(chat)]


async def exchanges_seen(chat: FakeChat) -> list[str]:
    """/exchanges: the list (or the one exchange's details), each exchange, its agenda."""
    await chat.command("exchanges")
    seen = [chat.all_text() + " ".join(chat.choice_ids())]
    ids = [c for c in chat.choice_ids() if c.startswith("ex:")]
    if not ids:
        return seen + await open_agenda(chat)
    for choice_id in ids:
        await chat.command("exchanges")
        await chat.tap(choice_id)
        seen.append(chat.all_text())
        seen += await open_agenda(chat)
    return seen


async def everything_seen(chat: FakeChat, part: str, own: Organisation, other: Organisation) -> str:
    """Walk every read path this person has; all they were shown, as one text."""
    seen: list[str] = []
    await chat.command("reset")
    seen.append(chat.all_text() + " ".join(chat.choice_ids()))
    seen += await exchanges_seen(chat)
    for forged in (f"x:agenda:{other.exchange_id}", f"ex:{other.exchange_id}"):
        await chat.send(ChoiceIn(choice_id=forged, seq=0))
        seen.append(chat.all_text())
    if part == "switcher":
        await chat.command("agenda")
        seen.append(chat.all_text())
    await chat.command("myreflections")
    seen.append(chat.all_text() + " ".join(chat.choice_ids()))
    for ref in [c for c in chat.choice_ids() if c.startswith("ref:")]:
        await chat.tap(ref)
        seen.append(chat.all_text())
    if part == "coordinator":
        for entry in ("report:readiness_quiz", "menu:cohort", "menu:return_sessions"):
            await chat.command("reset")
            await chat.tap(entry)
            seen.append(chat.all_text() + document_text(chat))
    return "\n".join(seen)


def markers(org: Organisation) -> list[str]:
    return [org.marker, org.secret, f"RS {org.marker}"]


async def test_nobody_sees_anything_of_the_other_programme(
    app: App,
    clock: Clock,
    outbox: Outbox,
) -> None:
    a, b = await two_organisations(app, clock)
    for own, other in ((a, b), (b, a)):
        for part in PARTS:
            chat = own.chats[part]
            seen = await everything_seen(chat, part, own, other) + "\n".join(outbox.texts(chat))
            for marker in markers(other):
                assert marker not in seen, f"{own.marker} {part} saw {marker}"
            ids = {f"ex:{other.exchange_id}", *(f"p:{pid}" for pid in other.ids.values())}
            shown = set(chat.choice_ids())
            assert not ids & shown, f"{own.marker} {part} was offered {ids & shown}"
            if part == "coordinator":  # the positive side: their own people and texts
                for expected in (
                    own.name("switcher"),
                    f"{own.secret}-QUESTION",  # the agenda (and its PDF)
                    f"{own.secret}-REFLECTION",  # shared with the coordinator
                    f"{own.marker} Bakery (3 answers)",  # quiz results
                    f"RS {own.marker}",  # the return session
                ):
                    assert expected in seen, f"{own.marker} coordinator did not see {expected}"
                alerts = outbox.texts(chat)
                assert any(own.name("newcomer").split()[0] in t for t in alerts)
            if part in ("switcher", "learning_coach"):
                assert f"{own.secret}-QUESTION" in seen  # their own exchange's agenda


async def test_a_coordinator_cannot_pick_someone_of_another_programme(
    app: App,
    clock: Clock,
    outbox: Outbox,
) -> None:
    """The review's attack: C2 of programme B offered, typed and forged A's switcher."""
    a, b = await two_organisations(app, clock)
    c2 = b.chats["coordinator"]
    await c2.command("reset")
    await c2.tap("menu:new_exchange")
    assert c2.choice_ids() == [f"p:{b.ids['switcher']}"]  # only B's switcher is listed
    await c2.say(str(a.ids["switcher"]))  # typed by number: not a choice
    await c2.send(ChoiceIn(choice_id=f"p:{a.ids['switcher']}", seq=0))  # forged
    asked = c2.choice_ids()
    assert asked == [f"p:{b.ids['switcher']}"], "still asking for the switcher"
    assert a.marker not in "\n".join(c2.texts())

    # Even an effect forged past the flow creates nothing across programmes.
    from datetime import timedelta

    from bot.apply import apply_effects
    from conversations.effects import CreateExchange
    from storage.exchanges import Exchanges

    start = clock.now + timedelta(days=5)
    forged = CreateExchange(
        switcher_id=a.ids["switcher"],
        coach_id=b.ids["learning_coach"],
        days=((start, start + timedelta(hours=6)),),
        place="Forged",
    )
    from bot.refused import Refused

    with pytest.raises(Refused):  # the whole event is rolled back
        async with app.db.transaction() as conn:
            await apply_effects(
                conn,
                app.settings,
                app.dispatcher.media,
                app.dispatcher.words,
                b.ids["coordinator"],
                [forged],
                clock.now,
            )
    async with app.db.transaction() as conn:
        made = await Exchanges(conn).all()
    assert [x.place for x in made if x.place == "Forged"] == []
    # and `wegwijzer exchange create --coordinator` goes through the same check
    from bot.reminders.service import ExchangeError, create_exchange
    from storage.exchanges import NewExchange

    across = NewExchange(a.ids["switcher"], b.ids["learning_coach"], "Forged",
                         ((start, start + timedelta(hours=6)),), b.ids["coordinator"])  # fmt: skip
    with pytest.raises(ExchangeError, match="not everyone is in a programme"):
        async with app.db.transaction() as conn:
            await create_exchange(conn, app.settings, across, clock.now)
    await c2.send(ChoiceIn(choice_id=f"x:agenda:{a.exchange_id}", seq=0))
    assert f"{a.secret}-QUESTION" not in c2.all_text()


@pytest.mark.parametrize("letter", ["A", "B"])
async def test_the_command_line_limits_every_listing_and_export_to_the_coordinator(
    app: App,
    clock: Clock,
    outbox: Outbox,
    letter: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import asyncio
    from pathlib import Path

    from bot.cli import main

    monkeypatch.setenv("WEGWIJZER_DATA_DIR", str(app.settings.data_dir))
    if app.settings.database_url:  # the same database as the bot (PostgreSQL)
        monkeypatch.setenv("WEGWIJZER_DATABASE_URL", app.settings.database_url)
    a, b = await two_organisations(app, clock)
    own, other = (a, b) if letter == "A" else (b, a)
    coordinator = str(own.ids["coordinator"])
    out = Path(app.settings.data_dir).parent / f"cohort-{letter}.xlsx"
    csv = Path(app.settings.data_dir).parent / f"responses-{letter}.csv"
    runs = (
        ["people", "list", "--coordinator", coordinator],
        ["exchange", "list", "--coordinator", coordinator],
        ["export", "cohort", "--out", str(out), "--coordinator", coordinator],
        ["export", "responses", "--form", "readiness_quiz", "--out", str(csv),
         "--coordinator", coordinator],
        ["export", "responses", "--form", "newcomer_intake", "--out", str(csv) + ".2.csv",
         "--coordinator", coordinator],
    )  # fmt: skip
    printed = []
    for argv in runs:
        code = await asyncio.to_thread(main, argv)
        printed.append(capsys.readouterr().out)
        assert code == 0, (argv, printed[-1])
    files = await asyncio.to_thread(
        lambda: document_text_of(out) + csv.read_text() + Path(f"{csv}.2.csv").read_text()
    )
    listing = "\n".join(printed)
    for marker in markers(other):
        assert marker not in listing + files
    lines = printed[0].splitlines()[1:]
    assert {line.split()[0] for line in lines} >= {str(pid) for pid in own.ids.values()}
    assert not {line.split()[0] for line in lines} & {str(pid) for pid in other.ids.values()}
    assert printed[1].split()[0] == str(own.exchange_id)
    assert own.name("switcher") in files and "3 responses" in printed[3]
    assert "1 response written" in printed[4]  # their newcomer's intake only


def document_text_of(path: object) -> str:
    from pathlib import Path

    book = load_workbook(Path(str(path)))
    return "\n".join(
        str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row
        if c.value
    )  # fmt: skip
