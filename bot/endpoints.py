"""What the workers' ASGI server serves besides the coordinators' desk (issue 18): the Telegram
webhook (`bot/telegram/webhook.py`), the Prometheus `/metrics` (`bot/metrics.py`) and `/healthz`
for the load balancer, on the same host and port. Everything else goes to the desk unchanged."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import TYPE_CHECKING, Any, Protocol

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import request_response
from starlette.types import ASGIApp, Receive, Scope, Send

from bot.metrics import CONTENT_TYPE
from bot.telegram.webhook import SECRET_HEADER, secret_matches, webhook_path

if TYPE_CHECKING:
    from bot.app import App

log = logging.getLogger(__name__)


class Receiving(Protocol):
    async def receive(self, data: dict[str, object]) -> None: ...


def telegram_webhook(app: App) -> ASGIApp:
    async def endpoint(request: Request) -> Response:
        if request.method != "POST":
            return Response(status_code=405)
        if not secret_matches(app.settings, request.headers.get(SECRET_HEADER)):
            log.warning("a webhook request without the right secret token was refused")
            return Response(status_code=403)
        transport: Any = app.transports.get("telegram")
        if transport is None or not hasattr(transport, "receive"):
            return Response(status_code=503)  # not up (yet): Telegram tries again
        try:
            data = json.loads(await request.body())
        except ValueError:
            return Response(status_code=400)
        if not isinstance(data, dict):
            return Response(status_code=400)
        receiving: Receiving = transport
        await receiving.receive(data)
        return Response(status_code=200)

    return request_response(endpoint)


def metrics(app: App) -> ASGIApp:
    async def endpoint(request: Request) -> Response:
        body = await app.metrics.scrape(app.db, app.clock())
        return Response(body, media_type=CONTENT_TYPE)

    return request_response(endpoint)


#: A database that does not answer `SELECT 1` within this long makes the worker unhealthy.
HEALTH_TIMEOUT = 2.0


def health(app: App) -> ASGIApp:
    """200 when this worker can serve: its database answers and, with a Telegram webhook, its
    Telegram transport is up; 503 with the reason otherwise, so a load balancer sends the
    webhook elsewhere. Names the worker and its transports; nothing about anyone."""

    async def endpoint(request: Request) -> Response:
        problems: list[str] = []
        try:
            await asyncio.wait_for(app.db.ping(), HEALTH_TIMEOUT)
        except Exception as exc:  # unreachable, timed out, refused: all the same to the proxy
            problems.append(f"database: {type(exc).__name__}")
        if webhook_path(app.settings) is not None and "telegram" not in app.transports:
            problems.append("telegram: not running")
        body = {
            "status": "unhealthy" if problems else "ok",
            "worker": app.settings.worker,
            "transports": sorted(app.transports),
            "problems": problems,
        }
        return JSONResponse(body, status_code=503 if problems else 200)

    return request_response(endpoint)


class Endpoints:
    """An ASGI app: a few exact paths of its own, then the desk."""

    def __init__(self, app: App, desk: ASGIApp) -> None:
        self.desk = desk
        self.routes: dict[str, ASGIApp] = {"/metrics": metrics(app), "/healthz": health(app)}
        path = webhook_path(app.settings)
        if path is not None:
            self.routes[path] = telegram_webhook(app)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            handler = self.routes.get(scope["path"])
            if handler is not None:
                await handler(scope, receive, send)
                return
        await self.desk(scope, receive, send)
