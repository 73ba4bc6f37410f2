"""GDPR in chat: `/mydata` gives a person a copy of everything kept about them (and nothing
about anyone else); `/forget` deletes it, files included, keeping only a nameless stand-in
where an exchange must stay on record for the others."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

from bot.app import App
from bot.outgoing import OutDocument
from conversations.events import MediaIn, MediaInfo
from storage.exchanges import Exchanges
from storage.people import People
from storage.personal_data import links
from tests.exchanges.world import exchange, join
from tests.fakes import Clock, FakeChat
from tests.newcomers.world import ENGINEER, NURSE, take_intake

VOICE = b"OggS" + b"my work wish" * 50


async def with_voice_aim(app: App, clock: Clock, user: str, name: str) -> tuple[FakeChat, int]:
    chat, person_id = await join(app, clock, user, "newcomer", name, "en")

    async def fetch(ref: str) -> bytes:
        return VOICE

    app.dispatcher.fetchers["fake"] = fetch
    form = app.dispatcher.journey.forms["newcomer_intake"]
    await chat.command("intake")
    for question in form.questions:
        if question.show_if and NURSE.get(question.show_if.question) not in question.show_if.any_of:
            continue
        value = NURSE.get(question.id)
        if question.id == "aim":
            voice = MediaInfo(ref="v", size=len(VOICE), duration=5)
            await chat.send(MediaIn(media_kind="voice", media=voice))
        elif value is None:
            await chat.tap("nav:skip")
        elif question.type == "multi":
            for option in value:
                await chat.tap(f"opt:{option}")
            await chat.tap("nav:done")
        else:
            await chat.tap(f"opt:{value}")
    return chat, person_id


async def test_mydata_gives_everything_about_me_and_nothing_about_others(
    app: App, clock: Clock
) -> None:
    amal, _amal_id = await with_voice_aim(app, clock, "600", "Amal Haddad")
    other, _ = await join(app, clock, "601", "newcomer", "Reza", "en")
    await take_intake(other, ENGINEER, aim="Software engineer in Antwerp")
    await amal.tap("s:dutch_course")
    await amal.tap("st:done")

    await amal.command("mydata")
    [doc] = [m for m in amal.last.messages if isinstance(m, OutDocument)]  # type: ignore[union-attr]
    archive = zipfile.ZipFile(io.BytesIO(doc.data))
    data = json.loads(archive.read("data.json"))
    assert data["users"][0]["name"] == "Amal Haddad"
    assert {"step_id": "dutch_course", "status": "done"}.items() <= data["plan_progress"][0].items()
    assert any(r["form_id"] == "newcomer_intake" for r in data["responses"])
    answers = {a["question_id"]: a["value"] for a in data["answers"]}
    assert answers["residence"] == "refugee" and answers["region"] == "east_flanders"
    assert answers["aim"]["media_id"] == data["media"][0]["id"]  # the voice answer, and its file
    [media_row] = data["media"]
    assert archive.read(media_row["path"]) == VOICE
    text = archive.read("data.json").decode()
    assert "Reza" not in text and "Software engineer" not in text
    assert "a copy of everything" in amal.all_text()


async def test_forget_deletes_everything_and_the_next_message_starts_afresh(
    app: App, clock: Clock
) -> None:
    amal, amal_id = await with_voice_aim(app, clock, "610", "Amal Haddad")
    stored = list((app.settings.data_dir / "media").rglob("*.ogg"))
    assert stored
    await amal.command("forget")
    await amal.say("yes")  # not a button: nothing happens
    async with app.db.transaction() as conn:
        assert await People(conn).get(amal_id) is not None
    await amal.tap("erase:yes")
    assert "Everything about you has been deleted" in amal.all_text()
    assert "Main menu" not in amal.all_text()
    async with app.db.transaction() as conn:
        assert await People(conn).get(amal_id) is None
        assert await People(conn).find_identity("fake", "610") is None
        for link in links():
            found = await conn.execute(link.column.table.select().where(link.column == amal_id))
            assert found.first() is None, link.table
    assert not [p for p in stored if p.exists()]
    await amal.say("hello")
    assert "lang:en" in amal.choice_ids()  # a new person: the language question first


async def test_forget_in_an_exchange_keeps_a_nameless_record_for_the_others(
    app: App, clock: Clock
) -> None:
    anna, anna_id = await join(app, clock, "620", "switcher", "Anna", "en")
    jan, jan_id = await join(app, clock, "621", "learning_coach", "Jan", "en")
    ex = await exchange(app, clock, anna_id, jan_id, None, clock.now + timedelta(days=3))
    await anna.command("reflect")
    await anna.say("They plan together.")
    await anna.tap("done")
    await anna.tap("vis:partner")
    await anna.command("forget")
    await anna.tap("erase:yes")
    async with app.db.transaction() as conn:
        person = await People(conn).get(anna_id)
        kept = await Exchanges(conn).get(ex)
    assert person is not None and person.name is None and not person.roles
    assert kept is not None and kept.switcher_id == anna_id
    await jan.command("exchanges")
    assert "Anna" not in jan.all_text() and "(no name yet)" in jan.all_text()
    await jan.command("myreflections")
    assert "They plan together" not in jan.all_text()


async def test_someone_who_refused_consent_can_erase_that_refusal_too(app: App) -> None:
    chat = FakeChat(app, "630")
    await chat.command("start")
    await chat.tap("lang:en")
    await chat.tap("consent:no")
    await chat.command("forget")
    await chat.tap("erase:yes")
    async with app.db.transaction() as conn:
        assert await People(conn).find_identity("fake", "630") is None
