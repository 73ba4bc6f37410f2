"""Fixtures for the desk: the bot on a loopback Telegram Bot API with the desk beside it (the
production wiring of `wegwijzer run`), and one headless Chromium per test module.

The browser is Debian's `chromium` (/usr/bin/chromium, or WEGWIJZER_TEST_CHROMIUM); nothing
is downloaded at run time. Without it the browser tests skip on a developer's machine and fail
in CI (CI=true), so a missing browser never passes unnoticed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio

from bot.app import App
from bot.desk.links import issue_link
from bot.desk.server import DeskServer
from bot.settings import load_settings
from bot.telegram.transport import TelegramTransport
from storage.invites import Invites
from storage.people import People
from storage.programmes import Programmes
from tests.fakes import Clock
from tests.telegram.botapi_server import BotApiServer
from tests.telegram.person import TelegramPerson

CHROMIUM = os.environ.get("WEGWIJZER_TEST_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "desk"


def chromium_path() -> str:
    found = shutil.which(CHROMIUM) or (CHROMIUM if os.access(CHROMIUM, os.X_OK) else None)
    if found is None:
        message = f"no Chromium at {CHROMIUM}: apt-get install chromium (.ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser() -> AsyncIterator[Any]:
    """One browser for the whole module; each test opens its own context (cookies apart)."""
    from playwright.async_api import async_playwright

    path = chromium_path()
    async with async_playwright() as pw:
        launched = await pw.chromium.launch(executable_path=path, headless=True)
        yield launched
        await launched.close()


@dataclass
class Running:
    """The bot on Telegram and the desk, on one App, as `wegwijzer run` starts them."""

    app: App
    botapi: BotApiServer
    clock: Clock
    base: str
    people: dict[str, int] = field(default_factory=dict)
    chats: dict[str, TelegramPerson] = field(default_factory=dict)

    async def onboard(self, uid: int, role: str, lang: str, name: str) -> int:
        async with self.app.db.transaction() as conn:
            code = (
                await Invites(conn).create(role, 1, self.clock.now + timedelta(days=9),
                                           self.clock.now)
            ).code  # fmt: skip
        person = TelegramPerson(self.botapi, uid, lang, name)
        await person.say(f"/start {code}")
        await person.tap(f"lang:{lang}")
        await person.tap("consent:yes")
        await person.tap("name:platform")
        async with self.app.db.transaction() as conn:
            identity = await People(conn).find_identity("telegram", str(uid))
        assert identity is not None
        self.people[name], self.chats[name] = identity.user_id, person
        return identity.user_id

    async def link_for(self, person_id: int) -> str:
        """What `wegwijzer desk link --person ID` prints, for this server's address."""
        async with self.app.db.transaction() as conn:
            return await issue_link(conn, self.app.settings, person_id, self.clock.now)

    async def member(self, name: str, role: str, programme: int | None = None) -> int:
        """Someone in a programme without a chat (for checks that need no Telegram)."""
        now = self.clock.now
        async with self.app.db.transaction() as conn:
            person = await People(conn).create("telegram", f"m-{name}", f"m-{name}", now)
            await People(conn).set_name(person, name)
            await People(conn).grant_role(person, role, now, programme_id=programme)
        self.people[name] = person
        return person

    async def outsider(self, name: str) -> int:
        """A coordinator of another programme (made directly: no chat needed)."""
        now = self.clock.now
        async with self.app.db.transaction() as conn:
            await Programmes(conn).ensure_default(now)
            other = await Programmes(conn).create(f"Programme of {name}", now)
            person = await People(conn).create("telegram", f"x-{name}", f"x-{name}", now)
            await People(conn).set_name(person, name)
            await People(conn).grant_role(person, "coordinator", now, programme_id=other)
        return person

    @contextlib.asynccontextmanager
    async def logged_in(self, person_id: int) -> AsyncIterator[httpx.AsyncClient]:
        """An HTTP client with a desk session (for the checks that need no browser)."""
        async with httpx.AsyncClient(base_url=self.base) as client:
            token = (await self.link_for(person_id)).split("token=")[1]
            answer = await client.post("/desk/login", data={"token": token})
            assert answer.status_code == 303, answer.text
            yield client


@pytest_asyncio.fixture(loop_scope="module")
async def running(tmp_path: Path) -> AsyncIterator[Running]:
    clock = Clock(datetime.now(UTC).replace(microsecond=0))
    async with BotApiServer() as botapi:
        settings = load_settings(
            data_dir=tmp_path / "data",
            telegram_token=botapi.token,
            telegram_api_url=botapi.url,
            web_url="http://127.0.0.1:1",  # replaced below by the port the desk got
        )
        app = await App.open(settings, clock=clock)
        transport = TelegramTransport(app, poll_timeout=1)
        await transport.start()
        await app.start_scheduler()
        desk = DeskServer(app, host="127.0.0.1", port=0)
        await desk.start()
        base = f"http://127.0.0.1:{desk.port}"
        app.settings.web_url = base
        try:
            yield Running(app, botapi, clock, base)
        finally:
            await desk.stop()
            await transport.stop()
            await app.close()


def artifact_dir(name: str) -> Path:
    """Screenshots and downloads a person can look at after the run (gitignored)."""
    folder = ARTIFACTS / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder
