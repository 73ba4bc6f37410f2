"""Text longer than its column (review §5.4: PostgreSQL enforces `String(n)`, SQLite does not):
the command line says so, on both backends, and stores nothing."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from bot.app import App
from bot.cli import main
from storage.database import Database
from storage.exchanges import Exchanges
from storage.media import MediaFiles
from storage.people import People
from storage.programmes import Programmes
from storage.schema import invites


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


async def test_a_file_with_an_absurdly_long_claimed_type_is_kept_as_plain_bytes(
    db: Database,
) -> None:
    """The sender's app names the type; a name longer than the column made PostgreSQL refuse
    the row, so the person got an apology and lost the file."""
    now = datetime.now(UTC)
    async with db.transaction() as conn:
        person = await People(conn).create("fake", "1", "1", now)
        fields = {"path": "media/x.bin", "sha256": "0" * 64, "size": 3,
                  "mime_type": "application/" + "x" * 150}  # fmt: skip
        media_id = await MediaFiles(conn).add(person, "document", fields, now)
        row = await MediaFiles(conn).get(media_id)
    assert row is not None and row.mime_type == "application/octet-stream"


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["programme", "create", "Org " * 31], "name: at most 120 characters (124 given)"),
        (["invite", "--role", "switcher", "--label", "x" * 121], "--label: at most 120 characters"),
    ],
    ids=["programme", "invite"],
)
async def test_a_too_long_programme_name_or_invite_label_is_refused_clearly(
    app: App,
    argv: list[str],
    said: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WEGWIJZER_DATA_DIR", str(app.settings.data_dir))
    if app.settings.database_url:
        monkeypatch.setenv("WEGWIJZER_DATABASE_URL", app.settings.database_url)
    with pytest.raises(SystemExit) as exited:
        await asyncio.to_thread(main, argv)
    assert exited.value.code == 2
    assert said in capsys.readouterr().err
    async with app.db.transaction() as conn:  # nothing was made
        assert [p.name for p in await Programmes(conn).all()] in ([], ["default"])
        assert (await conn.execute(select(func.count()).select_from(invites))).scalar() == 0
