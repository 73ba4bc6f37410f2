"""Telegram updates → neutral events. Everything platform-specific stops here."""

from __future__ import annotations

from datetime import timedelta

from telegram import Message, Update, User

from bot.outgoing import parse_choice_token
from conversations.events import CommandIn, Event, MediaIn, MediaInfo, OtherIn, Sender, TextIn

PLATFORM = "telegram"


def sender_of(user: User, chat_id: int) -> Sender:
    return Sender(
        platform=PLATFORM,
        external_id=str(user.id),
        chat_id=str(chat_id),
        display_name=user.full_name or None,
        language_code=user.language_code,
    )


def convert(update: Update) -> tuple[Sender, Event] | None:
    """The neutral event of an update from a private chat, or None if it is not for us."""
    query = update.callback_query
    if query is not None:
        if query.message is None or query.message.chat.type != "private":
            return None
        return sender_of(query.from_user, query.message.chat.id), parse_choice_token(
            query.data or ""
        )
    message = update.message
    if message is None or message.from_user is None or message.chat.type != "private":
        return None
    return sender_of(message.from_user, message.chat.id), message_event(message)


def seconds(duration: int | timedelta | None) -> float | None:
    if duration is None:
        return None
    return duration.total_seconds() if isinstance(duration, timedelta) else float(duration)


def command_event(text: str) -> CommandIn:
    word, *args = text.split()
    name = word[1:].split("@", 1)[0].lower()
    return CommandIn(name=name, args=tuple(args))


def message_event(message: Message) -> Event:
    if message.text is not None:
        if message.text.startswith("/") and len(message.text) > 1:
            return command_event(message.text)
        return TextIn(text=message.text)
    caption = message.caption
    if message.voice is not None:
        v = message.voice
        info = MediaInfo(
            ref=v.file_id, size=v.file_size, mime_type=v.mime_type, duration=seconds(v.duration)
        )
        return MediaIn(media_kind="voice", media=info, caption=caption)
    if message.audio is not None:
        a = message.audio
        info = MediaInfo(
            ref=a.file_id,
            size=a.file_size,
            mime_type=a.mime_type,
            file_name=a.file_name,
            duration=seconds(a.duration),
        )
        return MediaIn(media_kind="audio", media=info, caption=caption)
    if message.photo:
        p = message.photo[-1]
        info = MediaInfo(
            ref=p.file_id, size=p.file_size, mime_type="image/jpeg", width=p.width, height=p.height
        )
        return MediaIn(media_kind="photo", media=info, caption=caption)
    if message.sticker is not None:
        return OtherIn(what="sticker")
    if message.animation is not None:
        return OtherIn(what="animation")
    if message.video is not None or message.video_note is not None:
        vid = message.video or message.video_note
        assert vid is not None
        mime = getattr(vid, "mime_type", None) or "video/mp4"
        info = MediaInfo(
            ref=vid.file_id, size=vid.file_size, mime_type=mime, duration=seconds(vid.duration)
        )
        return MediaIn(media_kind="video", media=info, caption=caption)
    if message.document is not None:
        d = message.document
        info = MediaInfo(
            ref=d.file_id, size=d.file_size, mime_type=d.mime_type, file_name=d.file_name
        )
        return MediaIn(media_kind="document", media=info, caption=caption)
    for what in ("location", "contact", "poll", "venue", "dice", "game"):
        if getattr(message, what, None) is not None:
            return OtherIn(what=what)
    return OtherIn(what="unknown")
