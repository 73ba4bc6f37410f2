"""Several `wegwijzer run` workers on one PostgreSQL database (issue 18 item 3).

These tests need PostgreSQL: in CI (CI=true) the server at 127.0.0.1:5432, where an unreachable
server FAILS them (`backends.Server.fresh` raises); locally they are left out with one line that
says how to run them (`WEGWIJZER_TEST_DATABASE_URL`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tests import backends


@pytest.fixture
def pg_empty(request: pytest.FixtureRequest) -> Iterator[Callable[[], str]]:
    """Gives empty databases of this run on the PostgreSQL server, dropped afterwards."""
    if backends.URL is None:
        pytest.skip(backends.HOW_TO)  # never in CI: there URL is always set
    server: backends.Server = request.getfixturevalue("postgres")
    made: list[str] = []

    def fresh() -> str:
        made.append(server.fresh(migrated=False))
        return made[-1]

    yield fresh
    for url in made:
        server.drop(url)


@pytest.fixture
def pg_url(pg_empty: Callable[[], str]) -> str:
    """An empty database of this run on the PostgreSQL server, dropped afterwards."""
    return pg_empty()
