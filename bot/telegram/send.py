"""Neutral outgoing messages → Bot API calls, within Telegram's size limits."""

from __future__ import annotations

import asyncio

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut

from bot.outgoing import (
    OutChoices,
    OutDocument,
    Outgoing,
    OutImage,
    OutText,
    coalesce,
    split_text,
)
from bot.transport import SendFailed

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
#: The largest file a bot may upload (the Bot API's 50 MB, counted the strict way).
UPLOAD_LIMIT = 50_000_000


def keyboard(message: OutChoices) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(option.label, callback_data=option.token)]
            for option in message.options
        ]
    )


async def send_all(bot: Bot, chat_id: str, messages: list[Outgoing]) -> None:
    """Send in order; a refusal is raised as a neutral `SendFailed` the deliverer can judge."""
    for done, message in enumerate(coalesce(messages, TEXT_LIMIT, CAPTION_LIMIT)):
        try:
            await send_one(bot, chat_id, message)
        except TelegramError as exc:
            raise failure(exc, partly_sent=done > 0) from exc


def failure(exc: TelegramError, *, partly_sent: bool = False) -> SendFailed:
    """What a Bot API error means for trying again (PTB maps HTTP statuses to these types:
    403 Forbidden, 400 BadRequest, 429 RetryAfter, 5xx and connection faults NetworkError)."""
    if isinstance(exc, TimedOut):  # the request may have reached Telegram
        return SendFailed("timed out", maybe_sent=True)
    if isinstance(exc, RetryAfter | NetworkError) and not isinstance(exc, BadRequest):
        reason = "rate limited" if isinstance(exc, RetryAfter) else f"network: {exc.message}"
        if partly_sent:
            return SendFailed(f"partly sent, then {reason}", maybe_sent=True)
        return SendFailed(reason, retry=True)
    if isinstance(exc, Forbidden):
        return SendFailed("blocked by the user or removed from the chat")
    if isinstance(exc, BadRequest) and "chat not found" in exc.message.lower():
        return SendFailed("chat not found")
    return SendFailed(f"refused: {exc.message}", maybe_sent=partly_sent)


async def send_one(bot: Bot, chat_id: str, message: Outgoing) -> None:
    if isinstance(message, OutText):
        for chunk in split_text(message.text, TEXT_LIMIT):
            await bot.send_message(chat_id, chunk)
    elif isinstance(message, OutChoices):
        *before, last = split_text(message.text, TEXT_LIMIT) or [""]
        for chunk in before:
            await bot.send_message(chat_id, chunk)
        await bot.send_message(chat_id, last, reply_markup=keyboard(message))
    else:
        caption = message.caption
        short = caption if caption and len(caption) <= CAPTION_LIMIT else None
        if isinstance(message, OutImage):
            data = await _payload(message)
            await bot.send_photo(chat_id, data, caption=short, filename=message.file_name)
        elif isinstance(message, OutDocument):
            await _send_file(bot, chat_id, message, short)
        if caption and short is None:
            await send_one(bot, chat_id, OutText(caption))


async def _send_file(bot: Bot, chat_id: str, message: OutDocument, caption: str | None) -> None:
    """Back as it came in: a voice note as a voice note, a video as a video."""
    data, name = await _payload(message), message.file_name
    if message.kind == "voice":
        await bot.send_voice(chat_id, data, caption=caption, filename=name)
    elif message.kind == "audio":
        await bot.send_audio(chat_id, data, caption=caption, filename=name)
    elif message.kind == "video":
        await bot.send_video(chat_id, data, caption=caption, filename=name)
    elif message.kind == "photo":
        await bot.send_photo(chat_id, data, caption=caption, filename=name)
    else:
        await bot.send_document(chat_id, data, caption=caption, filename=name)


async def _payload(message: OutImage | OutDocument) -> bytes:
    """The bytes to upload. PTB reads a file object whole into memory anyway (one file under
    the 50 MB limit: a part of an export, never all of it), so a file built on disk is read
    in a worker thread rather than on the event loop."""
    if message.path is None:
        return message.data
    return await asyncio.to_thread(message.path.read_bytes)
