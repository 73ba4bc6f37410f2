"""Voice answers in the learning agenda can be played back by the switcher, the learning coach
and the coordinator (walkthrough finding 7: the agenda showed "(voice message)" with nothing to
play, so the most encouraged kind of answer could not be heard by its main audience)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.app import App
from bot.built import FileReply
from bot.outgoing import OutDocument
from bot.workspace import Workspace
from conversations.events import MediaIn, MediaInfo
from conversations.replies import ReplayAgenda
from tests.exchanges.world import Outbox, exchange, join
from tests.fakes import Clock, FakeChat

START = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)
SAMIR_VOICE = b"OggS" + b"\1" * 3996
KATRIEN_VOICE = b"OggS" + b"\2" * 2996


def voices(chat: FakeChat) -> list[bytes]:
    assert chat.last is not None
    return [m.data for m in chat.last.messages if isinstance(m, OutDocument) and m.kind == "voice"]


async def test_switcher_coach_and_coordinator_listen_to_voice_answers(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    samir, samir_id = await join(app, clock, "321", "switcher", "سمير", "ar")
    lies, lies_id = await join(app, clock, "322", "learning_coach", "Lies", "nl")
    katrien, katrien_id = await join(app, clock, "323", "coordinator", "Katrien", "nl")
    _other, _o = await join(app, clock, "324", "learning_coach", "Other", "en")
    files = {"s1": SAMIR_VOICE, "k1": KATRIEN_VOICE}

    async def fetch(ref: str) -> bytes:
        return files[ref]

    app.dispatcher.fetchers["fake"] = fetch
    await samir.command("agenda")
    await samir.say("فريقنا ينمو بسرعة")
    await samir.say("كيف يعمل نظام المرافقة للزملاء الجدد في الممارسة اليومية عندكم؟")
    await samir.tap("keep")  # the learning question gets one follow-up (walkthrough 12)
    await samir.say("إعداد نظام مرافقة للزملاء الجدد في فريقي")
    await samir.tap("skip")
    await samir.tap("skip")
    await samir.tap("more:no")
    await samir.send(MediaIn(media_kind="voice", media=MediaInfo(ref="s1", size=4000, duration=9)))
    for _step in range(5):
        await samir.tap("skip")
    await samir.tap("save")
    await exchange(app, clock, samir_id, lies_id, katrien_id, START)

    await samir.command("agenda")
    await samir.tap("listen")  # his own answer
    assert voices(samir) == [SAMIR_VOICE]

    await lies.command("exchanges")
    await lies.tap("agenda")
    await lies.tap("listen")  # the coach
    assert voices(lies) == [SAMIR_VOICE]

    await katrien.command("exchanges")
    await katrien.tap("agenda")
    await katrien.tap("add:comments")
    await katrien.send(MediaIn(media_kind="voice", media=MediaInfo(ref="k1", size=3000)))
    await katrien.command("exchanges")
    await katrien.tap("agenda")
    await katrien.tap("listen")  # the coordinator hears both
    assert voices(katrien) == [SAMIR_VOICE, KATRIEN_VOICE]
    await samir.command("agenda")
    await samir.tap("listen")  # and the switcher hears the coordinator's comment
    assert voices(samir) == [SAMIR_VOICE, KATRIEN_VOICE]


async def test_nobody_else_can_listen(app: App, clock: Clock, outbox: Outbox) -> None:
    """A forged playback for someone outside the switcher's exchanges gets no file."""
    samir, samir_id = await join(app, clock, "331", "switcher", "Samir", "en")
    _other, other_id = await join(app, clock, "332", "learning_coach", "Other", "en")

    async def fetch(ref: str) -> bytes:
        return SAMIR_VOICE

    app.dispatcher.fetchers["fake"] = fetch
    await samir.command("agenda")
    await samir.send(MediaIn(media_kind="voice", media=MediaInfo(ref="s1", size=4000)))
    await samir.say("How does a buddy system for new colleagues work in practice at your place?")
    await samir.tap("keep")
    await samir.say("Set up a buddy system for new colleagues in my team")
    await samir.tap("skip")
    await samir.tap("skip")
    await samir.tap("more:no")
    for _step in range(6):
        await samir.tap("skip")
    await samir.tap("save")

    async def played_to(person: int) -> list[FileReply]:
        documents = app.dispatcher.documents
        reader = documents.reader(person, frozenset(), "en", "Europe/Brussels", None)
        workspace = Workspace(app.settings.data_dir)
        try:
            built = await documents.build(
                [ReplayAgenda(switcher_id=samir_id)], reader, workspace, None
            )
            return [b for b in built if isinstance(b, FileReply)]
        finally:
            workspace.close()

    assert len(await played_to(samir_id)) == 1
    assert await played_to(other_id) == []
