"""Walkthrough 32 (CLI polish): `wegwijzer invite … | head -1` ended in a BrokenPipeError
traceback, `exchange list` showed "switcher 2 coach 3" instead of names and no certificate,
`--help` left Matrix out."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.settings import load_settings
from tests.test_cli import wegwijzer


def test_a_closed_pipe_is_no_traceback(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEGWIJZER_")}
    env["WEGWIJZER_DATA_DIR"] = str(tmp_path / "data")
    run = subprocess.run(
        f"{sys.executable} -m bot content diagram readiness_quiz | head -c 10",
        shell=True, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60,
    )  # fmt: skip
    assert "Traceback" not in run.stderr and "BrokenPipe" not in run.stderr


def test_exchange_list_names_people_and_help_names_matrix(tmp_path: Path) -> None:
    import asyncio

    from bot.app import App
    from storage.people import People

    async def seed() -> tuple[int, int]:
        app = await App.open(load_settings(data_dir=tmp_path / "data"))
        now = datetime.now(UTC)
        ids = []
        async with app.db.transaction() as conn:
            for role, name in (("switcher", "Anna Peeters"), ("learning_coach", "Jan De Smet")):
                pid = await People(conn).create("terminal", role, role, now)
                await People(conn).grant_role(pid, role, now)
                await People(conn).set_name(pid, name)
                ids.append(pid)
        await app.close()
        return ids[0], ids[1]

    switcher, coach = asyncio.run(seed())
    year = datetime.now(UTC).year + 1
    created = wegwijzer(
        tmp_path, "exchange", "create", "--switcher", str(switcher), "--coach", str(coach),
        "--start", f"{year}-03-10T09:00", "--end", f"{year}-03-10T16:30", "--place", "Gent",
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    listed = wegwijzer(tmp_path, "exchange", "list").stdout
    assert "Anna Peeters" in listed and "Jan De Smet" in listed
    assert "Matrix" in wegwijzer(tmp_path, "--help").stdout
