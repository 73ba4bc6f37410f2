"""Text longer than its column (review §5.4: PostgreSQL enforces `String(n)`, SQLite does not):
the command line says so, on both backends, and stores nothing."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from bot.app import App
from bot.cli import main
from storage.exchanges import Exchanges
from storage.people import People


async def test_a_too_long_place_on_the_command_line_is_refused_clearly(
    app: App, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WEGWIJZER_DATA_DIR", str(app.settings.data_dir))
    if app.settings.database_url:
        monkeypatch.setenv("WEGWIJZER_DATABASE_URL", app.settings.database_url)
    now = datetime.now(UTC)
    async with app.db.transaction() as conn:
        ids = []
        for role in ("switcher", "learning_coach"):
            pid = await People(conn).create("terminal", role, role, now)
            await People(conn).grant_role(pid, role, now)
            ids.append(str(pid))
    year = now.year + 1
    argv = ["exchange", "create", "--switcher", ids[0], "--coach", ids[1],
            "--start", f"{year}-03-10T09:00", "--end", f"{year}-03-10T16:30",
            "--place", "Gent " * 61]  # fmt: skip
    with pytest.raises(SystemExit) as exited:
        await asyncio.to_thread(main, argv)
    assert exited.value.code == 2
    assert "--place: at most 300 characters (305 given)" in capsys.readouterr().err
    async with app.db.transaction() as conn:
        assert await Exchanges(conn).all() == []
