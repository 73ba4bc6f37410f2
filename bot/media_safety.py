"""What people send is cleaned or refused before it is kept or passed on to anyone.

- Pictures (any sniffed image, sent as a photo or as a file) lose EXIF, XMP, IPTC, comments and
  text chunks — a phone photo's EXIF holds the GPS position of where it was taken, often the
  sender's home. The orientation stored in EXIF is applied to the pixels first, so the picture
  still stands upright. A picture without such metadata is kept byte for byte.
- Pictures above `MAX_PIXELS` are refused before they are decoded (decompression bombs), and
  so are pictures that cannot be decoded at all.
- PDFs with JavaScript, automatic actions, launch actions or embedded files are refused: they
  would be forwarded as they are to a coach or coordinator. Names written with `#xx` escapes
  and compressed object streams are looked into as well.
"""

from __future__ import annotations

import io
import re
import warnings
import zlib
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING

from bot.media import image_size
from conversations.text import Msg, _

if TYPE_CHECKING:
    from PIL import Image

#: 64 megapixels: a 48 MP phone photo passes; decoding costs up to ~256 MB at most.
MAX_PIXELS = 64_000_000


@cache
def _pil() -> ModuleType:
    """Pillow, loaded with the first picture (a worker that never gets one never pays for it)."""
    from PIL import Image as pillow

    pillow.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow's own guard, for anything that decodes later
    return pillow

#: Image information that says nothing about the person or the place.
_HARMLESS_INFO = frozenset({
    "jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi", "icc_profile", "adobe",
    "adobe_transform", "progressive", "progression", "gamma", "transparency", "srgb",
    "chromaticity", "duration", "loop", "background", "version", "aspect", "interlace",
    "compression", "bbox", "timestamp", "disposal", "blend", "default_image",
})  # fmt: skip
#: JPEG application segments that only describe colour.
_HARMLESS_APP = (("APP0", b"JFIF"), ("APP2", b"ICC_PROFILE"), ("APP14", b"Adobe"))
_ORIENTATION = 0x0112
_FORMATS = {"JPEG": {"quality": 92}, "PNG": {}, "WEBP": {"quality": 90}, "GIF": {}}

_PDF_ACTIVE = re.compile(
    rb"/(JS|JavaScript|AA|Launch|EmbeddedFiles?|RichMedia|SubmitForm|ImportData)(?![A-Za-z0-9])"
)
_PDF_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_INFLATE_BUDGET = 64 * 1024 * 1024


class MediaRefused(Exception):
    """A file that is not kept; `reason` is told to the person who sent it."""

    def __init__(self, reason: Msg) -> None:
        super().__init__(reason.msgid)
        self.reason = reason


UNREADABLE_PICTURE = _(
    "I could not open that picture, so I did not keep it. Please send it again as a photo."
)
ACTIVE_PDF = _(
    "That PDF contains scripts, automatic actions or attached files, so I did not keep it. "
    "Please send a PDF without them, or a photo of the pages."
)


def clean_image(data: bytes) -> bytes:
    """The picture without metadata (upright), or the same bytes if it carried none."""
    claimed = image_size(data)  # read from the header: a bomb is refused before Pillow sees it
    if claimed is not None and claimed[0] * claimed[1] > MAX_PIXELS:
        raise MediaRefused(_too_big(*claimed))
    pillow = _pil()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pillow.DecompressionBombWarning)
            image = pillow.open(io.BytesIO(data))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise MediaRefused(_too_big(width, height))
            image.load()
            if not _needs_cleaning(image):
                return data
            return _reencode(image)
    except MediaRefused:
        raise
    except pillow.DecompressionBombError:
        raise MediaRefused(UNREADABLE_PICTURE) from None
    except Exception:  # truncated, unknown or hostile: nothing we could show anyone
        raise MediaRefused(UNREADABLE_PICTURE) from None


def _too_big(width: int, height: int) -> Msg:
    return _(
        "That picture is too large ({width} × {height} pixels), so I did not keep it. "
        "Please send a smaller version.",
        width=width,
        height=height,
    )


def _needs_cleaning(image: Image.Image) -> bool:
    if image.getexif() or set(image.info) - _HARMLESS_INFO:
        return True
    applist = getattr(image, "applist", [])
    return any(
        not any(marker == m and body.startswith(p) for m, p in _HARMLESS_APP)
        for marker, body in applist
    )


def _reencode(image: Image.Image) -> bytes:
    fmt = image.format if image.format in _FORMATS else "PNG"
    icc = image.info.get("icc_profile")
    options: dict[str, object] = dict(_FORMATS[fmt])
    if icc:
        options["icc_profile"] = icc  # colour, not a person: keeps the picture looking right
    out = io.BytesIO()
    if getattr(image, "n_frames", 1) > 1:
        from PIL import ImageSequence

        frames = [_bare(frame.copy()) for frame in ImageSequence.Iterator(image)]
        options.update(duration=image.info.get("duration", 100), loop=image.info.get("loop", 0))
        frames[0].save(out, format=fmt, save_all=True, append_images=frames[1:], **options)
    else:
        from PIL import ImageOps

        upright = ImageOps.exif_transpose(image)
        _bare(upright).save(out, format=fmt, **options)
    return out.getvalue()


def _bare(image: Image.Image) -> Image.Image:
    """Pixels only: no EXIF, XMP, comments or text travel to the encoder (transparency does)."""
    image.info = {k: v for k, v in image.info.items() if k == "transparency"}
    if hasattr(image, "_exif"):
        image._exif = None
    return image


def looks_like_pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


def check_pdf(data: bytes) -> None:
    """Refuse a PDF that would run something or carry other files when opened."""
    budget = _INFLATE_BUDGET
    parts = [data]
    for match in _PDF_STREAM.finditer(data):
        if budget <= 0:
            break
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(match.group(1), budget)
        except zlib.error:
            continue
        budget -= len(inflated)
        parts.append(inflated)
    for part in parts:
        plain = _PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), part)
        if _PDF_ACTIVE.search(plain):
            raise MediaRefused(ACTIVE_PDF)
