"""Matrix leader hand-over on a real homeserver (issue 18 item 3, "kill the leader, the other
worker resumes the sync within 30 s, no event answered twice"): two workers on one PostgreSQL
database, each with its own data folder (its own Matrix device) and a `LeaderOnly` around its
Matrix transport, against the test Synapse. The leader's database session is ended (as when its
process dies); a message the person sends meanwhile is answered by the other worker, which
carries on from the shared sync position: nothing is answered twice, nothing is lost."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from sqlalchemy import text

from bot.app import App
from bot.leader import LeaderOnly
from bot.matrix.transport import MatrixTransport
from bot.settings import load_settings
from tests.fakes import Clock
from tests.matrix.bots import MatrixWorld, matrix  # noqa: F401  (fixture)
from tests.matrix.conftest import synapse  # noqa: F401  (fixture; a second homeserver)

TAKE_OVER_WITHIN = 30.0


async def test_the_other_worker_takes_the_sync_over_and_answers_each_event_once(
    matrix: MatrixWorld,  # noqa: F811
    pg_url: str,
    tmp_path: Path,
    clock: Clock,
) -> None:
    assert matrix.settings is not None
    apps: dict[str, App] = {}
    leaders: dict[str, LeaderOnly] = {}
    for name, retry in (("a", 0.2), ("b", 2.0)):
        settings = load_settings(
            data_dir=tmp_path / name, database_url=pg_url, worker_name=name,
            matrix_homeserver=matrix.settings.matrix_homeserver,
            matrix_user=matrix.settings.matrix_user,
            matrix_password=matrix.settings.matrix_password,
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
        await leaders["b"].start()
        anna = await matrix.person("anna", encrypted=False)
        await anna.say("hello")
        await anna.settle()
        await anna.choose("lang:en")
        assert "matrix" not in apps["b"].transports  # b stands by: one worker syncs

        pid = leaders["a"].leadership.backend_pid
        async with apps["b"].db.engine.connect() as admin:  # a's session ends, as at kill -9
            await admin.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
            await admin.commit()
        died = time.monotonic()
        await anna.choose("consent:yes", wait=False)  # while nobody syncs
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
    finally:
        for leader in leaders.values():
            await leader.stop()
        for app in apps.values():
            await app.close()
