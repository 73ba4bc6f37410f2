"""Walkthrough 20: a document sent in a reflection came back as `reflection-1-5.bin`: the
extension was dropped for every type the sniffer does not know, so a coach on a phone could not
open a .txt, .docx or .xlsx. It now keeps the extension it was sent with."""

from __future__ import annotations

import io
import json
import zipfile

from bot.app import App
from bot.file_names import MAX_NAME, safe_file_name
from bot.outgoing import OutDocument
from conversations.events import MediaIn, MediaInfo
from tests.exchanges.world import Outbox
from tests.fakes import Clock
from tests.reflections.test_reflections import people

NOTES = b"Weekly planning board: columns per day, one colour per colleague.\n"


async def test_a_text_document_comes_back_with_its_extension(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    found = await people(app, clock)
    anna, _a = found["switcher"]
    jan, _j = found["coach"]

    async def fetch(ref: str) -> bytes:
        return NOTES

    app.dispatcher.fetchers["fake"] = fetch
    await anna.command("reflect")
    info = MediaInfo(ref="doc-1", size=len(NOTES), mime_type="text/plain", file_name="notes.txt")
    await anna.send(MediaIn(media_kind="document", media=info))
    await anna.tap("done")
    await anna.tap("vis:partner")
    await anna.tap("keep:yes")
    await jan.command("myreflections")
    await jan.tap(jan.choice_ids()[0])
    [sent] = [m for m in jan.last.messages if isinstance(m, OutDocument)]  # type: ignore[union-attr]
    assert sent.file_name.endswith(".txt") and sent.data == NOTES


async def test_a_document_keeps_the_name_it_was_sent_with(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    """Walkthrough 20, second half: the coach gets `Weekplanning ploeg B.txt`, not a generated
    `reflection-1-5.txt`, and the sender's /mydata zip holds it under that name too (the name
    is personal data: stored sanitised, listed as content of `media`)."""
    found = await people(app, clock)
    anna, _a = found["switcher"]
    jan, _j = found["coach"]

    async def fetch(ref: str) -> bytes:
        return NOTES

    app.dispatcher.fetchers["fake"] = fetch
    await anna.command("reflect")
    sent_name = "C:\\Users\\anna\\Weekplanning ploeg B.txt"
    info = MediaInfo(ref="doc-1", size=len(NOTES), mime_type="text/plain", file_name=sent_name)
    await anna.send(MediaIn(media_kind="document", media=info))
    await anna.tap("done")
    await anna.tap("vis:partner")
    await anna.tap("keep:yes")
    await jan.command("myreflections")
    await jan.tap(jan.choice_ids()[0])
    [sent] = [m for m in jan.last.messages if isinstance(m, OutDocument)]  # type: ignore[union-attr]
    assert sent.file_name == "Weekplanning ploeg B.txt" and sent.data == NOTES

    await anna.command("mydata")
    [doc] = [m for m in anna.last.messages if isinstance(m, OutDocument)]  # type: ignore[union-attr]
    archive = zipfile.ZipFile(io.BytesIO(doc.data))
    [row] = json.loads(archive.read("data.json"))["media"]
    assert row["file_name"] == "Weekplanning ploeg B.txt"
    folder = row["path"].rsplit("/", 1)[0]
    assert archive.read(f"{folder}/Weekplanning ploeg B.txt") == NOTES


def test_a_sent_name_is_stored_safe_and_short() -> None:
    """Walkthrough 20: what a sender's app calls a file is untrusted text: no folders, no
    control characters, at most 120 characters with the extension kept."""
    assert safe_file_name("../../etc/passwd") == "passwd"
    assert safe_file_name("notes\x00\n.txt") == "notes .txt"
    long = safe_file_name("x" * 300 + ".docx")
    assert long is not None and len(long) == MAX_NAME and long.endswith(".docx")
    assert safe_file_name(" . ") is None and safe_file_name(None) is None
