"""The Matrix transport: matrix-nio on the shared dispatcher, in DMs, encrypted or not.

The sync loop never waits for the bot's answers: each event is queued on its room's ordered
lane, so one person's messages are answered in order while others are served in parallel.
The sync token is stored after each sync (nio's store), so a restart does not replay history;
a graceful stop waits for the events already taken in.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import logging
import time
from typing import Any

from nio import (
    AsyncClient,
    ContentRepositoryConfigResponse,
    DownloadResponse,
    InviteMemberEvent,
    JoinError,
    MatrixRoom,
    MegolmEvent,
    ReactionEvent,
    RoomCreateResponse,
    RoomGetEventResponse,
    RoomMessage,
    RoomPreset,
    RoomSendError,
    StickerEvent,
    SyncError,
    UploadResponse,
)
from nio.crypto.attachments import decrypt_attachment
from nio.events.room_events import Event as RoomEvent

from bot.app import App
from bot.lanes import Lanes
from bot.matrix.convert import PLATFORM, convert, keycap_index, sender_of
from bot.matrix.render import CHOICES_KEY, choices_content, media_content, text_content
from bot.matrix.session import log_in, new_client
from bot.media import image_size
from bot.outgoing import (
    OutChoices,
    OutDocument,
    Outgoing,
    OutImage,
    OutText,
    parse_choice_token,
    split_text,
)
from bot.transport import SendFailed
from conversations.events import Event
from storage.leadership import first_time, next_batch, save_next_batch

log = logging.getLogger(__name__)
#: A stored file goes back as the kind of message it came in as.
MSGTYPES = {"voice": "m.audio", "audio": "m.audio", "video": "m.video", "photo": "m.image"}

DEFAULT_UPLOAD_LIMIT = 50_000_000
TEXT_LIMIT = 16_000  # well under the 64 KiB event limit, with HTML doubling it


class MatrixTransport:
    platform = PLATFORM

    def __init__(self, app: App, *, sync_timeout_ms: int = 30_000) -> None:
        self.app = app
        self.sync_timeout_ms = sync_timeout_ms
        self.client: AsyncClient = new_client(app.settings)
        self.lanes = Lanes()
        self._tasks: set[asyncio.Task[None]] = set()
        self._sync_task: asyncio.Task[None] | None = None
        self._ignore_before_ms = 0
        #: PostgreSQL: the sync position and the handled events live in the database, for
        #: the worker that leads the sync after this one (bot/leader.py).
        self.shared = not app.db.is_sqlite
        app.dispatcher.fetchers[PLATFORM] = self.fetch_media
        app.dispatcher.upload_limits[PLATFORM] = DEFAULT_UPLOAD_LIMIT

    # --- lifecycle -----------------------------------------------------------------------

    async def start(self) -> None:
        """Log in (reusing the device), catch up once, then keep syncing in the background."""
        await log_in(self.client, self.app.settings)
        if self.shared:  # several workers: carry on where the last leader stopped
            async with self.app.db.read() as conn:
                token = await next_batch(conn)
            if token:
                self.client.next_batch = token
                self.client.loaded_sync_token = token
        if not self.client.loaded_sync_token:  # first run: do not answer old history
            self._ignore_before_ms = int(time.time() * 1000)
        self.client.add_event_callback(self._on_invite, InviteMemberEvent)
        self.client.add_event_callback(self._on_event, (RoomMessage, StickerEvent, MegolmEvent))
        self.client.add_event_callback(self._on_reaction, ReactionEvent)
        await self._learn_upload_limit()
        await self._sync_once(timeout_ms=0, full_state=True)
        self._sync_task = asyncio.create_task(self._sync_forever())
        self.app.register_transport(self)
        log.info("Matrix transport syncing as %s", self.client.user_id)

    async def wait(self) -> None:
        """Until the sync loop ends (it only ends on stop, or by raising)."""
        assert self._sync_task is not None
        await self._sync_task

    async def stop(self) -> None:
        self.app.unregister_transport(self)
        if self._sync_task is not None:
            self._sync_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._sync_task
        if self._tasks:  # answers already being prepared are still sent
            await asyncio.wait(self._tasks, timeout=30)
        await self.client.close()

    async def _sync_forever(self) -> None:
        delay = 1.0
        while True:
            try:
                await self._sync_once(self.sync_timeout_ms)
                delay = 1.0
            except (OSError, TimeoutError, SyncFailed) as exc:
                log.warning("Matrix sync failed (%s); retrying in %.0f s", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 60.0)

    async def _sync_once(self, timeout_ms: int, full_state: bool = False) -> None:
        response = await self.client.sync(
            timeout=timeout_ms, full_state=full_state, set_presence="online"
        )
        if isinstance(response, SyncError):
            raise SyncFailed(response.message)
        if self.shared and response.next_batch:  # for the worker that leads after this one
            async with self.app.db.transaction() as conn:
                await save_next_batch(conn, response.next_batch)
        await self._keys_housekeeping()

    async def _keys_housekeeping(self) -> None:
        """What nio's sync_forever would do: keep encryption keys flowing."""
        client = self.client
        await client.send_to_device_messages()
        if client.should_upload_keys:
            await client.keys_upload()
        if client.should_query_keys:
            await client.keys_query()
        if client.should_claim_keys:
            await client.keys_claim(client.get_users_for_key_claiming())

    # --- rooms ---------------------------------------------------------------------------

    async def _on_invite(self, room: MatrixRoom, event: InviteMemberEvent) -> None:
        if event.state_key != self.client.user_id or event.membership != "invite":
            return
        response = await self.client.join(room.room_id)
        if isinstance(response, JoinError):
            log.warning("could not join a room I was invited to: %s", response.message)

    def _is_direct(self, room: MatrixRoom) -> bool:
        return int(room.member_count) <= 2

    async def open_dm(self, user_id: str, *, encrypted: bool = True) -> str:
        """A new direct-message room with a person, so the bot can write first."""
        initial_state = (
            [{"type": "m.room.encryption", "content": {"algorithm": "m.megolm.v1.aes-sha2"}}]
            if encrypted
            else []
        )
        response = await self.client.room_create(
            is_direct=True,
            invite=[user_id],
            preset=RoomPreset.trusted_private_chat,
            initial_state=initial_state,
        )
        if not isinstance(response, RoomCreateResponse):
            raise RuntimeError(f"could not open a direct message room: {response.message}")
        for _ in range(100):  # the room becomes usable once a sync has seen it
            if response.room_id in self.client.rooms:
                break
            await asyncio.sleep(0.05)
        return str(response.room_id)

    # --- inbound -------------------------------------------------------------------------

    def _ours_or_old(self, event: RoomEvent) -> bool:
        return bool(
            event.sender == self.client.user_id or event.server_timestamp < self._ignore_before_ms
        )

    async def _on_event(self, room: MatrixRoom, event: RoomEvent) -> None:
        if self._ours_or_old(event):
            return
        if isinstance(event, MegolmEvent):
            log.warning("could not decrypt a message in a direct room (no session key yet)")
            return
        if not self._is_direct(room):
            return  # other rooms' chatter is not for us
        self._queue(
            room, event.sender, lambda: self._handle(room, event.sender, convert(event)),
            event.event_id,
        )  # fmt: skip

    async def _on_reaction(self, room: MatrixRoom, event: ReactionEvent) -> None:
        if self._ours_or_old(event) or not self._is_direct(room):
            return
        index = keycap_index(event.key)
        if index is None:
            return

        async def work() -> None:
            token = await self._token_of(room.room_id, event.reacts_to, index)
            if token is not None:
                await self._handle(room, event.sender, parse_choice_token(token))

        self._queue(room, event.sender, work, event.event_id)

    async def _token_of(self, room_id: str, event_id: str, index: int) -> str | None:
        """The choice token behind option `index` of one of the bot's own questions."""
        response = await self.client.room_get_event(room_id, event_id)
        if not isinstance(response, RoomGetEventResponse):
            return None
        event: Any = response.event
        if isinstance(event, MegolmEvent):
            event = self.client.decrypt_event(event)
        source = getattr(event, "source", {})
        if getattr(event, "sender", None) != self.client.user_id:
            return None
        tokens = source.get("content", {}).get(CHOICES_KEY)
        if isinstance(tokens, list) and index < len(tokens) and isinstance(tokens[index], str):
            return str(tokens[index])
        return None

    def _queue(
        self, room: MatrixRoom, user_id: str, work: Any, event_id: str | None = None
    ) -> None:
        if self.shared and event_id:  # a new leader may be given it again: handle it once
            handle = work

            async def work() -> None:
                async with self.app.db.transaction() as conn:
                    fresh = await first_time(conn, event_id, self.app.clock())
                if fresh:
                    await handle()

        task = asyncio.create_task(self.lanes.run(room.room_id, work))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _handle(self, room: MatrixRoom, user_id: str, event: Event) -> None:
        try:
            delivery = await self.app.dispatcher.handle(sender_of(room, user_id), event)
            try:
                await self.send(room.room_id, delivery.messages)
            finally:
                delivery.close()  # its documents were sent from files; they go now
        except Exception:
            log.exception("failed to answer a Matrix event")

    # --- the seam every transport offers -------------------------------------------------

    async def fetch_media(self, ref: str) -> bytes:
        where = json.loads(ref)
        response = await self.client.download(mxc=where["url"])
        if not isinstance(response, DownloadResponse):
            raise RuntimeError(f"download failed: {getattr(response, 'message', response)}")
        data = bytes(response.body)
        if where.get("key"):
            return bytes(decrypt_attachment(data, where["key"], where["sha256"], where["iv"]))
        return data

    async def send(self, chat_id: str, messages: list[Outgoing]) -> None:
        try:
            await self._send_all(chat_id, messages)
        except Exception:
            self.app.metrics.failed(self.platform)
            raise
        self.app.metrics.sent(self.platform, len(messages))

    async def _send_all(self, chat_id: str, messages: list[Outgoing]) -> None:
        sent = 0
        for message in messages:
            for content in await self._contents(chat_id, message):
                try:
                    await self._send_content(chat_id, content)
                except SendFailed as exc:
                    if not sent:
                        raise
                    # what went out must not go out twice
                    reason = f"partly sent, then {exc.reason}"
                    raise SendFailed(reason, maybe_sent=True) from exc
                sent += 1

    async def _contents(self, room_id: str, message: Outgoing) -> list[dict[str, Any]]:
        if isinstance(message, OutText):
            return [text_content(OutText(c)) for c in split_text(message.text, TEXT_LIMIT)]
        if isinstance(message, OutChoices):
            return [choices_content(message, message.hint)]
        if isinstance(message, OutImage):
            head = message.head()
            dims = image_size(head)
            mime = "image/png" if head.startswith(b"\x89PNG") else "image/jpeg"
            out = [await self._upload(room_id, "m.image", message.file_name, mime, message, dims)]
        else:
            assert isinstance(message, OutDocument)
            msgtype = MSGTYPES.get(message.kind, "m.file")
            out = [
                await self._upload(room_id, msgtype, message.file_name, message.mime_type, message)
            ]
        if message.caption:
            out.append(text_content(OutText(message.caption)))
        return out

    async def _upload(
        self,
        room_id: str,
        msgtype: str,
        name: str,
        mime: str,
        file: OutImage | OutDocument,
        dims: tuple[int, int] | None = None,
    ) -> dict[str, Any]:
        """A file built on disk is uploaded from its path (nio reads it lazily, in chunks)."""
        room = self.client.rooms.get(room_id)
        encrypt = bool(room and room.encrypted)
        size = file.size
        path = file.path
        # A callable giving a Path: nio opens it itself, and again from the start on a retry.
        source: Any = (lambda _429, _timeouts: path) if path is not None else io.BytesIO(file.data)
        response, keys = await self.client.upload(
            source, content_type=mime, filename=name, encrypt=encrypt, filesize=size
        )
        if not isinstance(response, UploadResponse):
            raise RuntimeError(f"upload failed: {getattr(response, 'message', response)}")
        return media_content(
            msgtype, name, mime, size, response.content_uri, keys if encrypt else None, dims
        )

    async def _learn_upload_limit(self) -> None:
        """The homeserver's `m.upload.size` (50 MB when it does not say, as on Telegram)."""
        limit = DEFAULT_UPLOAD_LIMIT
        try:
            response = await self.client.content_repository_config()
            if isinstance(response, ContentRepositoryConfigResponse) and response.upload_size:
                limit = int(response.upload_size)
        except Exception as exc:  # an old or strict homeserver: keep the default
            log.info("could not read the homeserver's upload limit (%s)", exc)
        self.app.dispatcher.upload_limits[PLATFORM] = limit

    async def _send_content(self, room_id: str, content: dict[str, Any]) -> None:
        response = await self.client.room_send(
            room_id, "m.room.message", content, ignore_unverified_devices=True
        )
        if isinstance(response, RoomSendError):
            log.warning("could not send to a Matrix room: %s", response.status_code)
            passing = response.status_code in (None, "M_LIMIT_EXCEEDED", "M_UNKNOWN")
            raise SendFailed(f"matrix: {response.status_code}", retry=passing)


class SyncFailed(Exception):
    """The homeserver answered a sync with an error; retried with backoff."""
