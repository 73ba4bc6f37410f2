"""The Desk Reset consultation: an invite link into the form, consent before recordings, export."""

from __future__ import annotations

import csv
import re
import zipfile
from datetime import timedelta
from pathlib import Path

from bot.app import App
from bot.export import export_responses
from conversations.events import MediaIn, MediaInfo
from storage.invites import Invites
from tests.fakes import Clock, FakeChat
from tests.flows.test_media import Files, png

VOICE = b"OggS\x00\x02" + bytes(range(200)) * 20


async def invited(app: App, clock: Clock, files: Files, user: str, name: str) -> FakeChat:
    async with app.db.transaction() as conn:
        invite = await Invites(conn).create(
            "participant", 50, clock.now + timedelta(days=7), clock.now, form_id="desk_reset"
        )
    app.dispatcher.fetchers["fake"] = files.fetch
    chat = FakeChat(app, user, display_name=name)
    await chat.command("start", invite.code)
    await chat.tap("lang:en")
    await chat.tap("consent:yes")
    await chat.tap("name:platform")
    assert "Your voice counts" in chat.all_text()  # straight into the consultation
    return chat


async def answer_up_to_recording(chat: FakeChat, *, anonymous: bool) -> None:
    await chat.tap("opt:yes" if anonymous else "opt:no")
    await chat.tap("opt:career_talk")
    await chat.tap("opt:language")
    await chat.tap("nav:done")
    await chat.tap("opt:everyone")
    await chat.tap("opt:4")
    await chat.say("Friendly people")
    await chat.tap("nav:skip")


async def test_two_participants_and_the_export(app: App, clock: Clock, tmp_path: Path) -> None:
    files = Files()
    ana = await invited(app, clock, files, "3001", "Ana Lopez")
    await answer_up_to_recording(ana, anonymous=False)
    await ana.tap("opt:yes")  # consent to keep a recording
    files.by_ref["voice-1"] = VOICE
    await ana.send(MediaIn(media_kind="voice", media=MediaInfo(ref="voice-1", size=len(VOICE))))
    await ana.tap("opt:yes")  # a summary of what was learned, please
    assert "Thank you for your contribution!" in ana.all_text()

    bo = await invited(app, clock, files, "3002", "Bo Secret")
    await answer_up_to_recording(bo, anonymous=True)
    await bo.tap("opt:no")  # no recording: the media question is not even asked
    assert "Send your voice message or photo now." not in bo.all_text()
    await bo.tap("opt:no")  # no summary
    assert "Thank you for your contribution!" in bo.all_text()

    form = app.library.forms["desk_reset"]
    result = await export_responses(app, form, tmp_path / "out" / "desk.csv", with_media=True)
    rows = list(csv.DictReader((tmp_path / "out" / "desk.csv").open(encoding="utf-8")))
    assert result.rows == 2 and [r["respondent"] for r in rows] == ["Ana Lopez", "anonymous"]
    assert "Bo Secret" not in (tmp_path / "out" / "desk.csv").read_text(encoding="utf-8")
    assert rows[0]["services"] == "career_talk; language" and rows[0]["satisfaction"] == "4"
    assert rows[0]["went_well"] == "Friendly people" and rows[0]["do_better"] == ""
    recording = rows[0]["contribution"]  # readable, as in the zip (walkthrough 21)
    assert re.fullmatch(r"desk_reset/ana-\d{4}-\d\d-\d\d-1\.ogg", recording), recording
    assert rows[1]["contribution"] == ""
    assert result.zip_path is not None
    with zipfile.ZipFile(result.zip_path) as archive:
        assert archive.namelist() == [recording]
        assert archive.read(recording) == VOICE


async def test_only_a_voice_note_or_photo_is_kept_as_a_contribution(
    app: App, clock: Clock, data_dir: Path, tmp_path: Path
) -> None:
    files = Files()
    cy = await invited(app, clock, files, "3003", "Cy")
    await answer_up_to_recording(cy, anonymous=False)
    await cy.tap("opt:yes")
    files.by_ref["doc-1"] = b"%PDF-1.4 minutes"
    await cy.send(MediaIn(media_kind="document", media=MediaInfo(ref="doc-1", size=16)))
    assert "does not fit" in cy.all_text()
    picture = png(10, 10)
    files.by_ref["photo-1"] = picture
    await cy.send(MediaIn(media_kind="photo", media=MediaInfo(ref="photo-1", size=len(picture))))
    await cy.tap("opt:no")
    assert "Thank you for your contribution!" in cy.all_text()
    (kept,) = list((data_dir / "media").glob("20*/*"))
    assert kept.read_bytes() == picture
    form = app.library.forms["desk_reset"]
    result = await export_responses(app, form, tmp_path / "d.csv", with_media=True)
    assert result.media_files == 1
