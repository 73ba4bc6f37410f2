"""The test homeserver itself: registration by shared secret, loopback only, and matrix-nio
clients that can talk to each other and to the (authenticated) media repository through it."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator, Awaitable, Callable

import nio
import pytest

from tests.matrix.synapse_server import SynapseServer

Login = Callable[[str], Awaitable[nio.AsyncClient]]


def test_registration_gives_a_login_and_refuses_a_taken_name(synapse: SynapseServer) -> None:
    name = synapse.unique_localpart("check")
    registered = synapse.register(name, "pw")
    assert registered.user_id == f"@{name}:{synapse.server_name}"
    assert registered.access_token and registered.device_id
    assert synapse.url.startswith("http://127.0.0.1:")
    with pytest.raises(RuntimeError, match="User ID already taken"):
        synapse.register(name, "pw")


@pytest.fixture
async def login(synapse: SynapseServer) -> AsyncIterator[Login]:
    """Registers a fresh user and logs a nio client in with a password; closes them all."""
    clients: list[nio.AsyncClient] = []

    async def make(prefix: str) -> nio.AsyncClient:
        user_id = synapse.register(synapse.unique_localpart(prefix), "secret-pw").user_id
        client = nio.AsyncClient(synapse.url, user_id)
        clients.append(client)
        response = await client.login("secret-pw")
        assert isinstance(response, nio.LoginResponse), response
        return client

    yield make
    for client in clients:
        await client.close()


async def test_a_message_in_a_direct_room_reaches_the_other_person(login: Login) -> None:
    alice, bob = await login("alice"), await login("bob")
    created = await alice.room_create(is_direct=True, invite=[bob.user_id])
    assert isinstance(created, nio.RoomCreateResponse), created
    joined = await bob.join(created.room_id)
    assert isinstance(joined, nio.JoinResponse), joined
    content = {"msgtype": "m.text", "body": "hallo Bob"}
    sent = await alice.room_send(created.room_id, "m.room.message", content)
    assert isinstance(sent, nio.RoomSendResponse), sent

    async def bob_sees_it() -> nio.RoomMessageText:
        while True:
            synced = await bob.sync(timeout=1000)
            assert isinstance(synced, nio.SyncResponse), synced
            room = synced.rooms.join.get(created.room_id)
            for event in room.timeline.events if room else []:
                if isinstance(event, nio.RoomMessageText) and event.event_id == sent.event_id:
                    return event

    event = await asyncio.wait_for(bob_sees_it(), timeout=15)
    assert (event.sender, event.body) == (alice.user_id, "hallo Bob")


async def test_an_upload_downloads_byte_for_byte_through_authenticated_media(
    login: Login,
) -> None:
    client = await login("uploader")
    data = bytes(range(256)) * 400  # 100 KiB, every byte value
    uploaded, keys = await client.upload(
        io.BytesIO(data), content_type="image/png", filename="x.png", filesize=len(data)
    )
    assert isinstance(uploaded, nio.UploadResponse), uploaded
    assert keys is None and uploaded.content_uri.startswith("mxc://localhost/")
    downloaded = await client.download(mxc=uploaded.content_uri)
    assert isinstance(downloaded, nio.MemoryDownloadResponse), downloaded
    assert downloaded.body == data
    assert downloaded.content_type == "image/png"
