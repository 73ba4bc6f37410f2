"""Serving the desk with uvicorn, as one more supervised part of `wegwijzer run` (or alone with
`wegwijzer desk`).

The listening socket is bound here first, so a port in use is a clear error at start (uvicorn
would exit the process instead), and a test can ask for port 0 and read the port it got.
Uvicorn's own signal handling is left out: the command line owns SIGINT/SIGTERM.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import Iterator
from typing import TYPE_CHECKING

import uvicorn

from bot.desk.web import build
from bot.endpoints import Endpoints

if TYPE_CHECKING:
    from bot.app import App

log = logging.getLogger(__name__)


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class DeskServer:
    """start / wait / stop, like a transport (see bot/runner.py)."""

    platform = "desk"

    def __init__(self, app: App, host: str | None = None, port: int | None = None) -> None:
        self.app = app
        self.host = host or app.settings.web_host
        self.port = app.settings.web_port if port is None else port
        self._server: _Server | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self.host, self.port))
        except OSError as exc:
            sock.close()
            raise OSError(f"the desk cannot listen on {self.host}:{self.port}: {exc}") from None
        sock.listen(128)
        sock.setblocking(False)
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            Endpoints(self.app, build(self.app)),  # + the Telegram webhook and /metrics
            lifespan="off",
            log_level="warning",
            access_log=False,  # a login address carries its one-time token
            server_header=False,
        )
        self._server = _Server(config)
        self._task = asyncio.create_task(self._serve(sock))
        log.info("coordinator's desk at %s/desk/", self.app.settings.desk_url)

    async def _serve(self, sock: socket.socket) -> None:
        assert self._server is not None
        try:
            await self._server.serve(sockets=[sock])
        except SystemExit:
            raise RuntimeError("the desk's web server stopped") from None
        finally:
            sock.close()

    async def wait(self) -> None:
        """Until the server ends; cancelling the wait (the supervisor stopping) leaves the
        server running for `stop()` to end cleanly."""
        if self._task is not None:
            await asyncio.shield(self._task)

    async def stop(self) -> None:
        task = self._task
        if self._server is not None:
            self._server.should_exit = True
        if task is not None:
            await asyncio.wait({task})
            if not task.cancelled() and task.exception() is not None:
                log.warning("the desk's web server ended with %s", type(task.exception()).__name__)
        self._server = self._task = None
