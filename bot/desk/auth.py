"""Logging in with a one-time link, and out.

GET shows a button; the POST behind it spends the link (once, within 10 minutes) and opens a
session: an HttpOnly, SameSite=Lax cookie, Secure when the desk is served over https.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from bot.desk.links import LINK_AGE
from bot.desk.views import Viewer
from bot.desk.web import COOKIE, Desk
from storage.desk import DeskLinks, DeskSessions


async def login_page(desk: Desk, request: Request) -> Response:
    token = request.query_params.get("token", "")
    return desk.page(request, "login.html", None, {"token": token})


async def log_in(desk: Desk, request: Request) -> Response:
    form = await request.form()
    token = form.get("token")
    person_id = None
    if isinstance(token, str) and 20 <= len(token) <= 100:
        async with desk.app.db.transaction() as conn:
            person_id = await DeskLinks(conn).redeem(token, desk.now(), LINK_AGE)
            if person_id is not None:
                session, _csrf = await DeskSessions(conn).open(person_id, desk.now())
    if person_id is None:
        return desk.page(request, "link_refused.html", None, status=403)
    response = desk.redirect("/desk/")
    response.set_cookie(
        COOKIE,
        session,
        httponly=True,
        samesite="lax",
        secure=desk.secure,
        path="/desk",
    )
    return response


async def log_out(desk: Desk, request: Request, viewer: Viewer) -> Response:
    await desk.form(request, viewer)
    token = request.cookies.get(COOKIE, "")
    async with desk.app.db.transaction() as conn:
        await DeskSessions(conn).end(token, desk.now())
    response = desk.page(request, "signed_out.html", None, {"logged_out": True})
    response.delete_cookie(COOKIE, path="/desk", httponly=True, samesite="lax", secure=desk.secure)
    return response
