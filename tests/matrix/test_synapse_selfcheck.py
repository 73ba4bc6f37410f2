"""The test homeserver itself: registration by shared secret, loopback only."""

from __future__ import annotations

import pytest

from tests.matrix.synapse_server import SynapseServer


def test_registration_gives_a_login_and_refuses_a_taken_name(synapse: SynapseServer) -> None:
    name = synapse.unique_localpart("check")
    registered = synapse.register(name, "pw")
    assert registered.user_id == f"@{name}:localhost" and registered.access_token
    assert synapse.url.startswith("http://127.0.0.1:")
    with pytest.raises(RuntimeError, match="User ID already taken"):
        synapse.register(name, "pw")
