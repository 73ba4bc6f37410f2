"""Telegram in webhook mode (issue 18 item 3): with WEGWIJZER_TELEGRAM_WEBHOOK_URL the bot calls
setWebhook with a secret token instead of polling, and takes updates on the desk's ASGI server
(same host and port). A request without the right X-Telegram-Bot-Api-Secret-Token is refused
with 403 and changes nothing; the real one is answered, and only after its reply was sent."""

from __future__ import annotations

from pathlib import Path

import aiohttp

from bench.webhook import WebhookBotApi
from bench.workers import free_port
from bot.app import App
from bot.desk.server import DeskServer
from bot.settings import load_settings
from bot.telegram.transport import TelegramTransport
from tests.fakes import Clock


async def test_updates_come_by_webhook_and_a_request_without_the_secret_is_refused(
    data_dir: Path, clock: Clock
) -> None:
    port = free_port()
    hook = f"http://127.0.0.1:{port}/telegram/webhook"
    async with WebhookBotApi() as botapi:
        settings = load_settings(
            data_dir=data_dir, telegram_token=botapi.token, telegram_api_url=botapi.url,
            telegram_webhook_url=hook, web_port=port,
        )  # fmt: skip
        app = await App.open(settings, clock=clock)
        desk, transport = DeskServer(app), TelegramTransport(app)
        try:
            await desk.start()
            await transport.start()
            assert botapi.webhook == hook
            assert botapi.secret and len(botapi.secret) >= 32
            assert settings.telegram_token is not None
            assert settings.telegram_token.get_secret_value() not in botapi.secret
            assert not botapi.calls_of("getUpdates")  # no long polling beside the webhook

            update = {"update_id": 1, "message": {
                "message_id": 1, "date": 0, "chat": {"id": 77, "type": "private"},
                "from": {"id": 77, "is_bot": False, "first_name": "Eve"},
                "text": "/start", "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
            }}  # fmt: skip
            async with aiohttp.ClientSession() as http:
                for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "guess"}):
                    async with http.post(hook, json=update, headers=headers) as resp:
                        assert resp.status == 403
            assert botapi.messages(77) == []  # refused: nobody was answered

            botapi.push_text(78, "/start", first_name="Ana")  # posted with the secret
            await botapi.wait_for_messages(78, 1, timeout=30)
            await botapi.wait_idle(quiet=0.2, timeout=30)
            assert dict(botapi.statuses) == {200: 1}  # taken at once, by the running transport
            async with aiohttp.ClientSession() as http:  # /metrics on the same server (item 4)
                async with http.get(f"http://127.0.0.1:{port}/metrics") as resp:
                    metrics = await resp.text()
            sent = [line for line in metrics.splitlines()
                    if line.startswith("wegwijzer_messages_total{")]  # fmt: skip
            assert len(sent) == 1 and 'outcome="sent"' in sent[0]
            assert 'platform="telegram"' in sent[0]
            assert float(sent[0].rsplit(" ", 1)[1]) == len(botapi.messages(78))
        finally:
            await transport.stop()
            await desk.stop()
            await app.close()
    assert botapi.webhook == hook  # a stopping worker leaves the webhook to the others
