"""Media answers: fetched before the transaction, checked by their bytes, stored exactly."""

from __future__ import annotations

import hashlib
import struct
import zlib
from pathlib import Path

from bot.app import App
from bot.media import image_size, sniff
from bot.settings import load_settings
from conversations.events import MediaIn, MediaInfo
from storage.media import MediaFiles
from tests.fakes import Clock, FakeChat
from tests.flows.test_forms import (
    CONTENT,
    form_app,
    form_settings,
    registered,
    responses_of,
    to_age,
)

__all__ = ["form_app", "form_settings"]  # fixtures re-used from the form tests


def png(width: int = 3, height: int = 2) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


class Files:
    """What the platform would hand over, and which refs were actually downloaded."""

    def __init__(self) -> None:
        self.by_ref: dict[str, bytes] = {}
        self.fetched: list[str] = []

    async def fetch(self, ref: str) -> bytes:
        self.fetched.append(ref)
        return self.by_ref[ref]


async def at_photo_question(app: App) -> tuple[FakeChat, Files]:
    files = Files()
    app.dispatcher.fetchers["fake"] = files.fetch
    chat = await registered(app)
    await to_age(chat)
    await chat.say("30")
    await chat.say("02/11/2026")
    return chat, files


async def test_a_photo_answer_is_stored_byte_for_byte(form_app: App, data_dir: Path) -> None:
    chat, files = await at_photo_question(form_app)
    picture = png(640, 480)
    files.by_ref["tg-photo-1"] = picture
    info = MediaInfo(ref="tg-photo-1", size=len(picture), mime_type="image/jpeg")
    await chat.send(MediaIn(media_kind="photo", media=info))
    assert "Thank you! Your answers are saved." in chat.all_text()
    (response,) = await responses_of(form_app, chat)
    answer = response.answers["picture"]
    stored = data_dir / answer["path"]
    assert stored.read_bytes() == picture
    assert answer["sha256"] == hashlib.sha256(picture).hexdigest()
    assert answer["mime_type"] == "image/png"  # what the bytes are, not what was claimed
    assert (answer["width"], answer["height"]) == (640, 480)
    assert stored.name.endswith(".png") and "tg-photo" not in stored.name  # a generated name
    async with form_app.db.transaction() as conn:
        row = await MediaFiles(conn).get(answer["media_id"])
    assert row is not None and row.size == len(picture) and row.kind == "photo"
    assert list((data_dir / "media" / ".staging").iterdir()) == []


async def test_a_pdf_sent_as_a_photo_is_refused_and_not_kept(form_app: App, data_dir: Path) -> None:
    chat, files = await at_photo_question(form_app)
    files.by_ref["fake-photo"] = b"%PDF-1.7 not an image"
    await chat.send(MediaIn(media_kind="photo", media=MediaInfo(ref="fake-photo", size=21)))
    assert "does not fit this question" in chat.all_text()
    assert list((data_dir / "media" / ".staging").iterdir()) == []
    assert not list((data_dir / "media").glob("20*/*"))


async def test_a_30_mb_file_is_never_downloaded(form_app: App) -> None:
    chat, files = await at_photo_question(form_app)
    info = MediaInfo(ref="huge", size=30 * 1024 * 1024, mime_type="image/jpeg")
    await chat.send(MediaIn(media_kind="photo", media=info))
    assert "too big" in chat.all_text() and files.fetched == []


async def test_a_failed_download_is_explained_and_the_question_asked_again(form_app: App) -> None:
    chat, _files = await at_photo_question(form_app)
    await chat.send(MediaIn(media_kind="photo", media=MediaInfo(ref="gone", size=10)))
    assert "I could not download that file" in chat.all_text()
    assert "Send a photo of your workplace." in chat.all_text()


def test_sniffing_reads_the_bytes() -> None:
    assert sniff(png()) == "image/png" and image_size(png(7, 5)) == (7, 5)
    assert sniff(b"OggS\x00\x02") == "audio/ogg" and sniff(b"%PDF-1.4") == "application/pdf"
    assert sniff(b"hello") is None


async def test_an_answer_that_no_longer_applies_is_deleted_with_its_recording(
    form_app: App, data_dir: Path
) -> None:
    files = Files()
    form_app.dispatcher.fetchers["fake"] = files.fetch
    chat = await registered(form_app)
    await chat.command("sampler")
    await chat.tap("opt:blue")
    files.by_ref["v1"] = b"OggS" + bytes(300)
    await chat.send(MediaIn(media_kind="voice", media=MediaInfo(ref="v1", size=304)))
    assert len(list((data_dir / "media").glob("20*/*.ogg"))) == 1
    await chat.tap("nav:back")  # back to "why blue?"
    await chat.tap("nav:back")  # back to the colour
    await chat.tap("opt:red")  # "why blue?" no longer applies
    await chat.tap("opt:saw")
    await chat.tap("nav:done")
    await chat.tap("opt:yes")
    await chat.tap("opt:3")
    await chat.say("40")
    await chat.say("02/11/2026")
    await chat.tap("nav:skip")
    (response,) = await responses_of(form_app, chat)
    assert response.completed_at is not None and "why_blue" not in response.answers
    assert list((data_dir / "media").glob("20*/*.ogg")) == []  # the voice note is gone


async def test_with_a_shared_media_folder_files_are_kept_there_and_erased_there(
    data_dir: Path, tmp_path: Path, clock: Clock
) -> None:
    """Several workers (issue 18 item 3): `WEGWIJZER_MEDIA_DIR` is one folder every worker
    reads and writes, so a photo kept by one worker is on disk for all of them, nothing lands
    in the worker's own data folder, and deleting the answer deletes the file there."""
    shared = tmp_path / "shared-media"
    app = await App.open(
        load_settings(data_dir=data_dir, content_dir=CONTENT, media_dir=shared), clock=clock
    )
    try:
        chat, files = await at_photo_question(app)
        picture = png(8, 8)
        files.by_ref["tg-photo-2"] = picture
        info = MediaInfo(ref="tg-photo-2", size=len(picture), mime_type="image/png")
        await chat.send(MediaIn(media_kind="photo", media=info))
        (response,) = await responses_of(app, chat)
        path = str(response.answers["picture"]["path"])
        assert path.startswith("media/")  # the row's path does not depend on the folder
        [kept] = list(shared.glob("20*/*.png"))
        assert kept.read_bytes() == picture
        assert app.dispatcher.media.file(path) == kept
        assert not (data_dir / "media").exists() or not list((data_dir / "media").rglob("*.png"))
        app.dispatcher.media.delete(path)
        assert not kept.exists()
    finally:
        await app.close()
