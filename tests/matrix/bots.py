"""The bot on the test homeserver, started the production way and stoppable mid-flow."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.app import App
from bot.matrix.transport import MatrixTransport
from bot.settings import Settings, load_settings
from tests.fakes import Clock
from tests.matrix.person import MatrixPerson
from tests.matrix.synapse_server import SynapseServer


class RunningMatrixBot:
    def __init__(self, settings: Settings, clock: Clock) -> None:
        self.settings, self.clock = settings, clock
        self.app: App | None = None
        self.transport: MatrixTransport | None = None

    async def start(self) -> RunningMatrixBot:
        self.app = await App.open(self.settings, clock=self.clock)
        self.transport = MatrixTransport(self.app, sync_timeout_ms=300)
        await self.transport.start()
        return self

    async def stop(self) -> None:
        if self.transport is not None:
            await self.transport.stop()
        if self.app is not None:
            await self.app.close()
        self.app = self.transport = None


@dataclass
class MatrixWorld:
    """One bot account and any number of people, fresh per test on the shared homeserver."""

    synapse: SynapseServer
    data_dir: Path
    clock: Clock
    bot_id: str = ""
    settings: Settings | None = None
    bots: list[RunningMatrixBot] = field(default_factory=list)
    people: list[MatrixPerson] = field(default_factory=list)

    def __post_init__(self) -> None:
        password = secrets.token_hex(8)
        self.bot_id = self.synapse.register(self.synapse.unique_localpart("bot"), password).user_id
        self.settings = load_settings(
            data_dir=self.data_dir,
            matrix_homeserver=self.synapse.url,
            matrix_user=self.bot_id,
            matrix_password=password,
        )

    async def start_bot(self) -> RunningMatrixBot:
        assert self.settings is not None
        bot = await RunningMatrixBot(self.settings, self.clock).start()
        self.bots.append(bot)
        return bot

    async def person(self, name: str, *, encrypted: bool) -> MatrixPerson:
        password = secrets.token_hex(8)
        user_id = self.synapse.register(self.synapse.unique_localpart(name), password).user_id
        person = await MatrixPerson(
            self.synapse.url, user_id, password, self.data_dir.parent / f"store-{name}"
        ).start()
        self.people.append(person)
        await person.open_dm(self.bot_id, encrypted=encrypted)
        return person

    async def close(self) -> None:
        for person in self.people:
            await person.close()
        for bot in self.bots:
            await bot.stop()


StartBot = Callable[[], Awaitable[RunningMatrixBot]]


@pytest.fixture
async def matrix(
    synapse: SynapseServer, tmp_path: Path, clock: Clock
) -> AsyncIterator[MatrixWorld]:
    world = MatrixWorld(synapse, tmp_path / "data", clock)
    try:
        yield world
    finally:
        await world.close()
