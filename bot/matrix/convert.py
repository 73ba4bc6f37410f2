"""Matrix room events → neutral events. Everything Matrix-specific about input stops here.

Commands start with ``!`` (Element swallows unknown ``/`` commands, but sends ``/start`` as
text when it is not one of its own). A media reference carries what is needed to download
(and, in encrypted rooms, decrypt) the file, as JSON; it never reaches storage.
"""

from __future__ import annotations

import json
from typing import Any

from nio import (
    MatrixRoom,
    RoomEncryptedAudio,
    RoomEncryptedFile,
    RoomEncryptedImage,
    RoomEncryptedMedia,
    RoomEncryptedVideo,
    RoomMessageAudio,
    RoomMessageFile,
    RoomMessageImage,
    RoomMessageMedia,
    RoomMessageText,
    RoomMessageVideo,
)
from nio.events.room_events import Event as RoomEvent

from conversations.events import (
    CommandIn,
    Event,
    MediaIn,
    MediaInfo,
    MediaKind,
    OtherIn,
    Sender,
    TextIn,
)

PLATFORM = "matrix"

#: Keycap digits shown in front of numbered options, so reacting with one picks it.
KEYCAPS = ("1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣", "🔟")

_COMMAND_PREFIXES = ("!", "/")


def sender_of(room: MatrixRoom, user_id: str) -> Sender:
    return Sender(
        platform=PLATFORM,
        external_id=user_id,
        chat_id=room.room_id,
        display_name=room.user_name(user_id) or None,
        language_code=None,  # Matrix does not tell; the person picks a language first
    )


def text_event(body: str) -> Event:
    stripped = body.strip()
    if stripped[:1] in _COMMAND_PREFIXES and stripped[1:2].isalpha():
        word, *args = stripped.split()
        return CommandIn(name=word[1:].lower(), args=tuple(args))
    return TextIn(text=body)


def media_kind(event: RoomMessageMedia | RoomEncryptedMedia) -> MediaKind:
    content: dict[str, Any] = event.source.get("content", {})
    if isinstance(event, RoomMessageAudio | RoomEncryptedAudio):
        voice = "org.matrix.msc3245.voice" in content or "org.matrix.msc1767.audio" in content
        return "voice" if voice else "audio"
    if isinstance(event, RoomMessageImage | RoomEncryptedImage):
        return "photo"
    if isinstance(event, RoomMessageVideo | RoomEncryptedVideo):
        return "video"
    return "document"


def media_ref(event: RoomMessageMedia | RoomEncryptedMedia) -> str:
    """Where the file is, and for encrypted rooms how to decrypt it (JSON)."""
    if isinstance(event, RoomEncryptedMedia):
        return json.dumps(
            {
                "url": event.url,
                "key": event.key.get("k"),
                "sha256": event.hashes.get("sha256"),
                "iv": event.iv,
            }
        )
    return json.dumps({"url": event.url})


def media_event(event: RoomMessageMedia | RoomEncryptedMedia) -> MediaIn:
    info: dict[str, Any] = event.source.get("content", {}).get("info") or {}
    duration = info.get("duration")
    return MediaIn(
        media_kind=media_kind(event),
        media=MediaInfo(
            ref=media_ref(event),
            size=info.get("size") if isinstance(info.get("size"), int) else None,
            mime_type=info.get("mimetype") or getattr(event, "mimetype", None),
            file_name=event.body or None,
            duration=duration / 1000 if isinstance(duration, int | float) else None,
            width=info.get("w") if isinstance(info.get("w"), int) else None,
            height=info.get("h") if isinstance(info.get("h"), int) else None,
        ),
    )


MEDIA_TYPES = (
    RoomMessageAudio,
    RoomMessageImage,
    RoomMessageFile,
    RoomMessageVideo,
    RoomEncryptedAudio,
    RoomEncryptedImage,
    RoomEncryptedFile,
    RoomEncryptedVideo,
)


def convert(event: RoomEvent) -> Event:
    """The neutral event for a message; whatever the bot cannot use is named, not dropped."""
    if isinstance(event, RoomMessageText):
        return text_event(event.body)
    if isinstance(event, MEDIA_TYPES):
        return media_event(event)
    source: dict[str, Any] = event.source
    if source.get("type") == "m.sticker":
        return OtherIn(what="sticker")
    msgtype = source.get("content", {}).get("msgtype", "")
    return OtherIn(what=str(msgtype).removeprefix("m.") or "unknown")


def keycap_index(key: str) -> int | None:
    """0 for 1️⃣ … 9 for 🔟; also a bare digit, as some clients send."""
    normalised = key.replace("\ufe0f", "")
    for index, cap in enumerate(KEYCAPS):
        if normalised == cap.replace("\ufe0f", ""):
            return index
    if key.isdigit() and 1 <= int(key) <= len(KEYCAPS):
        return int(key) - 1
    return None
