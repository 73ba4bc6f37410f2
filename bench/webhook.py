"""Telegram webhooks on loopback (issue 18 item 3): the loopback Bot API in webhook mode, and a
small round-robin proxy in front of several workers.

`WebhookBotApi` answers `setWebhook` and, once a webhook is set, POSTs each pushed update to it
with the `X-Telegram-Bot-Api-Secret-Token` header, as Telegram does: the updates of one chat one
after the other (the next only when the previous one was answered with 200; a refusal or an
error is tried again), different chats at the same time, at most `max_connections` (40) at
once. `RoundRobin` forwards each request to the next worker in turn, like a reverse proxy with
several upstreams.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import time
from collections import defaultdict, deque
from typing import Any

import aiohttp
from aiohttp import web

from bench.loopback_botapi import LoopbackBotApi

RETRY_PAUSE = 0.05
MAX_TRIES = 200


class WebhookBotApi(LoopbackBotApi):
    def __init__(self) -> None:
        super().__init__()
        self.webhook: str | None = None
        self.secret: str | None = None
        self.statuses: defaultdict[int, int] = defaultdict(int)  # HTTP status -> posts
        self._queues: dict[int, deque[dict[str, Any]]] = {}
        self._posting: dict[int, asyncio.Task[None]] = {}
        self._session: aiohttp.ClientSession | None = None
        #: Telegram opens at most `max_connections` (default 40) to a webhook at once.
        self._connections = asyncio.Semaphore(40)
        self._methods["setwebhook"] = self._set_webhook
        self._methods["getwebhookinfo"] = lambda p, f: {"url": self.webhook or ""}

    def _set_webhook(self, params: dict[str, Any], uploads: object) -> bool:
        self.webhook = str(params["url"])
        self.secret = params.get("secret_token")
        self._connections = asyncio.Semaphore(int(params.get("max_connections") or 40))
        return True

    def _delete_webhook(self, params: dict[str, Any], uploads: Any) -> bool:
        self.webhook = None
        return super()._delete_webhook(params, uploads)

    def push_raw_update(self, update: dict[str, Any]) -> int:
        if self.webhook is None:
            return super().push_raw_update(update)
        update = copy.deepcopy(update)
        update_id = int(update.setdefault("update_id", self._next_update_id))
        self._next_update_id = max(self._next_update_id, update_id + 1)
        chat = self._update_chat(update) or 0
        self._queues.setdefault(chat, deque()).append(update)
        if chat not in self._posting:
            self._posting[chat] = asyncio.get_running_loop().create_task(self._post_chat(chat))
        return update_id

    async def _post_chat(self, chat: int) -> None:
        """The chat's updates in order, each until a worker answered it with 200."""
        if self._session is None:  # one connection per chat in flight, as many as there are
            self._session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
        queue = self._queues[chat]
        try:
            while queue:
                update = queue[0]
                self._unanswered.setdefault(chat, time.monotonic())
                for _try in range(MAX_TRIES):
                    if await self._post(update):
                        break
                    await asyncio.sleep(RETRY_PAUSE)
                queue.popleft()
        finally:
            del self._posting[chat]

    async def _post(self, update: dict[str, Any]) -> bool:
        assert self._session is not None and self.webhook is not None
        headers = {"X-Telegram-Bot-Api-Secret-Token": self.secret} if self.secret else {}
        self._inflight += 1
        try:
            async with (
                self._connections,
                self._session.post(self.webhook, json=update, headers=headers) as resp,
            ):
                self.statuses[resp.status] += 1
                return resp.status == 200
        except aiohttp.ClientError:
            self.statuses[0] += 1
            return False
        finally:
            self._inflight -= 1
            self._last_activity = time.monotonic()
            self._changed.set()

    async def stop(self) -> None:
        for task in list(self._posting.values()):
            task.cancel()
        if self._session is not None:
            await self._session.close()
            self._session = None
        await super().stop()


class RoundRobin:
    """A reverse proxy on 127.0.0.1 that sends each request to the next upstream in turn."""

    def __init__(self, upstreams: list[str]) -> None:
        self.upstreams = upstreams
        self.sent: defaultdict[str, int] = defaultdict(int)  # upstream -> requests
        self.url = ""
        self._next = 0
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> RoundRobin:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"
        self._session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _forward(self, request: web.Request) -> web.Response:
        assert self._session is not None
        upstream = self.upstreams[self._next % len(self.upstreams)]
        self._next += 1
        self.sent[upstream] += 1
        headers = {k: v for k, v in request.headers.items() if k.lower() not in ("host",)}
        body = await request.read()
        try:
            async with self._session.request(
                request.method, f"{upstream}{request.rel_url}", headers=headers, data=body
            ) as resp:
                return web.Response(status=resp.status, body=await resp.read())
        except aiohttp.ClientError:
            return web.Response(status=502)


async def stop_quietly(server: WebhookBotApi) -> None:
    with contextlib.suppress(Exception):
        await server.stop()
