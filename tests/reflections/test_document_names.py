"""Walkthrough 20: a document sent in a reflection came back as `reflection-1-5.bin`: the
extension was dropped for every type the sniffer does not know, so a coach on a phone could not
open a .txt, .docx or .xlsx. It now keeps the extension it was sent with."""

from __future__ import annotations

from bot.app import App
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
