"""Reflections end to end on Telegram (real PTB against the Bot API on 127.0.0.1): the switcher
sends text, a voice note, an audio file, a photo of a whiteboard, a video, a round video note
and a PDF; each is stored byte for byte; the coach it is shared with gets every item back as
it was made, and an outsider's forged button plays nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from bot.reminders.service import create_exchange
from storage.exchanges import NewExchange
from storage.media import MediaFiles
from storage.reflections import Reflections
from tests.flows.test_media import png
from tests.telegram.botapi_server import BotApiServer
from tests.telegram.conftest import RunningBot
from tests.telegram.test_exchange_telegram import onboard

StartBot = Callable[[], Awaitable[RunningBot]]
VOICE = b"OggS\x00\x02" + bytes(range(256)) * 40
AUDIO = b"ID3\x04\x00" + bytes(range(200)) * 30
PHOTO = png(64, 48)
VIDEO = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 50
ROUND = b"\x00\x00\x00\x18ftypisom" + bytes(reversed(range(256))) * 40
PDF = b"%PDF-1.4\n% notes of day 1\n" + b"0" * 3000


def sent_bytes(botapi: BotApiServer, message: dict[str, Any]) -> tuple[str, bytes] | None:
    for kind in ("voice", "audio", "video", "document"):
        if kind in message:
            return kind, botapi.files[message[kind]["file_id"]]
    if "photo" in message:
        return "photo", botapi.files[message["photo"][-1]["file_id"]]
    return None


async def test_every_kind_of_reflection_item_round_trips(
    botapi: BotApiServer, telegram_bot: StartBot
) -> None:
    bot = await telegram_bot()
    assert bot.app is not None
    anna, anna_id = await onboard(bot, botapi, 9101, "switcher", "nl", "Anna")
    jan, jan_id = await onboard(bot, botapi, 9102, "learning_coach", "en", "Jan")
    bert, _bert_id = await onboard(bot, botapi, 9103, "switcher", "en", "Bert")
    start = bot.clock.now + timedelta(days=2)
    new = NewExchange(anna_id, jan_id, "Bakkerij Janssens, Gent",
                      ((start, start + timedelta(hours=6)),))  # fmt: skip
    async with bot.app.db.transaction() as conn:
        await create_exchange(conn, bot.settings, new, bot.clock.now)

    who = {"first_name": "Anna", "language_code": "nl"}
    await anna.say("/reflect")
    await anna.say("Ze plannen de week samen op één bord.")
    botapi.push_voice(9101, VOICE, duration=7, **who)  # type: ignore[arg-type]
    await anna.settle()
    botapi.push_audio(9101, AUDIO, duration=12, **who)  # type: ignore[arg-type]
    await anna.settle()
    botapi.push_photo(9101, PHOTO, **who)  # type: ignore[arg-type]
    await anna.settle()
    botapi.push_video(9101, VIDEO, duration=9, **who)  # type: ignore[arg-type]
    await anna.settle()
    botapi.push_video_note(9101, ROUND, duration=5, **who)  # type: ignore[arg-type]
    await anna.settle()
    botapi.push_document(9101, PDF, file_name="notes.pdf", mime_type="application/pdf",
                         **who)  # type: ignore[arg-type]  # fmt: skip
    new_messages = await anna.settle()
    assert "7" in anna.text(new_messages)  # "saved: 7 items so far"
    await anna.tap("done")
    await anna.tap("vis:partner")
    await anna.tap("keep:yes")

    async with bot.app.db.transaction() as conn:
        [made] = await Reflections(conn).of_exchange(1)
        stored = []
        for item in made.items:
            row = await MediaFiles(conn).get(item.media_id) if item.media_id else None
            stored.append((item.kind, (bot.settings.data_dir / row.path).read_bytes()
                           if row else item.text))  # fmt: skip
    assert stored == [
        ("text", "Ze plannen de week samen op één bord."),
        ("voice", VOICE), ("audio", AUDIO), ("photo", PHOTO), ("video", VIDEO),
        ("video", ROUND), ("document", PDF),
    ]  # fmt: skip

    # Jan, the coach it was shared with, is told and hears and sees it as it was made.
    for _attempt in range(50):
        if any("/myreflections" in (m.get("text") or "") for m in botapi.messages(9102)):
            break
        await botapi.wait_idle()
    await jan.say("/myreflections")
    await jan.tap(f"ref:{made.id}")
    played = [sent_bytes(botapi, m) for m in botapi.messages(9102)]
    files = [p for p in played if p is not None]
    assert files == [
        ("voice", VOICE), ("audio", AUDIO), ("photo", PHOTO), ("video", VIDEO),
        ("video", ROUND), ("document", PDF),
    ]  # fmt: skip
    assert "Ze plannen de week samen op één bord." in jan.text(botapi.messages(9102))

    # Bert forges the same button under his own chat: nothing is sent to him.
    await bert.say("/myreflections")
    question = bert.question()
    data = next(d for _l, d in botapi.buttons(question))
    seq = data.split(":", 1)[0]
    await bert.tap_data(question["message_id"], f"{seq}:ref:{made.id}", forged=True)
    assert not [m for m in botapi.messages(9103) if sent_bytes(botapi, m)]
