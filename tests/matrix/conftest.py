"""One real Synapse for the whole test session; it never skips: no homeserver, tests fail."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.matrix.synapse_server import SynapseServer


@pytest.fixture(scope="session")
def synapse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SynapseServer]:
    server = SynapseServer(tmp_path_factory.mktemp("synapse"))
    try:
        server.start()
        error = ""
    except RuntimeError as exc:
        error = str(exc)
    if error:  # outside the except block, so the report shows the reason once
        pytest.fail(f"the test homeserver did not start: {error}", pytrace=False)
    try:
        yield server
    finally:
        server.stop()
