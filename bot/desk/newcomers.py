"""The Newcomers page: each newcomer's plan progress and requests for a mentor or career
coach, who took them, and "offer to a mentor" by hand for a request nobody could take — the
same offer, buttons and timeout as the automatic matching (`bot.newcomer.matchmaker`)."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from bot.desk.views import Viewer
from bot.desk.web import Desk
from bot.newcomer.services import offer_by_hand
from conversations.text import _
from storage.desk_views import is_member, members, steps_done, support_asked
from storage.people import People
from storage.supporters import Supporters

#: Requests a coordinator may offer by hand (nobody is answering one now).
OFFERABLE = ("searching", "unavailable")


async def _context(desk: Desk, viewer: Viewer) -> dict[str, object]:
    async with desk.app.db.read() as conn:
        everyone = await members(conn, viewer.person_id)
        newcomers = [m for m in everyone if "newcomer" in m.roles]
        ids = [m.id for m in newcomers]
        done = await steps_done(conn, ids)
        asked = await support_asked(conn, ids)
        mentors = await People(conn).pickable(viewer.person_id, ("mentor",))
        names = await People(conn).names({a.supporter_id for a in asked if a.supporter_id})
    return {
        "newcomers": newcomers,
        "done": done,
        "asked": {m.id: [a for a in asked if a.newcomer_id == m.id] for m in newcomers},
        "mentors": sorted({(i, n) for i, n, _r in mentors}),
        "names": names,
        "offerable": OFFERABLE,
        "message": None,
        "error": None,
    }


async def page(desk: Desk, request: Request, viewer: Viewer) -> Response:
    return desk.page(request, "newcomers.html", viewer, await _context(desk, viewer))


async def offer(desk: Desk, request: Request, viewer: Viewer) -> Response:
    request_id = int(request.path_params["request_id"])
    async with desk.app.db.read() as conn:
        found = await Supporters(conn).get_request(request_id)
        mine = found is not None and await is_member(conn, viewer.person_id, found.newcomer_id)
    if found is None or not mine:
        raise HTTPException(404)
    form = await desk.form(request, viewer)
    chosen = str(form.get("mentor", ""))
    async with desk.app.db.read() as conn:
        allowed = {i for i, _n, _r in await People(conn).pickable(viewer.person_id, ("mentor",))}
    offered = None
    if chosen.isdigit() and int(chosen) in allowed:
        async with desk.app.db.transaction() as conn:
            offered = await offer_by_hand(
                conn, desk.settings, desk.app.dispatcher.words, request_id, int(chosen),
                desk.now(),
            )  # fmt: skip
    context = await _context(desk, viewer)
    if offered is None:
        context["error"] = _(
            "That mentor cannot get this request: choose another one, or wait for the answer "
            "of the mentor who has it now."
        )
        return desk.page(request, "newcomers.html", viewer, context, status=400)
    if desk.app.scheduler is not None:
        desk.app.scheduler.nudge()
    context["message"] = _("The request is offered. The mentor can accept or decline it.")
    return desk.page(request, "newcomers.html", viewer, context)
