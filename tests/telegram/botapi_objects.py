"""Pure builders for the Bot API JSON objects the fake server hands out.

Kept apart from the HTTP plumbing in :mod:`botapi_server` so the shapes PTB parses
(``Message``, ``PhotoSize``, ``CallbackQuery`` ...) live in one place and can be read
against https://core.telegram.org/bots/api without wading through aiohttp code.
Only the fields PTB needs plus the ones tests like to assert on are produced.
"""

from __future__ import annotations

import html
import json
import mimetypes
import re
import struct
import time
from typing import Any, NamedTuple

JSONDict = dict[str, Any]

# Form values that the Bot API always treats as strings. Everything else that parses as a
# non-string JSON value is decoded, because PTB JSON-encodes every non-string parameter.
# Without this list a message text like "123" would silently become an int.
STRING_PARAMS = frozenset(
    (
        "text caption callback_query_id language_code file_id parse_mode action url title "
        "performer file_name emoji inline_message_id business_connection_id message_effect_id "
        "name description short_description secret_token ip_address"
    ).split()
)

# Tags Telegram accepts with parse_mode=HTML; anything else is rejected by the real server.
HTML_TAGS = frozenset(
    ("b strong i em u ins s strike del a code pre span tg-spoiler tg-emoji blockquote").split()
)
_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s[^<>]*)?)>")


class ApiError(Exception):
    """Raised inside a method handler; becomes a ``{"ok": false, ...}`` reply.

    An exception (rather than returned tuples) lets deep validation helpers abort a
    request with exactly the error the real Bot API would give.
    """

    def __init__(self, code: int, description: str, parameters: JSONDict | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def payload(self) -> JSONDict:
        body: JSONDict = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}")


class Upload(NamedTuple):
    """A multipart file part as received."""

    filename: str
    data: bytes
    mime_type: str


def decode_param(key: str, value: Any) -> Any:
    """Undo PTB's per-value JSON encoding of form fields (see :data:`STRING_PARAMS`)."""
    if not isinstance(value, str) or key in STRING_PARAMS:
        return value
    try:
        parsed = json.loads(value)
    except ValueError:
        return value
    return value if isinstance(parsed, str) else parsed


def utf16_len(text: str) -> int:
    """Telegram measures entity offsets/lengths in UTF-16 code units, not code points."""
    return len(text.encode("utf-16-le")) // 2


def render_html(text: str) -> str:
    """Return the text a user would see for a parse_mode=HTML message.

    Validates like the real server so a bot that forgets to escape ``<`` in user input
    fails in tests the way it would fail in production.
    """
    out: list[str] = []
    stack: list[str] = []
    pos = 0
    for match in _TAG_RE.finditer(text):
        out.append(_html_text(text[pos : match.start()], pos))
        closing, tag = match.group(1) == "/", match.group(2).lower()
        if tag not in HTML_TAGS:
            raise bad_request(
                f'can\'t parse entities: Unsupported start tag "{tag}" at byte offset '
                f"{len(text[: match.start()].encode())}"
            )
        if closing:
            if not stack or stack.pop() != tag:
                raise bad_request(f'can\'t parse entities: Unexpected end tag "{tag}"')
        else:
            stack.append(tag)
        pos = match.end()
    out.append(_html_text(text[pos:], pos))
    if stack:
        raise bad_request(
            f"can't parse entities: Can't find end tag corresponding to start tag \"{stack[-1]}\""
        )
    return "".join(out)


def render_text(params: JSONDict, key: str, limit: int) -> str | None:
    """The visible text/caption of an outgoing message, with the real length limits."""
    if params.get(key) is None:
        return None
    text = str(params[key])
    if params.get("parse_mode") == "HTML":
        text = render_html(text)
    if utf16_len(text) > limit:
        raise bad_request(f"message {'caption ' if key == 'caption' else ''}is too long")
    return text


def _html_text(chunk: str, offset: int) -> str:
    if "<" in chunk:
        raise bad_request(
            "can't parse entities: Unsupported start tag at byte offset "
            f"{offset + len(chunk[: chunk.index('<')].encode())}"
        )
    return html.unescape(chunk)


def image_size(data: bytes) -> tuple[int, int]:
    """Best-effort (width, height) of PNG/JPEG bytes; (0, 0) if unknown.

    Real PhotoSize objects carry dimensions and bots sometimes pick a size by them.
    """
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data[:2] != b"\xff\xd8":
        return 0, 0
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            i += 1
            continue
        marker = data[i + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7 or marker == 0xFF:
            i += 1 if marker == 0xFF else 2
            continue
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return int(width), int(height)
        i += 2 + length
    return 0, 0


def bot_user(bot_id: int, username: str) -> JSONDict:
    return {"id": bot_id, "is_bot": True, "first_name": "Wegwijzer", "username": username}


def get_me(bot_id: int, username: str) -> JSONDict:
    return {
        **bot_user(bot_id, username),
        "can_join_groups": False,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
    }


def human_user(user_id: int, first_name: str, language_code: str | None) -> JSONDict:
    user: JSONDict = {"id": user_id, "is_bot": False, "first_name": first_name}
    if language_code is not None:
        user["language_code"] = language_code
    return user


def private_chat(chat_id: int, first_name: str) -> JSONDict:
    return {"id": chat_id, "type": "private", "first_name": first_name}


def message(message_id: int, chat: JSONDict, sender: JSONDict, **content: Any) -> JSONDict:
    """A ``Message``; ``content`` holds text/caption/photo/... (None values are dropped)."""
    msg: JSONDict = {
        "message_id": message_id,
        "date": int(time.time()),
        "chat": chat,
        "from": sender,
    }
    msg.update({key: value for key, value in content.items() if value is not None})
    return msg


def command_entities(text: str) -> list[JSONDict] | None:
    """PTB's CommandHandler only fires when Telegram marked the command with an entity."""
    if not text.startswith("/"):
        return None
    word = text.split(maxsplit=1)[0]
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(word)}]


def api_message(stored: JSONDict) -> JSONDict:
    """What the API returns for a stored bot message.

    The store keeps ``reply_markup`` exactly as sent (tests want to see reply keyboards
    too), but a real ``Message`` only ever carries inline keyboards; anything else would
    make PTB's ``InlineKeyboardMarkup.de_json`` choke.
    """
    result = dict(stored)
    markup = result.get("reply_markup")
    if not (isinstance(markup, dict) and "inline_keyboard" in markup):
        result.pop("reply_markup", None)
    return result


def callback_query(query_id: str, sender: JSONDict, msg: JSONDict, data: str) -> JSONDict:
    return {
        "id": query_id,
        "from": sender,
        "message": api_message(msg),
        "chat_instance": f"ci{msg['chat']['id']}",
        "data": data,
    }


def flatten_buttons(markup: Any) -> list[tuple[str, str]]:
    """Inline buttons as (label, callback_data or url); reply-keyboard buttons as
    (label, label) because pressing one simply sends its label as text."""
    if not isinstance(markup, dict):
        return []
    if "inline_keyboard" in markup:
        return [
            (b["text"], str(b.get("callback_data", b.get("url", ""))))
            for row in markup["inline_keyboard"]
            for b in row
        ]
    return [
        (label, label)
        for row in markup.get("keyboard", [])
        for label in (b if isinstance(b, str) else b["text"] for b in row)
    ]


def check_markup(markup: Any) -> None:
    """Reject what Telegram rejects, so oversized callback data fails in tests already."""
    if isinstance(markup, dict):
        for row in markup.get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode()) <= 64:
                    raise bad_request("BUTTON_DATA_INVALID")


def check_commands(commands: Any) -> None:
    """setMyCommands validation; uppercase command names are a classic real-world failure."""
    if not isinstance(commands, list):
        raise bad_request('parameter "commands" is required')
    for command in commands:
        name = str(command.get("command", ""))
        if not re.fullmatch(r"[a-z0-9_]{1,32}", name):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 0 < len(str(command.get("description", ""))) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")


_MEDIA_DIRS = {
    "photo": "photos",
    "document": "documents",
    "voice": "voice",
    "audio": "music",
    "video_note": "video_notes",
}
_MEDIA_KEYS = {
    "document": ("file_name", "mime_type"),
    "voice": ("duration", "mime_type"),
    "video": ("duration", "width", "height", "mime_type", "file_name"),
    "video_note": ("duration", "length"),
    "audio": ("duration", "mime_type", "file_name", "title", "performer"),
    "sticker": ("type", "width", "height", "is_animated", "is_video", "emoji"),
}


class FileStore:
    """Every file the fake knows (bot uploads and user media), by file_id, with the
    download path that getFile hands out."""

    def __init__(self) -> None:
        self.data: dict[str, bytes] = {}
        self.meta: dict[str, JSONDict] = {}
        self.paths: dict[str, str] = {}  # file_path -> file_id
        self._count = 0

    def register(self, data: bytes, kind: str, ext: str | None = None, **meta: Any) -> JSONDict:
        self._count += 1
        name = meta.get("file_name")
        ext = ext or (name.rsplit(".", 1)[-1] if name and "." in name else "bin")
        width, height = image_size(data) if kind == "photo" else (0, 0)
        entry: JSONDict = {"width": width, "height": height, **meta}
        entry["file_id"] = file_id = f"{kind.upper()}-file-{self._count}"
        entry["file_unique_id"] = f"u{self._count}"
        entry["file_size"] = len(data)
        entry["file_path"] = f"{_MEDIA_DIRS.get(kind, kind + 's')}/file_{self._count}.{ext}"
        self.data[file_id] = bytes(data)
        self.meta[file_id] = entry
        self.paths[entry["file_path"]] = file_id
        return entry

    def get_file(self, file_id: str, max_size: int) -> JSONDict:
        entry = self.meta.get(file_id)
        if entry is None:
            raise bad_request("invalid file_id")
        if entry["file_size"] > max_size:
            raise bad_request("file is too big")
        return {k: entry[k] for k in ("file_id", "file_unique_id", "file_size", "file_path")}

    @staticmethod
    def _ids(entry: JSONDict) -> JSONDict:
        return {k: entry[k] for k in ("file_id", "file_unique_id", "file_size")}

    def media(self, kind: str, entry: JSONDict) -> Any:
        """The message field for a file: a PhotoSize list for photos, else one object."""
        if kind == "photo":
            return self._photo_sizes(entry)
        extra = {k: entry[k] for k in _MEDIA_KEYS[kind] if entry.get(k) is not None}
        if kind in ("voice", "audio", "video", "video_note"):
            extra.setdefault("duration", 0)  # Telegram always reports one; PTB requires it
        if kind == "video":
            extra.setdefault("width", 320)
            extra.setdefault("height", 240)
        return {**self._ids(entry), **extra}

    def _photo_sizes(self, entry: JSONDict) -> list[JSONDict]:
        """Largest last. A thumbnail (with its own placeholder bytes, so a bot that
        downloads the wrong size is caught) is added when the image is big enough."""
        width, height = entry["width"], entry["height"]
        full = {**self._ids(entry), "width": width, "height": height}
        if max(width, height) <= 90:
            return [full]
        scale = 90 / max(width, height)
        thumb = self.register(b"thumbnail of " + entry["file_id"].encode(), "thumb", ext="jpg")
        size = {"width": round(width * scale), "height": round(height * scale)}
        return [{**self._ids(thumb), **size}, full]

    def outgoing(self, kind: str, params: JSONDict, upload: Upload | None) -> Any:
        """Media for a send* call: a fresh upload, or an earlier file_id being re-sent."""
        if upload is None:
            entry = self.meta.get(str(params.get(kind)))
            if entry is None:
                raise bad_request("wrong file identifier/HTTP URL specified")
            return self.media(kind, entry)
        mime = upload.mime_type
        if mime == "application/octet-stream":
            fallback = {"voice": "audio/ogg", "photo": "image/jpeg"}.get(kind, mime)
            mime = mimetypes.guess_type(upload.filename)[0] or fallback
        extra = {k: params.get(k) for k in ("duration", "title", "performer")}
        ext = {"photo": "jpg", "voice": "oga"}.get(kind)
        entry = self.register(
            upload.data, kind, ext, file_name=upload.filename, mime_type=mime, **extra
        )
        return self.media(kind, entry)
