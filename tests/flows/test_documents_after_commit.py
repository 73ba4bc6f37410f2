"""Nothing heavy under the writer lock (issue 14, item 2): documents are built after the event's
transaction, from a read, off the event loop, streamed to a private file that is removed once
sent; a file the platform cannot take is split or replaced by a clear message."""

from __future__ import annotations

import asyncio
import io
import json
import stat
import threading
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import pytest

from bot.app import App
from bot.documents import fit, too_large
from bot.outgoing import OutDocument, OutText
from bot.personal_export import parts_intro, too_large_files
from bot.workspace import FOLDER
from tests.exchanges.world import join
from tests.fakes import Clock, FakeChat
from tests.large_files import MB, give_media

GATE_TIMEOUT = 15.0  # only how long a broken build (one under the writer lock) may hang


def zips(chat: FakeChat) -> list[zipfile.ZipFile]:
    assert chat.last is not None
    docs = [m for m in chat.last.messages if isinstance(m, OutDocument)]
    return [zipfile.ZipFile(io.BytesIO(d.data)) for d in docs]


async def test_a_tap_is_answered_while_a_large_mydata_zip_is_being_written(
    app: App, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The zip of 120 MB is held half-way (a gate in zipfile); meanwhile another person taps a
    button and is answered. Built under the writer lock, her tap would wait for the zip."""
    amal, amal_id = await join(app, clock, "700", "newcomer", "Amal")
    paths = await give_media(app, amal_id, [15 * MB] * 8, clock.now)
    bo, _ = await join(app, clock, "701", "newcomer", "Bo")

    order: list[str] = []
    started, release = threading.Event(), threading.Event()
    real_write, real_close = zipfile.ZipFile.write, zipfile.ZipFile.close

    def gated_write(self: zipfile.ZipFile, *args: Any, **kwargs: Any) -> None:
        if not started.is_set():  # held once, before the first file
            started.set()
            release.wait(GATE_TIMEOUT)
        real_write(self, *args, **kwargs)

    def noted_close(self: zipfile.ZipFile) -> None:
        if self.mode == "w" and self.fp is not None:
            order.append("zip written")
        real_close(self)

    monkeypatch.setattr(zipfile.ZipFile, "write", gated_write)
    monkeypatch.setattr(zipfile.ZipFile, "close", noted_close)
    mydata = asyncio.create_task(amal.command("mydata"))
    assert await asyncio.to_thread(started.wait, GATE_TIMEOUT), "the zip was never started"

    await asyncio.wait_for(bo.tap(bo.choice_ids()[0]), timeout=GATE_TIMEOUT * 2)
    order.append("tap answered")
    assert bo.last is not None and bo.last.messages  # she got her reply
    release.set()
    await asyncio.wait_for(mydata, timeout=GATE_TIMEOUT * 4)

    assert order.index("tap answered") < order.index("zip written")
    monkeypatch.undo()
    [archive] = zips(amal)  # no limit on this platform: one zip with everything
    assert sorted(n for n in archive.namelist() if n.startswith("media/")) == sorted(paths)


async def test_building_a_120_mb_mydata_zip_takes_little_memory(app: App, clock: Clock) -> None:
    amal, amal_id = await join(app, clock, "710", "newcomer", "Amal")
    paths = await give_media(app, amal_id, [15 * MB] * 8, clock.now)

    tracemalloc.start()
    try:
        await amal.command("mydata")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert peak < 20 * MB, f"peak {peak / MB:.1f} MB while writing a 120 MB zip"
    [doc] = [m for m in amal.last.messages if isinstance(m, OutDocument)]  # type: ignore[union-attr]
    assert doc.path is not None and doc.size > 120 * MB  # on disk, not in memory
    with zipfile.ZipFile(doc.path) as archive:
        assert [archive.getinfo(p).file_size for p in paths] == [15 * MB] * 8
        assert archive.read(paths[3])[: len(Path(paths[3]).name)] == Path(paths[3]).name.encode()


async def test_the_documents_folder_is_private_and_gone_once_sent(app: App, clock: Clock) -> None:
    amal, amal_id = await join(app, clock, "720", "newcomer", "Amal")
    await give_media(app, amal_id, [1 * MB], clock.now)
    delivery = await amal.command("mydata")
    [doc] = [m for m in delivery.messages if isinstance(m, OutDocument)]
    assert doc.path is not None and doc.path.is_relative_to(app.settings.data_dir / FOLDER)
    assert stat.S_IMODE(doc.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(doc.path.parent.stat().st_mode) == 0o700

    delivery.close()  # what a transport does after sending
    assert not doc.path.exists() and not doc.path.parent.exists()


async def test_over_the_platform_limit_mydata_comes_in_parts_and_a_too_large_file_is_named(
    app: App, clock: Clock
) -> None:
    amal, amal_id = await join(app, clock, "730", "newcomer", "Amal")
    small = await give_media(app, amal_id, [3 * MB] * 5, clock.now)
    huge = await give_media(app, amal_id, [12 * MB], clock.now, prefix="huge")
    app.dispatcher.upload_limits["fake"] = 10 * MB

    delivery = await amal.command("mydata")

    docs = [m for m in delivery.messages if isinstance(m, OutDocument)]
    assert len(docs) >= 2 and all(d.size <= 10 * MB for d in docs)
    archives = [zipfile.ZipFile(io.BytesIO(d.data)) for d in docs]
    names = [n for a in archives for n in a.namelist()]
    assert sorted(n for n in names if n.startswith("media/")) == sorted(small)  # each once
    assert "data.json" in archives[0].namelist() and names.count("data.json") == 1
    data = json.loads(archives[0].read("data.json"))
    assert huge[0] in {m["path"] for m in data["media"]}  # listed, though the file is not sent
    texts = amal.texts(delivery)
    assert amal.tr(parts_intro(len(docs)), "en") in texts
    assert amal.tr(too_large_files(1), "en") in texts
    assert [d.caption for d in docs] == [f"Part {i} of {len(docs)}" for i in range(1, 7)][
        : len(docs)
    ]


async def test_a_document_the_platform_cannot_take_becomes_a_clear_message(
    app: App, clock: Clock
) -> None:
    """A file that cannot be split (here the /mydata zip itself, over a tiny limit) is not
    sent; the person reads, in their language, which file and how to get it otherwise."""
    amal, _ = await join(app, clock, "740", "newcomer", "Amal", "nl")
    app.dispatcher.upload_limits["fake"] = 100  # bytes: not even data.json fits

    delivery = await amal.command("mydata")

    assert not [m for m in delivery.messages if isinstance(m, OutDocument)]
    said = [m.text for m in delivery.messages if isinstance(m, OutText)]
    assert any("wegwijzer-my-data.zip" in text and "wegwijzer" in text for text in said)

    big = OutDocument(b"x" * 3_000_001, "wegwijzer-exchanges.xlsx", "application/zip")
    [message] = fit([big], 2_000_000, lambda msg: amal.tr(msg, "nl"))
    expected = amal.tr(too_large("wegwijzer-exchanges.xlsx", 3_000_001, 2_000_000), "nl")
    assert message == OutText(expected) and "4 MB" in expected and "2 MB" in expected
    assert expected != amal.tr(too_large("wegwijzer-exchanges.xlsx", 3_000_001, 2_000_000), "en")
