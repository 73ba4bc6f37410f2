"""One real Synapse for the whole test session; it never skips: no homeserver, tests fail."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.matrix.synapse_server import SynapseServer


@pytest.fixture(scope="session")
def synapse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SynapseServer]:
    with SynapseServer(tmp_path_factory.mktemp("synapse")) as server:
        yield server
