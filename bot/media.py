"""The media store: files people send, kept under safe generated names with a checksum.

Media are fetched from the platform *before* the event's transaction (a download must never
hold the database's single writer), into a staging folder. If the flow keeps the answer, the
file moves into `media/<yyyy-mm>/<uuid>.<ext>` and gets a row; otherwise the staged copy is
deleted. Files larger than the limit are never downloaded at all. The platform's claimed type is
checked against the bytes themselves.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import struct
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePath

MAX_BYTES = 20 * 1024 * 1024  # what a Telegram bot can fetch
STAGED = "staged:"

_EXT = {
    "image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "image/gif": ".gif",
    "audio/ogg": ".ogg", "audio/mpeg": ".mp3", "audio/mp4": ".m4a", "audio/wav": ".wav",
    "video/mp4": ".mp4", "application/pdf": ".pdf", "image/tiff": ".tif", "image/avif": ".avif",
}  # fmt: skip


#: ISO media brands of still pictures (HEIC, HEIF, AVIF), which carry EXIF like a JPEG.
_STILL_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif")


def sniff(data: bytes) -> str | None:
    """The MIME type the bytes themselves show, for the formats people send most."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data.startswith(b"OggS"):
        return "audio/ogg"
    if data.startswith(b"ID3") or data[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return "audio/mpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "audio/wav"
    if data[4:8] == b"ftyp":
        if data[8:12] in _STILL_BRANDS:  # an iPhone photo sent as a file: a picture, not a video
            return "image/heic"
        return "audio/mp4" if data[8:11] in (b"M4A", b"M4B") else "video/mp4"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff"
    if data.startswith(b"%PDF"):
        return "application/pdf"
    return None


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG or JPEG, read from its header."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data.startswith(b"\xff\xd8"):
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                i += 1
                continue
            marker = data[i + 1]
            length = struct.unpack(">H", data[i + 2 : i + 4])[0]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height, width = struct.unpack(">HH", data[i + 5 : i + 9])
                return int(width), int(height)
            i += 2 + length
    return None


#: Which sniffed types fit which neutral media kinds (None: any type is fine, e.g. a document).
FITS: dict[str, tuple[str, ...] | None] = {
    "photo": ("image/",),
    "voice": ("audio/",),
    "audio": ("audio/",),
    "video": ("video/", "audio/mp4"),
    "document": None,
}


def fits(kind: str, sniffed: str | None) -> bool:
    prefixes = FITS.get(kind)
    if prefixes is None:
        return True
    return sniffed is not None and sniffed.startswith(prefixes)


@dataclass(frozen=True)
class StoredFile:
    path: str  # relative to the data dir
    sha256: str
    size: int
    mime_type: str
    width: int | None
    height: int | None


class MediaStore:
    """Files people sent, under `<data>/media`, or under `WEGWIJZER_MEDIA_DIR` (a folder all
    workers share: README "Deployment"). Rows keep paths as `media/<month>/<name>` either way;
    `file()` says where one is."""

    def __init__(self, data_dir: Path, media_dir: Path | None = None) -> None:
        self.root = data_dir
        self.media = media_dir or data_dir / "media"
        self.staging = self.media / ".staging"

    def file(self, relative: str) -> Path:
        """Where a stored path (`media/…`) is on disk."""
        parts = PurePath(relative).parts
        if parts and parts[0] == "media":
            return self.media.joinpath(*parts[1:])
        return self.root / relative

    def stage(self, data: bytes) -> str:
        """Keep freshly downloaded bytes until the flow decides; returns a `staged:` ref."""
        self.staging.mkdir(parents=True, exist_ok=True)
        token = uuid.uuid4().hex
        (self.staging / token).write_bytes(data)
        return STAGED + token

    def staged_bytes(self, ref: str) -> bytes | None:
        path = self._staged_path(ref)
        return path.read_bytes() if path is not None and path.exists() else None

    def _staged_path(self, ref: str) -> Path | None:
        token = ref.removeprefix(STAGED)
        if not ref.startswith(STAGED) or not token.isalnum():
            return None
        return self.staging / token

    def keep(
        self, ref: str, claimed_mime: str | None, now: datetime, file_name: str | None = None
    ) -> StoredFile:
        """Move a staged file to its permanent, generated name, with the extension its type
        has, else the one it was sent with (walkthrough 20: a .txt or .docx came back .bin)."""
        source = self._staged_path(ref)
        if source is None or not source.exists():
            raise FileNotFoundError(ref)
        data = source.read_bytes()
        mime = sniff(data) or claimed_mime or "application/octet-stream"
        ext = _EXT.get(mime) or sent_extension(file_name) or ".bin"
        relative = Path("media") / f"{now:%Y-%m}" / f"{uuid.uuid4().hex}{ext}"
        target = self.file(str(relative))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(source), target)
        dims = image_size(data)
        return StoredFile(
            str(relative), hashlib.sha256(data).hexdigest(), len(data), mime,
            dims[0] if dims else None, dims[1] if dims else None,
        )  # fmt: skip

    def delete(self, relative: str) -> None:
        """Remove a kept file (consent withdrawn, person erased); never outside media/."""
        target = self.file(relative).resolve()
        if relative and target.is_relative_to(self.media.resolve()):
            target.unlink(missing_ok=True)

    def discard(self, ref: str) -> None:
        path = self._staged_path(ref)
        if path is not None:
            path.unlink(missing_ok=True)


def sent_extension(file_name: str | None) -> str | None:
    """The extension of the name a file was sent with, if it is a plain one (".docx")."""
    suffix = PurePath(file_name or "").suffix.lower()
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else None
