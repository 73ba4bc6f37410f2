"""Files only the bot's account can read (review MED-2): under the usual umask 022 a fresh install
is created private, an older world-readable install is tightened at start-up with one log line,
and an export written by the command line is private even over an older readable file."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import cli
from bot.app import App
from bot.settings import Settings
from conversations.events import MediaIn, MediaInfo
from tests.fakes import Clock, FakeChat
from tests.flows.test_media import png


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """A process started by a shell with the common umask 022 (files 0644, folders 0755)."""
    previous = os.umask(0o022)
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        yield
    finally:
        os.umask(previous)
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def readable_by_others(data_dir: Path) -> list[str]:
    return [
        f"{p.relative_to(data_dir)} {oct(mode(p))}"
        for p in [data_dir, *data_dir.rglob("*")]
        if mode(p) & 0o077
    ]


def loosen(data_dir: Path) -> None:
    for path in [data_dir, *data_dir.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


async def test_a_fresh_install_is_private(
    usual_umask: None, settings: Settings, clock: Clock, data_dir: Path
) -> None:
    app = await App.open(settings, clock=clock)
    try:

        async def fetch(ref: str) -> bytes:
            return png(32, 24)

        app.dispatcher.fetchers["fake"] = fetch
        chat = FakeChat(app, "5101", display_name="Mira")
        await chat.command("start")
        await chat.tap("lang:en")
        await chat.tap("consent:yes")
        await chat.tap("name:platform")
        await chat.send(MediaIn(media_kind="photo", media=MediaInfo(ref="p", size=100)))
    finally:
        await app.close()
    assert (data_dir / "wegwijzer.db").exists()
    assert mode(data_dir) == 0o700
    assert readable_by_others(data_dir) == []


async def test_an_older_readable_install_is_tightened_at_start_up(
    usual_umask: None,
    settings: Settings,
    clock: Clock,
    data_dir: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    for relative in ("media/2026-11/a1.jpg", "certificates/exchange-1.pdf", "wegwijzer.db"):
        (data_dir / relative).parent.mkdir(parents=True, exist_ok=True)
        (data_dir / relative).write_bytes(b"private")
    assert mode(data_dir) == 0o755 and mode(data_dir / "wegwijzer.db") == 0o644
    (data_dir / "wegwijzer.db").unlink()  # a real database: created under the old umask
    old = await App.open(settings, clock=clock)
    await old.close()
    loosen(data_dir)  # as an install from before looked

    caplog.clear()
    with caplog.at_level(logging.INFO):
        app = await App.open(settings, clock=clock)
    await app.close()
    assert readable_by_others(data_dir) == []
    assert mode(data_dir / "media" / "2026-11" / "a1.jpg") == 0o600
    assert mode(data_dir / "wegwijzer.db") == 0o600
    said = [r.getMessage() for r in caplog.records if "private" in r.getMessage()]
    assert len(said) == 1 and "data folder" in said[0]

    caplog.clear()  # a second start has nothing to say
    with caplog.at_level(logging.INFO):
        again = await App.open(settings, clock=clock)
    await again.close()
    assert not [r for r in caplog.records if "private" in r.getMessage()]


def test_the_command_line_writes_exports_for_its_own_account_only(
    usual_umask: None, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WEGWIJZER_DATA_DIR", str(data_dir))
    out = tmp_path / "reports" / "cohort.xlsx"
    out.parent.mkdir()
    out.write_bytes(b"an older export")
    out.chmod(0o644)
    assert cli.main(["export", "cohort", "--out", str(out)]) == 0
    assert mode(out) == 0o600
    csv = tmp_path / "reports" / "answers.csv"
    assert cli.main(["export", "responses", "--form", "readiness_quiz", "--out", str(csv)]) == 0
    assert mode(csv) == 0o600
    assert readable_by_others(data_dir) == []
