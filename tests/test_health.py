"""`/healthz` for the load balancer in front of several workers (README "Deployment"): 200 while
the worker can serve, 503 with the reason when its database does not answer or, in webhook
mode, its Telegram transport is not running, so the proxy sends the webhook to another worker.
The answer names the worker and its transports, never anyone's data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.app import App
from bot.desk.server import DeskServer
from bot.settings import load_settings
from tests.fakes import Clock, FakeChat

TOKEN = "123456789:AAEhBP0av18gsIthisIsNotARealTokenAtAll"


async def _get(app: App, path: str = "/healthz") -> tuple[int, dict[str, Any]]:
    desk = DeskServer(app, port=0)
    await desk.start()
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{desk.port}{path}") as resp:
                return resp.status, await resp.json()
    finally:
        await desk.stop()


async def test_a_working_worker_is_healthy(data_dir: Path, clock: Clock) -> None:
    app = await App.open(load_settings(data_dir=data_dir, worker_name="worker-a"), clock=clock)
    try:
        await FakeChat(app, "51", display_name="Anna Peeters").command("start")
        status, body = await _get(app)
    finally:
        await app.close()
    assert status == 200
    assert body == {"status": "ok", "worker": "worker-a", "transports": [], "problems": []}
    assert "Anna" not in str(body)


async def test_a_worker_whose_database_does_not_answer_is_unhealthy(
    data_dir: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = await App.open(load_settings(data_dir=data_dir, worker_name="worker-b"), clock=clock)

    async def gone() -> None:
        raise ConnectionRefusedError("the database server went away")

    monkeypatch.setattr(app.db, "ping", gone)
    try:
        status, body = await _get(app)
    finally:
        await app.close()
    assert status == 503
    assert body["status"] == "unhealthy"
    assert body["problems"] == ["database: ConnectionRefusedError"]


async def test_a_webhook_worker_without_its_telegram_transport_is_unhealthy(
    data_dir: Path, clock: Clock
) -> None:
    settings = load_settings(
        data_dir=data_dir, worker_name="worker-c", telegram_token=TOKEN,
        telegram_webhook_url="https://bot.example.org/telegram/webhook",
    )  # fmt: skip
    app = await App.open(settings, clock=clock)
    try:
        status, body = await _get(app)
    finally:
        await app.close()
    assert status == 503
    assert body["problems"] == ["telegram: not running"]
