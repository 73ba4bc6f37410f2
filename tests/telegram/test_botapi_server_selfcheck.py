"""Self-check of the fake Bot API server against the real python-telegram-bot stack.

If these fail, every Telegram end-to-end test is suspect, so they pin down exactly the
PTB behaviours the other tests rely on (start-up calls, commands with deep-link args,
callbacks, file transfer both ways, error mapping, prompt shutdown).
"""

from __future__ import annotations

import asyncio
import struct
import time
import zlib
from collections.abc import AsyncIterator

import aiohttp
import pytest
from telegram import Bot, BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, InvalidToken, RetryAfter
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.telegram.botapi_server import BotApiServer

USER = 4242


def png(width: int, height: int) -> bytes:
    """A tiny valid PNG, so dimension sniffing is exercised on real bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\0" + b"\xff\x00\x00" * width for _ in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Yes", callback_data="yes"),
                InlineKeyboardButton("No", callback_data="no"),
            ]
        ]
    )
    await update.effective_message.reply_text(f"start args={context.args}", reply_markup=keyboard)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    await query.edit_message_text(f"you chose {query.data}")


async def on_photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None
    file = await message.photo[-1].get_file()
    data = await file.download_as_bytearray()
    await message.reply_text(f"got {len(data)} bytes")


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None and message.document is not None
    data = await (await message.document.get_file()).download_as_bytearray()
    await message.reply_photo(bytes(data), caption="your picture")


@pytest.fixture
async def server() -> AsyncIterator[BotApiServer]:
    async with BotApiServer() as srv:
        yield srv


def bot_for(server: BotApiServer, token: str | None = None) -> Bot:
    return Bot(
        token or server.token,
        base_url=f"{server.url}/bot",
        base_file_url=f"{server.url}/file/bot",
    )


@pytest.fixture
async def bot(server: BotApiServer) -> AsyncIterator[Bot]:
    async with bot_for(server) as b:
        yield b


@pytest.fixture
async def application(server: BotApiServer) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    app = (
        ApplicationBuilder()
        .token(server.token)
        .base_url(f"{server.url}/bot")
        .base_file_url(f"{server.url}/file/bot")
        .build()
    )
    app.add_handler(CommandHandler("start", on_start))
    app.add_handler(CallbackQueryHandler(on_button))
    app.add_handler(MessageHandler(filters.PHOTO, on_photo))
    app.add_handler(MessageHandler(filters.Document.ALL, on_document))
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=1)
    yield app
    began = time.monotonic()
    await app.updater.stop()  # a long poll is normally pending right now
    await app.stop()
    await app.shutdown()
    assert time.monotonic() - began < 2.5, "PTB shutdown hung on the long poll"


async def test_conversation_through_real_ptb(
    server: BotApiServer,
    application: Application,  # type: ignore[type-arg]
) -> None:
    await server.wait_for_call("getUpdates")
    methods = [c.method for c in server.calls]
    assert methods.index("getMe") < methods.index("deleteWebhook") < methods.index("getUpdates")

    # deep link: /start with a payload reaches CommandHandler with context.args
    server.push_text(USER, "/start abc123", first_name="Anna", language_code="nl")
    [greeting] = await server.wait_for_messages(USER, 1)
    assert greeting["text"] == "start args=['abc123']"
    assert greeting["chat"] == {"id": USER, "type": "private", "first_name": "Anna"}
    assert server.buttons(greeting) == [("Yes", "yes"), ("No", "no")]

    # a button press is answered and the question edited, keyboard gone
    query_id = server.push_callback(USER, greeting["message_id"], "no")
    answer = await server.wait_for_call("answerCallbackQuery")
    assert answer.params["callback_query_id"] == query_id and answer.error is None
    await server.wait_for_call("editMessageText")
    [edited] = server.messages(USER)
    assert edited["text"] == "you chose no" and "reply_markup" not in edited
    assert server.buttons(edited) == []
    with pytest.raises(LookupError):  # the keyboard is gone, so the button can't be pressed
        server.push_callback(USER, greeting["message_id"], "yes")

    # user photo: PTB downloads exactly the pushed bytes (largest size is last)
    picture = png(200, 100)
    server.push_photo(USER, picture, caption="look")
    messages = await server.wait_for_messages(USER, 2)
    assert messages[-1]["text"] == f"got {len(picture)} bytes"

    # user document -> bot uploads it back as a photo; the upload arrives byte-exact
    server.push_document(USER, picture, file_name="pic.png", mime_type="image/png")
    messages = await server.wait_for_messages(USER, 3)
    sent = messages[-1]
    assert sent["caption"] == "your picture"
    assert [(p["width"], p["height"]) for p in sent["photo"]] == [(90, 45), (200, 100)]
    assert server.files[sent["photo"][-1]["file_id"]] == picture
    assert server.calls_of("sendPhoto")[0].files["photo"][1] == picture
    await server.wait_idle()


async def test_injected_flood_error_is_retry_after(server: BotApiServer, bot: Bot) -> None:
    server.fail_next("sendMessage", retry_after=1)
    # match the text: .retry_after is an int or a timedelta depending on PTB_TIMEDELTA
    with pytest.raises(RetryAfter, match=r"Retry in (1 seconds|0:00:01)"):
        await bot.send_message(USER, "hello")
    assert server.messages(USER) == []
    await bot.send_message(USER, "hello")  # only the next call fails
    assert server.last_message(USER)["text"] == "hello"
    server.fail_next("sendMessage", error_code=400, description="Bad Request: chat not found")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(USER, "again")


async def test_wrong_token_is_unauthorized(server: BotApiServer) -> None:
    with pytest.raises(InvalidToken):
        await bot_for(server, "987654321:AAwrongTOKENabcdefghijklmnopqrstuvwx").get_me()
    async with aiohttp.ClientSession() as http:
        response = await http.post(f"{server.url}/bot1:nope/getMe")
        assert response.status == 401
        assert await response.json() == {
            "ok": False,
            "error_code": 401,
            "description": "Unauthorized",
        }


async def test_files_over_20_mb_cannot_be_fetched(server: BotApiServer, bot: Bot) -> None:
    big = b"\0" * (20 * 1024 * 1024 + 1)
    server.push_document(USER, big, file_name="big.bin", mime_type="application/octet-stream")
    [update] = await bot.get_updates()
    assert update.message is not None and update.message.document is not None
    assert update.message.document.file_size == len(big)
    with pytest.raises(BadRequest, match="File is too big"):
        await bot.get_file(update.message.document.file_id)


async def test_commands_are_stored_per_scope_and_language(server: BotApiServer, bot: Bot) -> None:
    await bot.set_my_commands([BotCommand("start", "Begin")], language_code="nl")
    await bot.set_my_commands([BotCommand("start", "Start")])
    assert server.commands[("default", "nl")] == [{"command": "start", "description": "Begin"}]
    assert server.commands[("default", None)] == [{"command": "start", "description": "Start"}]
    assert [c.command for c in await bot.get_my_commands(language_code="nl")] == ["start"]
    assert await bot.delete_my_commands(language_code="nl") is True
    assert ("default", "nl") not in server.commands
    with pytest.raises(BadRequest):
        await bot.set_my_commands([BotCommand("Start", "uppercase is refused by Telegram")])


async def test_edit_rules_match_the_real_api(server: BotApiServer, bot: Bot) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]])
    sent = await bot.send_message(
        USER, "<b>Q</b> &amp; A", parse_mode="HTML", reply_markup=keyboard
    )
    assert sent.text == "Q & A" and sent.reply_markup == keyboard
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_text("Q & A", USER, sent.message_id, reply_markup=keyboard)
    await bot.edit_message_reply_markup(USER, sent.message_id)  # drops the keyboard
    assert "reply_markup" not in server.last_message(USER)
    with pytest.raises(BadRequest, match="parse entities"):
        await bot.send_message(USER, "1 < 2 <oops>", parse_mode="HTML")


async def test_long_polling_order_offset_and_prompt_stop(server: BotApiServer, bot: Bot) -> None:
    ids = [server.push_text(USER, t) for t in ("one", "/two x", "three")]
    updates = await bot.get_updates(timeout=1)
    assert [u.update_id for u in updates] == ids
    assert updates[1].message is not None and updates[1].message.entities[0].length == 4
    assert await bot.get_updates(offset=ids[-1] + 1, timeout=0) == ()
    poll = asyncio.create_task(bot.get_updates(offset=ids[-1] + 1, timeout=1))
    await asyncio.sleep(0.1)
    server.push_text(USER, "late")
    began = time.monotonic()
    assert [u.message.text for u in await poll if u.message] == ["late"]
    assert time.monotonic() - began < 0.5  # answered on push, not at the poll timeout
    pending = asyncio.create_task(bot.get_updates(offset=ids[-1] + 2, timeout=1))
    await asyncio.sleep(0.1)
    began = time.monotonic()
    await server.stop()
    assert time.monotonic() - began < 0.5
    assert await pending == ()


async def test_raw_json_and_form_bodies(server: BotApiServer) -> None:
    base = f"{server.url}/bot{server.token}"
    async with aiohttp.ClientSession() as http:
        form = {"chat_id": str(USER), "text": "123", "reply_markup": '{"inline_keyboard": []}'}
        async with http.post(f"{base}/sendMessage", data=form) as response:
            body = await response.json()
        assert body["ok"] and body["result"]["text"] == "123"
        json_body = {"chat_id": USER, "text": "456"}
        async with http.post(f"{base}/sendMessage", json=json_body) as response:
            assert (await response.json())["result"]["text"] == "456"
        async with http.post(f"{base}/sendSticker", json=json_body) as response:
            assert response.status == 404
            assert (await response.json())["description"] == "Not Found: method not found"
    assert [c.params["chat_id"] for c in server.calls_of("sendMessage")] == [USER, USER]
