"""Media that people send (review LOW "uploaded files are passed on unchanged", §1.2 unlimited
uploads): EXIF (with the GPS position of a refugee's home) is removed on intake while the
orientation is applied; a PDF with JavaScript or embedded files is refused; a gigantic picture is
refused before it is decoded; and each person's files stay within their quota."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from PIL import Image

from bot.app import App
from bot.settings import Settings
from conversations.events import MediaIn, MediaInfo
from storage.media import MediaFiles
from tests.exchanges.test_cohort_export import cohort_world
from tests.fakes import Clock, FakeChat

GPS = 0x8825
ORIENTATION = 0x0112


def phone_photo() -> bytes:
    """40×20 pixels, left red and right blue, stored sideways with orientation 6 and a GPS fix."""
    image = Image.new("RGB", (40, 20), "red")
    image.paste((0, 0, 255), (20, 0, 40, 20))
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # shown rotated 90° clockwise
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(GPS).update({1: "N", 2: (51.0, 3.0, 7.5), 3: "E", 4: (3.0, 43.0, 12.1)})
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, quality=95, comment=b"home of Amal")
    return out.getvalue()


class Files:
    def __init__(self, app: App) -> None:
        self.by_ref: dict[str, bytes] = {}
        app.dispatcher.fetchers["fake"] = self.fetch

    async def fetch(self, ref: str) -> bytes:
        return self.by_ref[ref]

    def event(self, kind: str, ref: str, data: bytes) -> MediaIn:
        self.by_ref[ref] = data
        return MediaIn(media_kind=kind, media=MediaInfo(ref=ref, size=len(data)))  # type: ignore[arg-type]


async def reflecting(app: App, clock: Clock) -> tuple[FakeChat, Files]:
    found, _ex = await cohort_world(app, clock)
    anna = found["switcher"][0]
    await anna.command("reflect")
    return anna, Files(app)


async def kept_files(app: App) -> list[Path]:
    async with app.db.transaction() as conn:
        rows = [await MediaFiles(conn).get(i) for i in range(1, 50)]
    return [app.settings.data_dir / r.path for r in rows if r is not None]


async def test_a_photo_loses_its_gps_position_and_stays_upright(app: App, clock: Clock) -> None:
    anna, files = await reflecting(app, clock)
    original = phone_photo()
    assert b"PhoneMaker" in original and Image.open(io.BytesIO(original)).getexif()[ORIENTATION]
    for kind in ("photo", "document"):  # sent as a photo, or as a file
        await anna.send(files.event(kind, f"{kind}-1", original))
        assert "Saved" in anna.all_text()
    stored = await kept_files(app)
    assert len(stored) == 2
    for path in stored:
        data = path.read_bytes()
        assert b"PhoneMaker" not in data and b"home of Amal" not in data and b"Exif" not in data
        picture = Image.open(io.BytesIO(data))
        assert GPS not in picture.getexif() and not picture.getexif()
        assert picture.size == (20, 40)  # turned upright, as the phone showed it
        rgb = picture.convert("RGB")
        assert rgb.getpixel((10, 5))[0] > 200 and rgb.getpixel((10, 35))[2] > 200  # red on top


async def test_other_picture_formats_lose_metadata_or_are_refused(app: App, clock: Clock) -> None:
    anna, files = await reflecting(app, clock)
    image = Image.new("RGB", (30, 10), "green")
    exif = Image.Exif()
    exif.get_ifd(GPS).update({1: "N", 2: (51.0, 3.0, 7.5)})
    exif[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    image.save(out, format="TIFF", exif=exif)
    await anna.send(files.event("document", "scan", out.getvalue()))
    [stored] = await kept_files(app)
    assert b"PhoneMaker" not in stored.read_bytes()
    assert not Image.open(stored).getexif() and Image.open(stored).size == (30, 10)
    # An iPhone photo sent as a file (HEIC) cannot be cleaned here: refused, not kept as a video.
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"Exif\x00\x00GPS" * 50
    await anna.send(files.event("document", "iphone", heic))
    assert "I could not open that picture" in anna.all_text()
    assert len(await kept_files(app)) == 1


def pdf_with(body: bytes) -> bytes:
    return b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog " + body + b" >>\nendobj\ntrailer\n%%EOF\n"


def compressed_object(body: bytes) -> bytes:
    packed = zlib.compress(body)
    return (
        b"%PDF-1.7\n2 0 obj\n<< /Type /ObjStm /Filter /FlateDecode /Length "
        + str(len(packed)).encode()
        + b" >>\nstream\n"
        + packed
        + b"\nendstream\nendobj\n%%EOF\n"
    )


HOSTILE = {
    "javascript": pdf_with(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
    "escaped": pdf_with(b"/OpenAction << /S /Java#53cript /J#53 (app.alert(1)) >>"),
    "hidden": compressed_object(b"<< /S /JavaScript /JS (app.launchURL('x')) >>"),
    "auto-action": pdf_with(b"/AA << /O 5 0 R >>"),
    "embedded": pdf_with(b"/Names << /EmbeddedFiles 3 0 R >>"),
}


@pytest.mark.parametrize("variant", sorted(HOSTILE))
async def test_a_pdf_that_runs_scripts_or_carries_files_is_refused(
    app: App, clock: Clock, variant: str
) -> None:
    anna, files = await reflecting(app, clock)
    for kind in ("document", "photo"):
        await anna.send(files.event(kind, f"{variant}-{kind}", HOSTILE[variant]))
        said = anna.all_text()
        assert "That PDF contains scripts, automatic actions or attached files" in said
    assert await kept_files(app) == []
    assert not list((app.settings.data_dir / "media").rglob("*.*"))  # nothing staged or kept


async def test_an_ordinary_pdf_is_kept(app: App, clock: Clock) -> None:
    anna, files = await reflecting(app, clock)
    plain = pdf_with(b"/Pages 2 0 R /OpenAction [3 0 R /Fit]")  # open at page 1: harmless
    await anna.send(files.event("document", "notes", plain))
    assert "Saved" in anna.all_text()
    [stored] = await kept_files(app)
    assert stored.read_bytes() == plain


def huge_png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * (1 << 20))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


async def test_a_gigantic_or_broken_picture_is_refused(app: App, clock: Clock) -> None:
    anna, files = await reflecting(app, clock)
    await anna.send(files.event("photo", "bomb", huge_png(100_000, 100_000)))
    assert "That picture is too large (100,000 × 100,000 pixels)" in anna.all_text()
    await anna.send(files.event("photo", "broken", b"\xff\xd8\xff\xe0" + b"not really" * 50))
    assert "I could not open that picture" in anna.all_text()
    assert await kept_files(app) == []


@pytest.fixture
async def small_quota(settings_factory, clock: Clock) -> AsyncIterator[App]:  # type: ignore[no-untyped-def]
    settings: Settings = settings_factory(media_quota_mb=1)
    opened = await App.open(settings, clock=clock)
    yield opened
    await opened.close()


async def test_each_person_keeps_files_within_their_quota(small_quota: App, clock: Clock) -> None:
    anna, files = await reflecting(small_quota, clock)
    voice = b"OggS" + bytes(range(256)) * 2400  # 0.6 MB
    await anna.send(files.event("voice", "v1", voice))
    assert "Saved" in anna.all_text()
    await anna.send(files.event("voice", "v2", voice + b"again"))
    said = anna.all_text()
    assert "Your files already take 0.6 MB of the 1 MB I can keep for you" in said
    assert "(0.6 MB)" in said
    assert len(await kept_files(small_quota)) == 1
    staged = small_quota.settings.data_dir / "media" / ".staging"
    assert not staged.exists() or list(staged.iterdir()) == []
    # In the person's own language, numbers written their way.
    await anna.command("language")
    await anna.tap("lang:nl")
    await anna.command("reflect")
    await anna.send(files.event("voice", "v3", voice))
    assert "0,6" in anna.all_text()
