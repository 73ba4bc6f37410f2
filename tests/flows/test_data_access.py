"""GDPR access (Art. 15/20): `/mydata` and `wegwijzer people export` hold every row about the
person or written by them, through any path of the schema (answers through responses, items
through reflections, meetings and ratings through the match request), with a readable summary
in their language; rows where they only take part come without other people's content."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.app import App
from bot.outgoing import OutDocument
from conversations.events import MediaIn, MediaInfo
from conversations.text import _
from storage.actions import Actions
from storage.agendas import Agendas
from storage.schema import metadata, users
from storage.supporters import Supporters
from tests.exchanges.conftest import FAST
from tests.exchanges.world import Outbox, exchange, join
from tests.fakes import Clock, FakeChat
from tests.newcomers.world import NURSE, supporter, take_intake

VOICE = b"OggS" + b"reflection voice" * 40
QUESTION = "How does a buddy system for new colleagues work in practice?"
HEALTH = "only mornings: medical treatment"
REFLECTION = "SECRET-REFLECTION they plan the week on <b>one board</b>"
ACTION = "SECRET-ACTION set up a buddy plan with HR"
AIM = "SECRET-AIM nurse in a hospital in Ghent"
MEETING = "SECRET-MEETING we practised a job interview"
RATING = "SECRET-RATING she listened well"
PROGRAMME = "09:00 welcome, 10:00 walk along with a buddy"


@pytest.fixture
async def outbox(app: App) -> AsyncIterator[Outbox]:
    """Notices are delivered when a test calls `app.scheduler.run_due()`."""
    box = Outbox()
    app.transports["fake"] = box
    await app.start_scheduler(wake=False, pacer=FAST)
    yield box


class Export:
    """One person's zip, opened: data.json as data and as text, summary.html as text."""

    def __init__(self, blob: bytes) -> None:
        self.archive = zipfile.ZipFile(io.BytesIO(blob))
        self.json_text = self.archive.read("data.json").decode()
        self.data: dict[str, list[dict[str, Any]]] = json.loads(self.json_text)
        self.html = self.archive.read("summary.html").decode()

    def has(self, secret: str) -> bool:
        return secret in self.json_text or secret in self.html


async def mydata(chat: FakeChat) -> Export:
    await chat.command("mydata")
    [doc] = [m for m in chat.last.messages if isinstance(m, OutDocument)]  # type: ignore[union-attr]
    return Export(doc.data)


async def reachable_tables(conn: AsyncConnection, person_id: int) -> set[str]:
    """The schema's own answer to "where does this person have rows": every table with a row
    that points at them, directly or through any chain of foreign keys (parents first)."""
    keys: dict[str, set[tuple[Any, ...]]] = {"users": {(person_id,)}}
    for table in metadata.sorted_tables:
        if table is users:
            continue
        rows = (await conn.execute(select(table))).mappings().all()
        found = set()
        for row in rows:
            for fk in table.foreign_keys:
                parent = fk.column.table.name
                if (row[fk.parent.name],) in keys.get(parent, set()):
                    found.add(tuple(row[c.name] for c in table.primary_key.columns))
        if found:
            keys[table.name] = found
    return {name for name, found in keys.items() if found}


async def answer_every_question(chat: FakeChat, form_id: str) -> None:
    form = chat.app.dispatcher.journey.forms[form_id]
    await chat.command(form.command or form_id)
    for question in form.questions:
        if question.type == "multi":
            await chat.tap(f"opt:{question.options[0].id}")
            await chat.tap("nav:done")
        elif question.type == "yesno":
            await chat.tap("opt:yes")
        else:
            await chat.tap(f"opt:{question.options[0].id}")


async def exchange_world(app: App, clock: Clock) -> dict[str, tuple[FakeChat, int]]:
    """A switcher with a quiz, an agenda (health remark included) a coach added to, an
    exchange, a reflection with text and a voice note, and follow-up actions."""
    anna = await join(app, clock, "801", "switcher", "Anna Peeters", "en")
    jan = await join(app, clock, "802", "learning_coach", "Jan De Smet", "en")
    kim = await join(app, clock, "803", "coordinator", "Kim Claes", "en")
    (anna_chat, anna_id), (jan_chat, jan_id), (_k, kim_id) = anna, jan, kim

    async def fetch(ref: str) -> bytes:
        return VOICE

    app.dispatcher.fetchers["fake"] = fetch
    await answer_every_question(anna_chat, "readiness_quiz")
    content = {"question": {"text": QUESTION}, "goals": [{"text": "A buddy plan"}],
               "dates": HEALTH}  # fmt: skip
    async with app.db.transaction() as conn:
        await Agendas(conn).add_version(anna_id, content, anna_id, clock.now)
    ex = await exchange(app, clock, anna_id, jan_id, kim_id, clock.now + timedelta(days=3),
                        notes="Parking behind the bakery")  # fmt: skip
    await jan_chat.command("exchanges")
    await jan_chat.tap("agenda")
    await jan_chat.tap("add:programme")
    await jan_chat.say(PROGRAMME)
    await anna_chat.command("reflect")
    await anna_chat.say(REFLECTION)
    voice = MediaInfo(ref="v", size=len(VOICE), duration=4)
    await anna_chat.send(MediaIn(media_kind="voice", media=voice))
    await anna_chat.tap("done")
    await anna_chat.tap("vis:coordinator")
    await anna_chat.tap("keep:yes")
    async with app.db.transaction() as conn:
        await Actions(conn).add(ex, anna_id, "switcher", ACTION, clock.now)
    assert app.scheduler is not None
    await app.scheduler.run_due()  # notices delivered: Kim is told Anna shared a reflection
    return {"anna": anna, "jan": jan, "kim": kim}


async def test_a_switchers_export_holds_every_table_and_every_answer_and_text(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    people = await exchange_world(app, clock)
    anna, anna_id = people["anna"]
    export = await mydata(anna)
    async with app.db.transaction() as conn:
        expected = await reachable_tables(conn, anna_id)
    assert {"answers", "reflection_items", "exchange_days", "follow_up_actions"} <= expected
    assert expected - export.data.keys() == set()

    quiz = app.dispatcher.journey.forms["readiness_quiz"]
    first = quiz.questions[0]
    assert any(a["question_id"] == first.id and a["value"] == first.options[0].id
               for a in export.data["answers"])  # fmt: skip
    assert first.text in export.html and first.options[0].label in export.html
    for secret in (QUESTION, HEALTH, ACTION, "Parking behind the bakery"):
        assert secret in export.json_text and secret in export.html, secret
    assert REFLECTION in export.json_text
    assert "SECRET-REFLECTION they plan the week on &lt;b&gt;one board&lt;/b&gt;" in export.html
    assert "<b>one board" not in export.html  # escaped, never markup
    [voice] = [m for m in export.data["media"] if m["kind"] == "voice"]
    assert export.archive.read(voice["path"]) == VOICE
    assert voice["path"] in export.html  # the files list
    assert '<html lang="en" dir="ltr">' in export.html
    from conversations.my_data_summary import SHOWN

    unnamed = [t for t in export.data if t not in SHOWN and f"<li>{t}: " not in export.html]
    assert unnamed == []  # every kind of data has its section or is counted by name


async def test_a_coach_and_a_coordinator_see_that_they_took_part_not_what_others_wrote(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    people = await exchange_world(app, clock)
    jan = await mydata(people["jan"][0])
    kim = await mydata(people["kim"][0])

    [version] = jan.data["agenda_versions"]  # the one Jan saved: that he did, not its content
    assert version["_relation"] == "party" and version["_withheld"] == ["content"]
    assert version["added_by_you"][0]["answer"]["text"] == PROGRAMME  # his own addition
    assert PROGRAMME in jan.html
    [ex] = jan.data["exchanges"]
    assert ex["place"] == "Bakkerij Janssens, Gent" and ex["_as"] == ["coach_id"]
    assert len(jan.data["exchange_days"]) == 1
    for export in (jan, kim):
        for secret in (QUESTION, HEALTH, "SECRET-REFLECTION", ACTION, "Anna Peeters"):
            assert not export.has(secret), secret
    assert not jan.has("Parking behind the bakery") and not jan.has("Kim Claes")
    assert kim.data["reminders"] and all("payload" not in r for r in kim.data["reminders"])
    assert not kim.has("Jan De Smet")
    assert kim.has("Kim Claes") and kim.has("Parking behind the bakery")  # she wrote the notes


async def newcomer_world(app: App, clock: Clock, language: str) -> tuple[FakeChat, int]:
    """A newcomer with the intake, plan progress, and a mentor she met and rated."""
    amal, amal_id = await join(app, clock, "901", "newcomer", "Amal Haddad", language)
    await take_intake(amal, NURSE, aim=AIM)
    await amal.tap("s:dutch_course")
    await amal.tap("st:done")
    _chat, mentor_id = await supporter(app, clock, "902", "Mona Mentor")
    async with app.db.transaction() as conn:
        store = Supporters(conn)
        request = await store.request(amal_id, "mentor", None, "amal@example.org", clock.now)
        offer = await store.offer(request, mentor_id, clock.now)
        await store.answer_offer(offer, "accepted", clock.now)
        await store.log_meeting(request, mentor_id, date(2026, 11, 5), MEETING, clock.now)
        await store.rate(request, 4, RATING, clock.now)
    return amal, amal_id


async def test_a_newcomers_export_holds_her_intake_plan_and_support(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    amal, amal_id = await newcomer_world(app, clock, "en")
    export = await mydata(amal)
    async with app.db.transaction() as conn:
        expected = await reachable_tables(conn, amal_id)
    assert {"answers", "plan_progress", "match_offers", "support_meetings"} <= expected
    assert expected - export.data.keys() == set()
    answers = {a["question_id"]: a["value"] for a in export.data["answers"]}
    assert answers["residence"] == "refugee" and answers["region"] == "east_flanders"
    for secret in (AIM, MEETING, RATING, "Recognised refugee", "East Flanders"):
        assert secret in export.html, secret
    for secret in (AIM, MEETING, RATING):
        assert secret in export.json_text, secret
    assert "Mona Mentor" not in export.json_text and "Mona Mentor" not in export.html


async def test_the_summary_is_in_her_language_and_right_to_left_in_arabic(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    amal, _amal_id = await newcomer_world(app, clock, "ar")
    export = await mydata(amal)
    heading = amal.tr(_("Your answers"), "ar")
    assert heading != "Your answers" and heading in export.html
    assert '<html lang="ar" dir="rtl">' in export.html
    assert AIM in export.html


async def test_people_export_on_the_command_line_writes_the_same_zip(
    app: App, clock: Clock, outbox: Outbox, tmp_path: Path
) -> None:
    from bot.cli import _parser
    from bot.cli_people import person_data

    _amal, amal_id = await newcomer_world(app, clock, "en")
    out = tmp_path / "amal.zip"
    args = _parser().parse_args(["people", "export", str(amal_id), "--out", str(out)])
    assert await person_data(app, args) == 0
    export = Export(out.read_bytes())
    assert AIM in export.json_text and AIM in export.html and MEETING in export.html


async def test_the_export_takes_one_query_per_table_and_path_however_many_rows(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    from sqlalchemy import event

    from storage.ownership import POLICIES
    from storage.personal_data import export_rows

    people = await exchange_world(app, clock)
    _anna, anna_id = people["anna"]
    _jan, jan_id = people["jan"]
    async with app.db.transaction() as conn:
        for number in range(2):  # Anna has many more rows than Jan: the same number of queries
            await Actions(conn).add(1, anna_id, "switcher", f"action {number}", clock.now)
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    event.listen(app.db.engine.sync_engine, "before_cursor_execute", count)
    try:
        async with app.db.transaction() as conn:
            await export_rows(conn, anna_id)
            for_anna = len([s for s in statements if s.lstrip().upper().startswith("SELECT")])
            statements.clear()
            await export_rows(conn, jan_id)
            for_jan = len([s for s in statements if s.lstrip().upper().startswith("SELECT")])
    finally:
        event.remove(app.db.engine.sync_engine, "before_cursor_execute", count)
    paths = sum(len(p.paths) for p in POLICIES.values())
    assert for_anna == 1 + paths  # is there such a person, then one query per table and path
    assert for_jan == 1 + paths + 1  # and one for the versions of agendas he added to


async def test_the_question_on_a_coordinators_screen_does_not_carry_names_into_her_export(
    app: App, clock: Clock
) -> None:
    await join(app, clock, "801", "switcher", "Anna Peeters", "en")
    await join(app, clock, "802", "learning_coach", "Jan De Smet", "en")
    kim, _kim_id = await join(app, clock, "803", "coordinator", "Kim Claes", "en")
    await kim.command("start")
    await kim.tap("menu:new_exchange")  # the open question lists switchers by name
    assert "Anna Peeters" in str(kim.question())
    export = await mydata(kim)
    [conversation] = export.data["conversations"]
    assert conversation["_withheld"] == ["state.pending"]
    assert conversation["state"]["stack"]  # where she is: hers
    assert not export.has("Anna Peeters") and not export.has("Jan De Smet")
