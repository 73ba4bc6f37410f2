"""A person on Matrix, played by a second matrix-nio client with its own device and keys.

It syncs in the background, keeps what the bot sends, and answers the way people do in
Element: typing a number or a label, reacting with a keycap digit, sending voice or photos.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import time
from pathlib import Path
from typing import Any

from nio import (
    AsyncClient,
    AsyncClientConfig,
    DownloadResponse,
    MegolmEvent,
    RoomCreateResponse,
    RoomEncryptedImage,
    RoomMessage,
    RoomMessageImage,
    RoomSendResponse,
    UploadResponse,
)
from nio.crypto.attachments import decrypt_attachment

from bot.matrix.render import CHOICES_KEY
from bot.outgoing import parse_choice_token

KEYCAPS = ("1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣", "🔟")


class MatrixPerson:
    def __init__(self, homeserver: str, user_id: str, password: str, store: Path) -> None:
        store.mkdir(parents=True, exist_ok=True)
        config = AsyncClientConfig(store_sync_tokens=True, encryption_enabled=True)
        self.client = AsyncClient(homeserver, user_id, store_path=str(store), config=config)
        self.password = password
        self.bot_id = ""
        self.room_id = ""
        self.received: list[RoomMessage] = []
        self.undecryptable = 0
        self._seen = 0
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> MatrixPerson:
        response = await self.client.login(self.password, device_name="phone")
        assert response.__class__.__name__ == "LoginResponse", response
        self.client.add_event_callback(self._on_message, (RoomMessage, MegolmEvent))
        await self._sync(0)
        self._task = asyncio.create_task(self._loop())
        return self

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self.client.close()

    async def _loop(self) -> None:
        while True:
            await self._sync(300)

    async def _sync(self, timeout_ms: int) -> None:
        await self.client.sync(timeout=timeout_ms, full_state=not self.client.next_batch)
        await self.client.send_to_device_messages()
        if self.client.should_upload_keys:
            await self.client.keys_upload()
        if self.client.should_query_keys:
            await self.client.keys_query()
        if self.client.should_claim_keys:
            await self.client.keys_claim(self.client.get_users_for_key_claiming())

    async def _on_message(self, room: Any, event: Any) -> None:
        if event.sender != self.bot_id or room.room_id != self.room_id:
            return
        if isinstance(event, MegolmEvent):
            self.undecryptable += 1
            return
        self.received.append(event)

    # --- rooms ---------------------------------------------------------------------------

    async def open_dm(self, bot_id: str, *, encrypted: bool) -> str:
        """Like Element's "start chat": a direct room, encrypted by default, the bot invited."""
        self.bot_id = bot_id
        state = (
            [{"type": "m.room.encryption", "content": {"algorithm": "m.megolm.v1.aes-sha2"}}]
            if encrypted
            else []
        )
        response = await self.client.room_create(
            is_direct=True, invite=[bot_id], initial_state=state
        )
        assert isinstance(response, RoomCreateResponse), response
        self.room_id = response.room_id
        await self._until(
            lambda: bot_id in getattr(self.client.rooms.get(self.room_id), "users", {})
        )
        return self.room_id

    async def join_invite_from(self, bot_id: str) -> str:
        """Accept the room the bot invited us to (as a person tapping "accept" would)."""
        self.bot_id = bot_id
        await self._until(lambda: bool(self.client.invited_rooms))
        room_id = next(iter(self.client.invited_rooms))
        await self.client.join(room_id)
        self.room_id = room_id
        await self._until(
            lambda: (
                room_id in self.client.rooms
                and bool(self.client.rooms[room_id].users.get(self.client.user_id))
            )
        )
        return room_id

    async def _until(self, condition: Any, within: float = 30.0) -> None:
        deadline = time.monotonic() + within
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError("timed out waiting on the homeserver")
            await asyncio.sleep(0.05)

    # --- talking -------------------------------------------------------------------------

    async def send_content(self, content: dict[str, Any], kind: str = "m.room.message") -> str:
        response = await self.client.room_send(
            self.room_id, kind, content, ignore_unverified_devices=True
        )
        assert isinstance(response, RoomSendResponse), response
        return str(response.event_id)

    async def say(self, text: str) -> str:
        return await self.send_content({"msgtype": "m.text", "body": text})

    def question(self) -> RoomMessage:
        for event in reversed(self.received):
            if CHOICES_KEY in event.source.get("content", {}):
                return event
        raise AssertionError("no question with options was received")

    def choice_ids(self) -> list[str]:
        tokens = self.question().source["content"][CHOICES_KEY]
        return [parse_choice_token(t).choice_id for t in tokens]

    async def choose(self, choice_id: str, *, how: str = "number", wait: bool = True) -> None:
        """Answer the last question: by typed number, by reacting with its keycap."""
        index = self.choice_ids().index(choice_id)
        if how == "reaction":
            relates = {"rel_type": "m.annotation", "event_id": self.question().event_id}
            await self.send_content(
                {"m.relates_to": {**relates, "key": KEYCAPS[index]}}, kind="m.reaction"
            )
        else:
            await self.say(str(index + 1))
        if wait:
            await self.settle()

    async def settle(self, quiet: float = 0.8, within: float = 30.0) -> list[RoomMessage]:
        """Wait until the bot has answered and gone quiet; the messages new since last time."""
        deadline = time.monotonic() + within
        count, changed = len(self.received), time.monotonic()
        while time.monotonic() < deadline:
            await asyncio.sleep(0.1)
            if len(self.received) != count:
                count, changed = len(self.received), time.monotonic()
            elif count > self._seen and time.monotonic() - changed >= quiet:
                break
        new = self.received[self._seen :]
        self._seen = len(self.received)
        return new

    def texts(self, events: list[RoomMessage] | None = None) -> str:
        chosen = self.received if events is None else events
        return "\n".join(str(getattr(e, "body", "")) for e in chosen)

    async def send_file(
        self, msgtype: str, data: bytes, mime: str, name: str, **extra: Any
    ) -> None:
        room = self.client.rooms[self.room_id]
        response, keys = await self.client.upload(
            io.BytesIO(data), content_type=mime, filename=name,
            encrypt=room.encrypted, filesize=len(data),
        )  # fmt: skip
        assert isinstance(response, UploadResponse), response
        content: dict[str, Any] = {
            "msgtype": msgtype,
            "body": name,
            "info": {"mimetype": mime, "size": len(data)},
            **extra,
        }
        if room.encrypted:
            content["file"] = {**keys, "url": response.content_uri}
        else:
            content["url"] = response.content_uri
        await self.send_content(content)

    async def download_image(self, event: RoomMessage) -> bytes:
        assert isinstance(event, RoomMessageImage | RoomEncryptedImage), event
        response = await self.client.download(mxc=event.url)
        assert isinstance(response, DownloadResponse), response
        if isinstance(event, RoomEncryptedImage):
            return bytes(
                decrypt_attachment(response.body, event.key["k"], event.hashes["sha256"], event.iv)
            )
        return bytes(response.body)
