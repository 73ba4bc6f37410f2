"""An in-process fake of the Telegram Bot API HTTP server.

The bot under test runs the *real* python-telegram-bot stack (HTTP client, updater,
handlers, error mapping) against this server, so tests exercise the same code paths as
production instead of a mocked ``Bot``. Tests play the humans with ``push_*`` and read
what the bot did through ``calls``/``messages``. Point PTB at it with::

    ApplicationBuilder().token(server.token)
        .base_url(f"{server.url}/bot").base_file_url(f"{server.url}/file/bot")

Only stdlib + aiohttp are used so the harness can never mask a bug in project code.
"""

from __future__ import annotations

import asyncio
import copy
import inspect
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypedDict, Unpack

from aiohttp import web

from . import botapi_objects as obj
from .botapi_objects import ApiError, JSONDict, Upload, bad_request

MAX_DOWNLOAD = 20 * 1024 * 1024  # getFile refuses bigger files, as the real API does
MAX_UPLOAD = 50_000_000  # a bot may send files up to 50 MB; bigger ones are refused (413)
_DEFAULT_FLOOD = "Too Many Requests: retry after 1"
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


@dataclass
class ApiCall:
    """One request the bot made. ``at`` is ``time.monotonic()`` at arrival, so tests can
    check back-off timing; ``error`` is the description when the server answered ok=false."""

    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)
    error: str | None = None


class Sender(TypedDict, total=False):
    """The Telegram profile a pushed update comes from (defaults: "Test", no language)."""

    first_name: str
    language_code: str | None


def _error(err: ApiError | None) -> web.Response:
    err = err or ApiError(404, "Not Found")
    return web.json_response(err.payload(), status=err.code)


#: How long `wait_idle` waits for the bot's first answer to an update it fetched. The bot is
#: usually done in tens of milliseconds; a slow disk can make it hundreds.
ANSWER_WAIT = 3.0

_Handler = Callable[[JSONDict, dict[str, Upload]], Any]


class BotApiServer:
    """Fake Bot API on 127.0.0.1 with an ephemeral port; see the module docstring."""

    def __init__(
        self,
        token: str = "123456789:AAHtestTOKENabcdefghijklmnopqrstuvwx",
        bot_username: str = "wegwijzer_test_bot",
    ) -> None:
        self.token = token
        self.bot_username = bot_username
        self.bot_id = int(token.split(":", 1)[0])
        self.url = ""
        self.calls: list[ApiCall] = []
        self.commands: dict[tuple[str, str | None], list[dict[str, Any]]] = {}
        self._files = obj.FileStore()
        self.files: dict[str, bytes] = self._files.data
        self.blocked: set[int] = set()  # user ids that "blocked the bot": sends get 403
        self._updates: list[JSONDict] = []  # pushed, not yet confirmed via offset
        self._next_update_id = 1
        self._delivered_upto = 0
        self._counter = 0
        self._bot_messages: dict[int, JSONDict] = {}
        self._chat_order: dict[int, list[int]] = defaultdict(list)
        self._names: dict[int, str] = {}
        self._callbacks: dict[str, bool] = {}  # callback id -> answered
        self._failures: dict[str, deque[ApiError]] = defaultdict(deque)
        self._outages: dict[str, tuple[float, ApiError]] = {}
        #: method -> released when set: calls are carried out but not answered until then
        self.held: dict[str, asyncio.Event] = {}
        #: chat -> when an update for it was handed to the bot and no call for it came since
        self._unanswered: dict[int, float] = {}
        self._callback_chat: dict[str, int] = {}
        self._update_event = asyncio.Event()
        self._changed = asyncio.Event()
        self._inflight = 0
        self._last_activity = time.monotonic()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._methods: dict[str, _Handler] = {
            "getme": lambda p, f: obj.get_me(self.bot_id, self.bot_username),
            "deletewebhook": self._delete_webhook,
            "getupdates": self._get_updates,
            "sendmessage": self._send_message,
            "editmessagetext": self._edit_text,
            "editmessagereplymarkup": self._edit_markup,
            "answercallbackquery": self._answer_callback,
            "setmycommands": self._set_commands,
            "getmycommands": lambda p, f: self.commands.get(self._commands_key(p), []),
            "deletemycommands": self._delete_commands,
            "sendchataction": lambda p, f: self._chat(p) is not None,
            "getfile": lambda p, f: self._files.get_file(str(p.get("file_id")), MAX_DOWNLOAD),
            "sendphoto": lambda p, f: self._send_media(p, f, "photo"),
            "senddocument": lambda p, f: self._send_media(p, f, "document"),
            "sendvoice": lambda p, f: self._send_media(p, f, "voice"),
            "sendaudio": lambda p, f: self._send_media(p, f, "audio"),
            "sendvideo": lambda p, f: self._send_media(p, f, "video"),
        }

    # ------------------------------------------------------------------ lifecycle
    async def start(self) -> None:
        self._closing = False
        app = web.Application(client_max_size=64 * 1024 * 1024)  # PTB uploads up to 50 MB
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"

    async def stop(self) -> None:
        """Wake pending long polls first so shutdown never waits for their timeout."""
        self._closing = True
        self._update_event.set()
        for release in self.held.values():
            release.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotApiServer:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # ------------------------------------------------------------------ inbound (users)
    def push_text(
        self, user_id: int, text: str, *, first_name: str = "Test", language_code: str | None = None
    ) -> int:
        """Returns the update_id. Commands get the bot_command entity CommandHandler needs."""
        return self._push_message(
            user_id, first_name, language_code, text=text, entities=obj.command_entities(text)
        )

    def push_callback(
        self,
        user_id: int,
        message_id: int,
        data: str,
        *,
        first_name: str = "Test",
        language_code: str | None = None,
        strict: bool = True,
    ) -> str:
        """Press a button on bot message ``message_id``; returns the callback query id.

        With ``strict`` the button must exist on the message's *current* keyboard, because
        a real user can only press what they see; pass ``strict=False`` to forge data.
        """
        msg = self._bot_messages.get(message_id)
        if msg is None or msg["chat"]["id"] != user_id:
            raise LookupError(f"no bot message {message_id} in chat {user_id}")
        markup = msg.get("reply_markup") or {}
        datas = [b.get("callback_data") for row in markup.get("inline_keyboard", []) for b in row]
        if strict and data not in datas:
            raise LookupError(f"message {message_id} has no button {data!r}; has {datas}")
        self._names[user_id] = first_name
        query_id = str(4_000_000_000_000 + self._next_id())
        self._callbacks[query_id] = False
        self._callback_chat[query_id] = user_id
        sender = obj.human_user(user_id, first_name, language_code)
        self.push_raw_update({"callback_query": obj.callback_query(query_id, sender, msg, data)})
        return query_id

    def push_sticker(self, user_id: int, *, emoji: str = "👍", **sender: Unpack[Sender]) -> int:
        sticker: dict[str, Any] = {"type": "regular", "is_animated": False, "is_video": False}
        return self._push_file(
            user_id, sender, "sticker", b"RIFF\0\0\0\0WEBP", "webp", width=512, height=512,
            emoji=emoji, **sticker,
        )  # fmt: skip

    def push_photo(
        self, user_id: int, data: bytes, *, caption: str | None = None, **sender: Unpack[Sender]
    ) -> int:
        """Photo sizes come largest last, like Telegram; only the last one holds ``data``."""
        return self._push_file(user_id, sender, "photo", data, "jpg", caption=caption)

    def push_voice(
        self,
        user_id: int,
        data: bytes,
        *,
        duration: int = 3,
        mime_type: str = "audio/ogg",
        **sender: Unpack[Sender],
    ) -> int:
        return self._push_file(
            user_id, sender, "voice", data, "oga", duration=duration, mime_type=mime_type
        )

    def push_audio(
        self,
        user_id: int,
        data: bytes,
        *,
        duration: int = 3,
        mime_type: str = "audio/mpeg",
        file_name: str = "audio.mp3",
        **sender: Unpack[Sender],
    ) -> int:
        return self._push_file(
            user_id, sender, "audio", data,
            duration=duration, mime_type=mime_type, file_name=file_name,
        )  # fmt: skip

    def push_video(
        self, user_id: int, data: bytes, *, duration: int = 4, **sender: Unpack[Sender]
    ) -> int:
        return self._push_file(
            user_id, sender, "video", data, "mp4", duration=duration, mime_type="video/mp4"
        )

    def push_video_note(
        self, user_id: int, data: bytes, *, duration: int = 5, **sender: Unpack[Sender]
    ) -> int:
        """A round video message: no MIME type or name, only its length (diameter)."""
        return self._push_file(
            user_id, sender, "video_note", data, "mp4", duration=duration, length=240
        )

    def push_document(
        self,
        user_id: int,
        data: bytes,
        *,
        file_name: str,
        mime_type: str,
        caption: str | None = None,
        **sender: Unpack[Sender],
    ) -> int:
        return self._push_file(
            user_id, sender, "document", data,
            caption=caption, file_name=file_name, mime_type=mime_type,
        )  # fmt: skip

    def push_raw_update(self, update: dict[str, Any]) -> int:
        """Queue any update verbatim (update_id assigned if missing); returns the update_id."""
        update = copy.deepcopy(update)
        update_id = int(update.setdefault("update_id", self._next_update_id))
        self._next_update_id = max(self._next_update_id, update_id + 1)
        self._updates.append(update)
        self._updates.sort(key=lambda u: int(u["update_id"]))
        self._update_event.set()
        self._changed.set()
        return update_id

    # ------------------------------------------------------------------ outbound (bot)
    def calls_of(self, method: str) -> list[ApiCall]:
        return [c for c in self.calls if c.method.lower() == method.lower()]

    def messages(self, chat_id: int) -> list[dict[str, Any]]:
        """Current state (after edits) of the bot's messages to ``chat_id``, send order."""
        return [copy.deepcopy(self._bot_messages[m]) for m in self._chat_order.get(chat_id, [])]

    def last_message(self, chat_id: int) -> dict[str, Any]:
        sent = self.messages(chat_id)
        if not sent:
            raise AssertionError(f"the bot sent nothing to chat {chat_id}")
        return sent[-1]

    def buttons(self, message: dict[str, Any]) -> list[tuple[str, str]]:
        """[(label, callback_data)]; url buttons give the url, reply keyboards the label."""
        return obj.flatten_buttons(message.get("reply_markup"))

    async def wait_for_messages(
        self,
        chat_id: int,
        count: int,
        timeout: float = 10.0,  # noqa: ASYNC109
    ) -> list[dict[str, Any]]:
        if not await self._wait_until(lambda: len(self._chat_order[chat_id]) >= count, timeout):
            got = [m.get("text", m.get("caption", "<media>")) for m in self.messages(chat_id)]
            failed = [f"{c.method}: {c.error}" for c in self.calls if c.error]
            raise AssertionError(
                f"wanted {count} bot messages in chat {chat_id} within {timeout}s, "
                f"got {len(got)}: {got!r}; failed calls: {failed!r}"
            )
        return self.messages(chat_id)

    async def wait_for_call(
        self,
        method: str,
        predicate: Callable[[ApiCall], bool] | None = None,
        timeout: float = 10.0,  # noqa: ASYNC109
    ) -> ApiCall:
        def find() -> ApiCall | None:
            return next((c for c in self.calls_of(method) if not predicate or predicate(c)), None)

        if not await self._wait_until(lambda: find() is not None, timeout):
            seen = [c.method for c in self.calls if c.method != "getUpdates"]
            raise AssertionError(f"no matching {method} call within {timeout}s; saw {seen}")
        found = find()
        assert found is not None
        return found

    async def wait_idle(
        self,
        quiet: float = 0.3,
        timeout: float = 10.0,  # noqa: ASYNC109
    ) -> None:
        """Lets a test wait for "the bot has finished reacting" without fixed sleeps."""
        deadline = time.monotonic() + timeout
        while True:
            now = time.monotonic()
            busy = self._inflight > 0 or self._undelivered() or self._awaiting_answer(now)
            if not busy and now - self._last_activity >= quiet:
                return
            if now >= deadline:
                raise AssertionError(
                    f"bot not idle after {timeout}s (in flight: {self._inflight}, "
                    f"undelivered updates: {self._undelivered()})"
                )
            await asyncio.sleep(0.02)

    def hold(self, method: str) -> asyncio.Event:
        """Carry out `method` calls but answer only once the returned event is set: the
        moment to kill a bot between "Telegram has the message" and "the bot knows it"."""
        release = self.held.setdefault(method.lower(), asyncio.Event())
        return release

    def fail_next(
        self,
        method: str,
        *,
        error_code: int = 429,
        description: str = _DEFAULT_FLOOD,
        retry_after: int | None = 1,
    ) -> None:
        """Make the next ``method`` call fail (calls queue up, FIFO).

        ``retry_after`` is only sent with error_code 429: PTB turns *any* response with
        ``retry_after`` into RetryAfter, which would hide an injected 400.
        """
        parameters = None
        if error_code == 429 and retry_after is not None:
            parameters = {"retry_after": retry_after}
            if description == _DEFAULT_FLOOD:
                description = f"Too Many Requests: retry after {retry_after}"
        self._failures[method.lower()].append(ApiError(error_code, description, parameters))

    def outage(
        self,
        method: str,
        seconds: float,
        *,
        error_code: int = 500,
        description: str = "Internal Server Error",
    ) -> None:
        """Answer every ``method`` call with an error for the next ``seconds`` (an outage)."""
        self._outages[method.lower()] = (
            time.monotonic() + seconds, ApiError(error_code, description)
        )  # fmt: skip

    # ------------------------------------------------------------------ HTTP plumbing
    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        if path.startswith("/file/bot"):
            token, _, file_path = path[len("/file/bot") :].partition("/")
            if token != self.token or file_path not in self._files.paths:
                return _error(ApiError(401, "Unauthorized") if token != self.token else None)
            return web.Response(body=self.files[self._files.paths[file_path]])
        token, _, method = path[len("/bot") :].partition("/")
        if not path.startswith("/bot") or not method or "/" in method:
            return _error(None)
        if token != self.token:
            return _error(ApiError(401, "Unauthorized"))
        polling = method.lower() == "getupdates"
        self._inflight += 0 if polling else 1  # counted from arrival: uploads take a while
        try:
            params, uploads = await self._read_params(request)
            call = ApiCall(method, params, {k: (u.filename, u.data) for k, u in uploads.items()})
            self.calls.append(call)
            self._answered(method.lower(), params)
            self._changed.set()
            handler = self._methods.get(method.lower())
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            if self._failures[method.lower()]:
                raise self._failures[method.lower()].popleft()
            outage = self._outages.get(method.lower())
            if outage is not None and time.monotonic() < outage[0]:
                raise outage[1]
            result = handler(params, uploads)
            if inspect.isawaitable(result):
                result = await result
            if method.lower() in self.held:  # done on "Telegram's" side; the answer waits
                await self.held[method.lower()].wait()
        except ApiError as err:
            call.error = err.description
            return _error(err)
        finally:
            if not polling:
                self._inflight -= 1
                self._last_activity = time.monotonic()
            self._changed.set()
        return web.json_response({"ok": True, "result": result})

    async def _read_params(self, request: web.Request) -> tuple[JSONDict, dict[str, Upload]]:
        """Accept JSON, urlencoded and multipart bodies, as the real server does."""
        raw: JSONDict = dict(request.query)
        uploads: dict[str, Upload] = {}
        if request.content_type == "application/json" and request.can_read_body:
            raw.update(await request.json())
        elif request.can_read_body:
            for key, value in (await request.post()).items():
                if isinstance(value, web.FileField):
                    uploads[key] = Upload(value.filename, value.file.read(), value.content_type)
                else:
                    raw[key] = value
        params = {key: obj.decode_param(key, value) for key, value in raw.items()}
        for key, value in params.items():  # media may reference a part via attach://name
            if isinstance(value, str) and value.startswith("attach://"):
                if value[len("attach://") :] in uploads:
                    uploads[key] = uploads.pop(value[len("attach://") :])
        return params, uploads

    async def _wait_until(self, predicate: Callable[[], bool], timeout: float) -> bool:  # noqa: ASYNC109
        deadline = time.monotonic() + timeout
        while not predicate():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                pass
        return True

    @staticmethod
    def _update_chat(update: JSONDict) -> int | None:
        message = update.get("message") or (update.get("callback_query") or {}).get("message")
        chat = (message or {}).get("chat", {}).get("id")
        return chat if isinstance(chat, int) else None

    def _answered(self, method: str, params: JSONDict) -> None:
        """Any call about a chat counts as the bot's answer to what that chat sent."""
        chat = params.get("chat_id")
        if method == "answercallbackquery":
            chat = self._callback_chat.get(str(params.get("callback_query_id")))
        if isinstance(chat, int):
            self._unanswered.pop(chat, None)

    def _awaiting_answer(self, now: float) -> bool:
        """An update still unanswered, for up to ANSWER_WAIT (some updates get no answer)."""
        return any(now - since < ANSWER_WAIT for since in self._unanswered.values())

    def _undelivered(self) -> int:
        return sum(1 for u in self._updates if u["update_id"] > self._delivered_upto)

    def _next_id(self) -> int:
        self._counter += 1
        return self._counter

    # ------------------------------------------------------------------ API methods
    def _delete_webhook(self, params: JSONDict, uploads: dict[str, Upload]) -> bool:
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _get_updates(self, params: JSONDict, uploads: dict[str, Upload]) -> list[JSONDict]:
        """Real long polling: answer as soon as an update exists, else after the timeout
        (capped at 1 s so shutdown and idle detection stay fast)."""
        offset, allowed = params.get("offset"), params.get("allowed_updates") or None
        limit = max(1, min(int(params.get("limit") or 100), 100))
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 1.0)
        while True:
            if isinstance(offset, int) and offset < 0:
                self._updates = self._updates[offset:]
            elif isinstance(offset, int):
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            if allowed is not None:  # Telegram discards updates of types not asked for
                self._updates = [u for u in self._updates if set(u) - {"update_id"} <= {*allowed}]
            ready = self._updates[:limit]
            remaining = deadline - time.monotonic()
            if ready or self._closing or remaining <= 0:
                break
            self._update_event.clear()
            try:
                await asyncio.wait_for(self._update_event.wait(), remaining)
            except TimeoutError:
                pass
        if ready:
            self._delivered_upto = max(self._delivered_upto, ready[-1]["update_id"])
            self._last_activity = time.monotonic()
            for update in ready:
                chat = self._update_chat(update)
                if chat is not None:
                    self._unanswered.setdefault(chat, self._last_activity)
        return copy.deepcopy(ready)

    def _chat(self, params: JSONDict) -> int:
        chat_id = params.get("chat_id")
        if not isinstance(chat_id, int) or isinstance(chat_id, bool):
            raise bad_request("chat not found")
        if chat_id in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat_id

    def _store_bot_message(self, chat_id: int, params: JSONDict, **content: Any) -> JSONDict:
        markup = params.get("reply_markup")
        obj.check_markup(markup)
        chat = obj.private_chat(chat_id, self._names.get(chat_id, "Test"))
        sender = obj.bot_user(self.bot_id, self.bot_username)
        msg = obj.message(self._next_id(), chat, sender, reply_markup=markup, **content)
        self._bot_messages[msg["message_id"]] = msg
        self._chat_order[chat_id].append(msg["message_id"])
        return obj.api_message(copy.deepcopy(msg))

    def _send_message(self, params: JSONDict, uploads: dict[str, Upload]) -> JSONDict:
        chat_id = self._chat(params)
        text = obj.render_text(params, "text", 4096)
        if not text or not text.strip():
            raise bad_request("message text is empty")
        return self._store_bot_message(chat_id, params, text=text)

    def _find_message(self, params: JSONDict) -> JSONDict:
        msg = self._bot_messages.get(params.get("message_id", -1))
        if msg is None or msg["chat"]["id"] != self._chat(params):
            raise bad_request("message to edit not found")
        return msg

    def _apply_edit(self, msg: JSONDict, params: JSONDict, text_key: str | None) -> JSONDict:
        markup = params.get("reply_markup")
        obj.check_markup(markup)
        text = obj.render_text(params, "text", 4096) if text_key else None
        if (text is None or text == msg.get(text_key or "")) and markup == msg.get("reply_markup"):
            raise bad_request(_NOT_MODIFIED)
        if text_key and text is not None:
            msg[text_key] = text
        msg.pop("reply_markup", None)  # an edit without reply_markup removes the keyboard
        if markup is not None:
            msg["reply_markup"] = markup
        msg["edit_date"] = int(time.time())
        return obj.api_message(copy.deepcopy(msg))

    def _edit_text(self, params: JSONDict, uploads: dict[str, Upload]) -> JSONDict:
        msg = self._find_message(params)
        if "text" not in msg:
            raise bad_request("there is no text in the message to edit")
        if not str(params.get("text") or "").strip():
            raise bad_request("message text is empty")
        return self._apply_edit(msg, params, "text")

    def _edit_markup(self, params: JSONDict, uploads: dict[str, Upload]) -> JSONDict:
        return self._apply_edit(self._find_message(params), params, None)

    def _answer_callback(self, params: JSONDict, uploads: dict[str, Upload]) -> bool:
        query_id = str(params.get("callback_query_id"))
        if self._callbacks.get(query_id, True):  # unknown or already answered
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        self._callbacks[query_id] = True
        return True

    @staticmethod
    def _commands_key(params: JSONDict) -> tuple[str, str | None]:
        scope = params.get("scope")
        scope_type = scope.get("type", "default") if isinstance(scope, dict) else "default"
        return scope_type, params.get("language_code") or None

    def _set_commands(self, params: JSONDict, uploads: dict[str, Upload]) -> bool:
        obj.check_commands(params.get("commands"))
        self.commands[self._commands_key(params)] = params["commands"]
        return True

    def _delete_commands(self, params: JSONDict, uploads: dict[str, Upload]) -> bool:
        self.commands.pop(self._commands_key(params), None)
        return True

    def _send_media(self, params: JSONDict, uploads: dict[str, Upload], kind: str) -> JSONDict:
        chat_id = self._chat(params)
        caption = obj.render_text(params, "caption", 1024)
        upload = uploads.get(kind)
        if upload is not None and len(upload.data) > MAX_UPLOAD:
            raise ApiError(413, "Request Entity Too Large")
        media = self._files.outgoing(kind, params, upload)
        return self._store_bot_message(chat_id, params, caption=caption, **{kind: media})

    def _push_message(
        self, user_id: int, first_name: str, language_code: str | None, **content: Any
    ) -> int:
        self._names[user_id] = first_name
        chat = obj.private_chat(user_id, first_name)
        sender = obj.human_user(user_id, first_name, language_code)
        msg = obj.message(self._next_id(), chat, sender, **content)
        return self.push_raw_update({"message": msg})

    def _push_file(
        self,
        user_id: int,
        sender: Sender,
        kind: str,
        data: bytes,
        ext: str | None = None,
        caption: str | None = None,
        **meta: Any,
    ) -> int:
        media = self._files.media(kind, self._files.register(data, kind, ext, **meta))
        first_name, language_code = sender.get("first_name", "Test"), sender.get("language_code")
        return self._push_message(
            user_id, first_name, language_code, caption=caption, **{kind: media}
        )
