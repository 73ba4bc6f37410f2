"""The desk's web application: routes, the session check and the CSRF check.

Every page but the login page needs a live session (`Desk.viewer`); every POST needs the
session's CSRF token, in the form (`csrf`) or, from htmx, in the `X-CSRF-Token` header.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from bot.desk.links import SESSION_IDLE
from bot.desk.views import Pages, Viewer
from bot.i18n import resolve_locale
from storage.desk import DeskSessions
from storage.people import People

if TYPE_CHECKING:
    from bot.app import App

COOKIE = "wegwijzer_desk"
STATIC = Path(__file__).parent / "static"
Handler = Callable[["Desk", Request], Awaitable[Response]]


class Desk:
    """What every handler needs: the running App, the page renderer, the clock."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.settings = app.settings
        self.pages = Pages(app.translator, app.clock)

    @property
    def secure(self) -> bool:
        """Cookies only over https when the desk is reached over https."""
        return self.settings.desk_url.startswith("https://")

    def now(self) -> datetime:
        return self.app.clock()

    async def viewer(self, request: Request) -> Viewer | None:
        token = request.cookies.get(COOKIE)
        if not token:
            return None
        async with self.app.db.transaction() as conn:
            session = await DeskSessions(conn).find(token, self.now(), SESSION_IDLE)
            person = await People(conn).get(session.person_id) if session else None
        if session is None or person is None:
            return None
        locale = resolve_locale(person.locale, None, self.settings.default_locale)
        return Viewer(
            person.id,
            person.name,
            locale,
            person.timezone or self.settings.timezone,
            session.csrf,
        )

    def locale_of(self, request: Request) -> str:
        """For pages shown before login: the browser's first language we have."""
        accepted = request.headers.get("accept-language", "").split(",")[0].split(";")[0]
        return resolve_locale(None, accepted.strip() or None, self.settings.default_locale)

    async def form(self, request: Request, viewer: Viewer) -> FormData:
        """The posted form, refused (403) without this session's CSRF token."""
        form = await request.form()
        sent = form.get("csrf") or request.headers.get("X-CSRF-Token") or ""
        if not isinstance(sent, str) or not hmac.compare_digest(sent, viewer.csrf):
            raise HTTPException(403, "csrf")
        return form

    def page(
        self,
        request: Request,
        template: str,
        viewer: Viewer | None,
        context: dict[str, Any] | None = None,
        status: int = 200,
    ) -> Response:
        locale = viewer.locale if viewer else self.locale_of(request)
        return self.pages.page(request, template, viewer, locale, context, status)

    def redirect(self, url: str) -> Response:
        return RedirectResponse(url, status_code=303)


def _guarded(desk: Desk, handler: Callable[[Desk, Request, Viewer], Awaitable[Response]]) -> Any:
    async def endpoint(request: Request) -> Response:
        viewer = await desk.viewer(request)
        if viewer is None:
            return desk.page(request, "signed_out.html", None, status=401)
        return await handler(desk, request, viewer)

    return endpoint


def _open(desk: Desk, handler: Handler) -> Any:
    async def endpoint(request: Request) -> Response:
        return await handler(desk, request)

    return endpoint


def build(app: App) -> Starlette:
    from bot.desk import (
        auth,
        exchange_media,
        exchanges,
        matching,
        newcomers,
        people,
        programme,
        results,
    )

    desk = Desk(app)

    async def refused(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        viewer = await desk.viewer(request)
        return desk.page(request, "error.html", viewer, {"status": status}, status)

    def g(path: str, handler: Any, methods: tuple[str, ...] = ("GET",)) -> Route:
        return Route(path, _guarded(desk, handler), methods=list(methods))

    routes = [
        Route("/desk/login", _open(desk, auth.login_page), methods=["GET"]),
        Route("/desk/login", _open(desk, auth.log_in), methods=["POST"]),
        g("/desk/logout", auth.log_out, ("POST",)),
        g("/desk/", programme.page),
        g("/desk/people", people.listing),
        g("/desk/people/{person_id:int}", people.detail),
        g("/desk/invites", people.invite, ("POST",)),
        g("/desk/invites/{code:str}.{fmt:str}", people.qr),
        g("/desk/exchanges", exchanges.listing),
        g("/desk/exchanges", exchanges.create, ("POST",)),
        g("/desk/exchanges/{exchange_id:int}", exchanges.detail),
        g("/desk/exchanges/{exchange_id:int}/reschedule", exchanges.reschedule, ("POST",)),
        g("/desk/exchanges/{exchange_id:int}/agenda.pdf", exchanges.agenda_pdf),
        g("/desk/exchanges/{exchange_id:int}/media/{item_id:int}", exchange_media.media),
        g("/desk/exchanges/{exchange_id:int}/edit", exchanges.edit, ("POST",)),
        g("/desk/exchanges/{exchange_id:int}/cancel", exchanges.cancel, ("POST",)),
        g("/desk/reminders/{reminder_id:int}/again", exchanges.send_again, ("POST",)),
        g("/desk/newcomers", newcomers.page),
        g("/desk/requests/{request_id:int}/offer", newcomers.offer, ("POST",)),
        g("/desk/matching", matching.page),
        g("/desk/matching/confirm", matching.confirm, ("POST",)),
        g("/desk/places/{place_id:int}/edit", matching.edit_place, ("POST",)),
        g("/desk/results", results.page),
        g("/desk/programmes/{programme_id:int}/cohort.xlsx", results.cohort_xlsx),
        g("/desk/programmes/{programme_id:int}/media.zip", results.media_zip),
        g("/desk/programmes/{programme_id:int}/responses/{form_id:str}.csv", results.responses),
        Route("/desk", lambda r: RedirectResponse("/desk/", 307)),
        Route("/", lambda r: RedirectResponse("/desk/", 307)),
        Mount("/desk/static", StaticFiles(directory=STATIC), name="static"),
    ]
    return Starlette(routes=routes, exception_handlers={HTTPException: refused, 500: refused})
