"""Shared fixtures: settings on a temporary data dir, an opened App, a controllable clock."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.app import App
from bot.settings import Settings, load_settings
from tests import backends
from tests.fakes import Clock

_left_out: list[str] = []


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """The storage suite and the files in `backends.BOTH` run once per backend (issue 18)."""
    if "database_url" not in metafunc.fixturenames:
        return
    where = Path(metafunc.definition.path).resolve().relative_to(Path(__file__).parent).as_posix()
    if not any(where.startswith(prefix) for prefix in backends.BOTH):
        return
    if metafunc.definition.get_closest_marker("sqlite_only"):
        return
    if backends.URL is None:
        _left_out.append(where)
        return
    metafunc.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """An xdist worker tells the controller which files it left out (the controller collects
    nothing itself, so it would otherwise not know)."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["left_out"] = list(_left_out)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    _left_out.extend(getattr(node, "workeroutput", {}).get("left_out", []))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _left_out:
        terminalreporter.write_line(f"!!! {backends.HOW_TO}", yellow=True, bold=True)


@pytest.fixture(scope="session")
def postgres() -> Iterator[backends.Server]:
    """This run's own databases on the PostgreSQL server, dropped at the end."""
    server = backends.Server()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def database_url(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """None for the embedded SQLite default, else a fresh migrated PostgreSQL database."""
    if getattr(request, "param", "sqlite") == "sqlite":
        yield None
        return
    server: backends.Server = request.getfixturevalue("postgres")
    url = server.fresh(migrated=not request.node.get_closest_marker("empty_database"))
    yield url
    server.drop(url)


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
def settings(data_dir: Path, database_url: str | None) -> Settings:
    overrides = {"database_url": database_url} if database_url else {}
    return load_settings(data_dir=data_dir, **overrides)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def app(settings: Settings, clock: Clock) -> AsyncIterator[App]:
    opened = await App.open(settings, clock=clock)
    yield opened
    await opened.close()


@pytest.fixture
def settings_factory(data_dir: Path, database_url: str | None):  # type: ignore[no-untyped-def]
    def make(**overrides: object) -> Settings:
        if database_url:
            overrides.setdefault("database_url", database_url)
        return load_settings(data_dir=data_dir, **overrides)

    return make


# Property tests are reproducible in CI (the same examples every run); locally they explore.
from hypothesis import settings as _hypothesis  # noqa: E402

_hypothesis.register_profile("ci", derandomize=True, database=None, deadline=None)
if __import__("os").environ.get("CI"):
    _hypothesis.load_profile("ci")
