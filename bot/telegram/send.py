"""Neutral outgoing messages → Bot API calls, within Telegram's size limits."""

from __future__ import annotations

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup

from bot.outgoing import OutChoices, OutDocument, Outgoing, OutImage, OutText, split_text

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024


def keyboard(message: OutChoices) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(option.label, callback_data=option.token)]
            for option in message.options
        ]
    )


async def send_all(bot: Bot, chat_id: str, messages: list[Outgoing]) -> None:
    for message in messages:
        await send_one(bot, chat_id, message)


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
            await bot.send_photo(chat_id, message.data, caption=short, filename=message.file_name)
        elif isinstance(message, OutDocument):
            await _send_file(bot, chat_id, message, short)
        if caption and short is None:
            await send_one(bot, chat_id, OutText(caption))


async def _send_file(bot: Bot, chat_id: str, message: OutDocument, caption: str | None) -> None:
    """Back as it came in: a voice note as a voice note, a video as a video."""
    data, name = message.data, message.file_name
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
