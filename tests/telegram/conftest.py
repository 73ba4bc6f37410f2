"""Fixtures for Telegram tests: a Bot API server on loopback and the real transport on top."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from bot.app import App
from bot.settings import Settings, load_settings
from bot.telegram.transport import TelegramTransport
from tests.fakes import Clock
from tests.telegram.botapi_server import BotApiServer


@pytest.fixture
async def botapi() -> AsyncIterator[BotApiServer]:
    async with BotApiServer() as server:
        yield server


@pytest.fixture
def tg_settings(data_dir: Path, botapi: BotApiServer) -> Settings:
    return load_settings(
        data_dir=data_dir, telegram_token=botapi.token, telegram_api_url=botapi.url
    )


class RunningBot:
    """The production start-up path (App.open + TelegramTransport.start), stoppable mid-flow."""

    def __init__(self, settings: Settings, clock: Clock) -> None:
        self.settings, self.clock = settings, clock
        self.app: App | None = None
        self.transport: TelegramTransport | None = None

    async def start(self) -> TelegramTransport:
        self.app = await App.open(self.settings, clock=self.clock)
        self.transport = TelegramTransport(self.app, poll_timeout=1)
        await self.transport.start()
        await self.app.start_scheduler()
        return self.transport

    async def stop(self) -> None:
        if self.transport is not None:
            await self.transport.stop()
        if self.app is not None:
            await self.app.close()
        self.app = self.transport = None


@pytest.fixture
async def telegram_bot(
    tg_settings: Settings, clock: Clock
) -> AsyncIterator[Callable[[], Awaitable[RunningBot]]]:
    started: list[RunningBot] = []

    async def start() -> RunningBot:
        bot = RunningBot(tg_settings, clock)
        await bot.start()
        started.append(bot)
        return bot

    yield start
    for bot in started:
        await bot.stop()
