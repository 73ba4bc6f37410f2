"""Telegram takes files of at most 50 MB from a bot (the loopback Bot API refuses bigger ones,
413): a larger `/mydata` zip arrives in parts, each under the limit, together holding every
file once; a file that is itself too large is named, with how to get a complete copy."""

from __future__ import annotations

import asyncio
import io
import json
import zipfile
from collections.abc import Awaitable, Callable
from zoneinfo import ZoneInfo

from bot.personal_export import too_large_files
from bot.settings import Settings
from tests.fakes import Clock
from tests.large_files import MB, give_media
from tests.telegram.botapi_server import MAX_UPLOAD, BotApiServer
from tests.telegram.conftest import RunningBot
from tests.telegram.test_exchange_telegram import onboard

StartBot = Callable[[], Awaitable[RunningBot]]


async def test_mydata_over_50_mb_comes_in_parts_under_the_limit(
    botapi: BotApiServer, telegram_bot: StartBot, tg_settings: Settings, clock: Clock
) -> None:
    bot = await telegram_bot()
    assert bot.app is not None
    amal, amal_id = await onboard(bot, botapi, 8401, "newcomer", "en", "Amal")
    recordings = await give_media(bot.app, amal_id, [15 * MB] * 4, clock.now)  # 63 MB
    huge = await give_media(bot.app, amal_id, [52 * MB], clock.now, prefix="huge")
    note = bot.app.translator.render(too_large_files(1), "en", ZoneInfo("UTC"))

    botapi.push_text(amal.user_id, "/mydata", first_name="Amal", language_code="en")
    for _ in range(600):  # the note about the file left out comes last; at most a minute
        if any(note in (m.get("text") or "") for m in botapi.messages(amal.user_id)):
            break
        await asyncio.sleep(0.1)
    else:
        raise AssertionError(f"no note about the file left out: {botapi.messages(amal.user_id)}")

    sent = [c for c in botapi.calls_of("sendDocument") if c.error is None]
    assert len(sent) >= 2 and not [c for c in botapi.calls_of("sendDocument") if c.error]
    blobs = [c.files["document"][1] for c in sent]
    assert all(len(blob) < MAX_UPLOAD for blob in blobs)
    archives = [zipfile.ZipFile(io.BytesIO(blob)) for blob in blobs]
    names = [n for a in archives for n in a.namelist()]
    assert sorted(n for n in names if n.startswith("media/")) == sorted(recordings)
    assert huge[0] not in names and names.count("data.json") == 1
    data = json.loads(archives[0].read("data.json"))
    assert {m["path"] for m in data["media"]} == {*recordings, *huge}
    for archive in archives:
        for name in archive.namelist():
            if name.startswith("media/"):
                assert archive.read(name).startswith(name.rsplit("/", 1)[1].encode())
    captions = [c.params.get("caption") for c in sent]
    assert captions == [f"Part {i} of {len(sent)}" for i in range(1, len(sent) + 1)]
    await botapi.wait_idle()
    for _ in range(100):  # the folder goes right after the last send returns
        if not list((tg_settings.data_dir / "outgoing").glob("*/*")):
            break
        await asyncio.sleep(0.05)
    else:
        raise AssertionError("the parts were left on disk after sending")
