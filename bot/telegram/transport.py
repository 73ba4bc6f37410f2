"""The Telegram transport: python-telegram-bot with long polling, on the shared dispatcher.

Requests go to ``{WEGWIJZER_TELEGRAM_API_URL}/bot{token}/{method}`` and files to
``{url}/file/bot{token}/{path}``: the public Bot API by default, a self-hosted Bot API server
(or the tests' loopback server) when configured.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from telegram import BotCommand, CallbackQuery, Message, Update
from telegram.error import BadRequest, Conflict, InvalidToken, TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler

from bot.app import App
from bot.commands import GLOBAL_COMMANDS
from bot.dispatcher import Delivery
from bot.lanes import Lanes
from bot.outgoing import OutChoices, Outgoing
from bot.settings import ConfigError
from bot.telegram.convert import PLATFORM, convert
from bot.telegram.http import AiohttpRequest
from bot.telegram.limiter import PerChatRetry
from bot.telegram.send import UPLOAD_LIMIT, keyboard, send_all
from bot.telegram.webhook import webhook_secret
from locales import LOCALES
from storage.meta import Meta

log = logging.getLogger(__name__)

USERNAME_KEY = "telegram_username"
#: Updates handled at once (polling or webhook); more wait their turn, within the database pool.
CONCURRENT_UPDATES = 32


class TelegramTransport:
    platform = PLATFORM

    def __init__(self, app: App, *, poll_timeout: int = 10) -> None:
        token = app.settings.telegram_token
        if token is None:
            raise ValueError("no Telegram token configured")
        self.app = app
        self.poll_timeout = poll_timeout
        self.lanes = Lanes()
        url = app.settings.telegram_api_url
        #: Webhook mode (several workers): updates come through `receive`, no polling.
        self.webhook = app.settings.telegram_webhook_url
        builder = (
            ApplicationBuilder()
            .token(token.get_secret_value())
            .base_url(f"{url}/bot")
            .base_file_url(f"{url}/file/bot")
            .request(AiohttpRequest())
            .get_updates_request(AiohttpRequest(pool_size=1))
            .rate_limiter(PerChatRetry(max_retries=5))
            .concurrent_updates(CONCURRENT_UPDATES)
        )
        if self.webhook:
            builder = builder.updater(None)
        self._webhook_slots = asyncio.Semaphore(CONCURRENT_UPDATES)
        self.ptb: Application = builder.build()  # type: ignore[type-arg]
        app.dispatcher.fetchers[PLATFORM] = self.fetch_media
        app.dispatcher.upload_limits[PLATFORM] = UPLOAD_LIMIT
        self.ptb.add_handler(TypeHandler(Update, self._on_update))
        self.ptb.add_error_handler(self._on_error)

    # --- lifecycle -----------------------------------------------------------------------

    async def start(self) -> None:
        try:
            await self.ptb.initialize()
        except InvalidToken:
            raise ConfigError(
                "WEGWIJZER_TELEGRAM_TOKEN: Telegram does not accept this token"
            ) from None
        username = self.ptb.bot.username
        async with self.app.db.transaction() as conn:
            await Meta(conn).put(USERNAME_KEY, username)
        await self._set_commands()
        await self.ptb.start()
        self.app.register_transport(self)
        if self.webhook:
            await self.ptb.bot.set_webhook(
                self.webhook,
                secret_token=webhook_secret(self.app.settings),
                allowed_updates=["message", "callback_query"],
            )
            log.info("Telegram transport receiving updates by webhook as @%s", username)
            return
        assert self.ptb.updater is not None
        await self.ptb.updater.start_polling(
            poll_interval=0.0,
            timeout=self.poll_timeout,
            allowed_updates=["message", "callback_query"],
            error_callback=self._on_polling_error,
        )
        log.info("Telegram transport polling as @%s", username)

    def _on_polling_error(self, error: TelegramError) -> None:
        """PTB retries polling by itself; say plainly what a 409 means instead of a traceback."""
        if isinstance(error, Conflict):
            log.error(
                "Telegram refuses to deliver updates: another program is polling with this bot "
                "token (409 Conflict). Stop the other bot (another data folder or machine) or "
                "give this one its own token; retrying meanwhile."
            )
        else:
            log.warning("Telegram polling failed (%s); retrying", type(error).__name__)

    async def wait(self) -> None:
        """Polling runs (and retries network errors) inside PTB until stopped."""
        await asyncio.Event().wait()

    async def stop(self) -> None:
        self.app.unregister_transport(self)
        if self.ptb.updater is not None and self.ptb.updater.running:
            await self.ptb.updater.stop()
        if self.ptb.running:
            await self.ptb.stop()
        await self.ptb.shutdown()

    async def _set_commands(self) -> None:
        """A command menu per language; clients pick the one matching the person's language."""
        translate = self.app.translator.gettext
        for locale in (None, *LOCALES):
            shown = locale or self.app.settings.default_locale
            commands = [BotCommand(name, translate(shown, desc)) for name, desc in GLOBAL_COMMANDS]
            try:
                await self.ptb.bot.set_my_commands(commands, language_code=locale)
            except TelegramError as exc:
                log.warning("could not set the %s command menu: %s", locale or "default", exc)

    async def receive(self, data: dict[str, object]) -> None:
        """One update POSTed to the webhook: handled, and its replies sent, when this returns
        (the other workers keep the webhook: stopping one does not delete it)."""
        async with self._webhook_slots:  # as many at once as polling handles (and the pool)
            await self.ptb.process_update(Update.de_json(data, self.ptb.bot))

    # --- the seam every transport offers -------------------------------------------------

    async def send(self, chat_id: str, messages: list[Outgoing]) -> None:
        try:
            await send_all(self.ptb.bot, chat_id, messages)
        except Exception:
            self.app.metrics.failed(PLATFORM)
            raise
        self.app.metrics.sent(PLATFORM, len(messages))

    async def fetch_media(self, ref: str) -> bytes:
        file = await self.ptb.bot.get_file(ref)
        return bytes(await file.download_as_bytearray())

    # --- updates -------------------------------------------------------------------------

    async def _on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        converted = convert(update)
        if converted is None:
            return
        sender, event = converted
        # Fair use is checked as the update arrives: a flood must not hold update slots while
        # it waits in its own lane, in front of other people's updates.
        refused = self.app.dispatcher.admit(sender)
        if refused is not None and not refused.messages:  # dropped: nothing to wait for
            if update.callback_query is not None:
                with contextlib.suppress(TelegramError):
                    await update.callback_query.answer()  # only stop the spinner
            return

        async def work() -> None:
            delivery = refused or await self.app.dispatcher.handle(sender, event, admitted=True)
            try:
                messages = delivery.messages
                if update.callback_query is not None:
                    if await self._edit_in_place(update.callback_query, messages):
                        return
                    await self._settle_callback(update.callback_query, delivery)
                await self.send(sender.chat_id, messages)
            finally:
                delivery.close()  # its documents were sent from files; they go now

        await self.lanes.run(sender.chat_id, work)

    async def _edit_in_place(self, query: CallbackQuery, messages: list[Outgoing]) -> bool:
        """A toggled multiple choice: one edit of the tapped question instead of a new copy."""
        if len(messages) != 1 or not isinstance(messages[0], OutChoices):
            return False
        question, message = messages[0], query.message
        if not question.in_place or not isinstance(message, Message):
            return False
        with contextlib.suppress(TelegramError):
            await query.answer()
        try:
            await message.edit_text(question.text, reply_markup=keyboard(question))
        except BadRequest as exc:  # too old to edit: send it as a new message after all
            log.debug("could not edit a question in place: %s", exc)
            return False
        return True

    async def _settle_callback(self, query: CallbackQuery, delivery: Delivery) -> None:
        """Stop the spinner; remove the keyboard and show the answer under the question."""
        with contextlib.suppress(TelegramError):
            await query.answer()
        message = query.message
        if delivery.duplicate or delivery.dropped or not isinstance(message, Message):
            return
        chosen = None
        if message.reply_markup is not None and not delivery.stale:
            for row in message.reply_markup.inline_keyboard:
                for button in row:
                    if button.callback_data == query.data:
                        chosen = button.text
        try:
            if chosen and message.text:
                await message.edit_text(f"{message.text}\n\n→ {chosen}", reply_markup=None)
            else:
                await message.edit_reply_markup(reply_markup=None)
        except BadRequest as exc:  # too old to edit, or already without a keyboard
            log.debug("could not edit an answered question: %s", exc)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("Telegram update failed: %s", context.error, exc_info=context.error)
