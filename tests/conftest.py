"""Shared fixtures: settings on a temporary data dir, an opened App, a controllable clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import App
from bot.settings import Settings, load_settings
from tests.fakes import Clock


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Tests never read the developer's WEGWIJZER_* variables or .env file."""
    import os

    for key in list(os.environ):
        if key.startswith("WEGWIJZER_"):
            monkeypatch.delenv(key)
    # Test people answer faster than anyone types; the fair-use tests set their own limit.
    monkeypatch.setenv("WEGWIJZER_RATE_EVENTS", "100000")
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def settings(data_dir: Path) -> Settings:
    return load_settings(data_dir=data_dir)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def app(settings: Settings, clock: Clock) -> AsyncIterator[App]:
    opened = await App.open(settings, clock=clock)
    yield opened
    await opened.close()


@pytest.fixture
def settings_factory(data_dir: Path):  # type: ignore[no-untyped-def]
    def make(**overrides: object) -> Settings:
        return load_settings(data_dir=data_dir, **overrides)

    return make


# Property tests are reproducible in CI (the same examples every run); locally they explore.
from hypothesis import settings as _hypothesis  # noqa: E402

_hypothesis.register_profile("ci", derandomize=True, database=None, deadline=None)
if __import__("os").environ.get("CI"):
    _hypothesis.load_profile("ci")
