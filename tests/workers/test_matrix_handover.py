"""Matrix leader hand-over on a real homeserver (issue 18 item 3, "kill the leader, the other
worker resumes the sync within 30 s, no event answered twice"): two workers on one PostgreSQL
database, each with its own data folder (its own Matrix device) and a `LeaderOnly` around its
Matrix transport, against the test Synapse. The leader's database session is ended (as when its
process dies); a message the person sends meanwhile is answered by the other worker, which
carries on from the shared sync position: nothing is answered twice, nothing is lost.

In an encrypted room the workers share one Matrix device (`WEGWIJZER_MATRIX_DIR` on a folder
both mount): the new leader holds the same keys, so it reads what the person's client encrypted
for the bot before the hand-over's leader died."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.app import App
from bot.leader import LeaderOnly
from bot.matrix.transport import MatrixTransport
from bot.settings import load_settings
from tests.fakes import Clock
from tests.matrix.bots import MatrixWorld, matrix  # noqa: F401  (fixture)
from tests.matrix.conftest import synapse  # noqa: F401  (fixture; a second homeserver)

TAKE_OVER_WITHIN = 30.0


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted-one-device"])
async def test_the_other_worker_takes_the_sync_over_and_answers_each_event_once(
    matrix: MatrixWorld,  # noqa: F811
    pg_url: str,
    tmp_path: Path,
    clock: Clock,
    encrypted: bool,
) -> None:
    assert matrix.settings is not None
    shared = {"matrix_dir": tmp_path / "shared-matrix"} if encrypted else {}
    apps: dict[str, App] = {}
    leaders: dict[str, LeaderOnly] = {}
    for name, retry in (("a", 0.2), ("b", 2.0)):
        settings = load_settings(
            data_dir=tmp_path / name, database_url=pg_url, worker_name=name,
            matrix_homeserver=matrix.settings.matrix_homeserver,
            matrix_user=matrix.settings.matrix_user,
            matrix_password=matrix.settings.matrix_password, **shared,
        )  # fmt: skip
        app = apps[name] = await App.open(settings, clock=clock)
        leaders[name] = LeaderOnly(
            app.db, "Matrix sync", lambda a=app: MatrixTransport(a, sync_timeout_ms=300),
            retry=retry, check=0.2,
        )  # fmt: skip
    try:
        await leaders["a"].start()
        deadline = time.monotonic() + 60
        while "matrix" not in apps["a"].transports:
            assert time.monotonic() < deadline, "worker a never synced"
            await asyncio.sleep(0.05)
        # b takes the lead only once the message below went out while nobody synced (else the
        # person's client may learn of a new device first and encrypt for it too)
        sent_in_the_gap = asyncio.Event()
        take = leaders["b"].leadership.try_take

        async def after_the_gap() -> bool:
            return sent_in_the_gap.is_set() and await take()

        leaders["b"].leadership.try_take = after_the_gap  # type: ignore[method-assign]
        await leaders["b"].start()
        anna = await matrix.person("anna", encrypted=encrypted)
        await anna.say("hello")
        await anna.settle()
        await anna.choose("lang:en")
        assert "matrix" not in apps["b"].transports  # b stands by: one worker syncs

        pid = leaders["a"].leadership.backend_pid
        async with apps["b"].db.engine.connect() as admin:  # a's session ends, as at kill -9
            await admin.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
            await admin.commit()
        died = time.monotonic()
        while "matrix" in apps["a"].transports:  # a stops syncing, as a killed process would
            assert time.monotonic() - died < 10, "a kept syncing without its lock"
            await asyncio.sleep(0.02)
        await anna.choose("consent:yes", wait=False)  # while nobody syncs
        assert leaders["b"].inner is None  # b has not logged in yet: no new device so far
        sent_in_the_gap.set()
        while "matrix" not in apps["b"].transports:
            assert time.monotonic() - died < TAKE_OVER_WITHIN, "nobody took the sync over"
            await asyncio.sleep(0.05)
        new = await anna.settle()
        assert "What should I call you" in anna.texts(new) or "name" in " ".join(
            anna.choice_ids()
        )  # the message sent in between was answered, by b
        await anna.choose("name:platform")
        assert "Main menu" in anna.texts()
        bodies = [str(getattr(e, "body", "")) for e in anna.received]
        assert sum("Nederlands" in b for b in bodies) == 1  # "hello" not answered again
        assert sum("What should I call you" in b for b in bodies) <= 1
        assert anna.undecryptable == 0  # every answer readable, whichever worker sent it
    finally:
        for leader in leaders.values():
            await leader.stop()
        for app in apps.values():
            await app.close()
