"""The Newcomers page: each newcomer's intake summary (issue 16), plan progress and requests
for a mentor or career coach, who took them, and "offer to a mentor" by hand for a request
nobody could take — the same offer, buttons and timeout as the automatic matching
(`bot.newcomer.matchmaker`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from bot.desk.views import Viewer
from bot.desk.web import Desk
from bot.newcomer.services import offer_by_hand
from conversations.forms.flow import visible
from conversations.forms.review import shown_answer
from conversations.forms.schema import Form
from conversations.newcomer.vocabulary import INTAKE
from conversations.text import Msg, _
from storage.desk import AuditLog
from storage.desk_views import is_member, members, steps_done, support_asked
from storage.people import People
from storage.responses import Responses
from storage.supporters import Supporters

#: Requests a coordinator may offer by hand (nobody is answering one now).
OFFERABLE = ("searching", "unavailable")


#: One intake answer as the page shows it: the question, and the answer (several for a
#: question with more than one choice), both in the reader's language.
Shown = tuple[Msg, tuple[Msg, ...]]


def summary(form: Form | None, answers: dict[str, Any]) -> list[Shown]:
    """The answers of the newest finished intake, question by question, as the newcomer's own
    review shows them (`shown_answer`: option labels translated, a file by its name)."""
    if form is None:
        return []
    out: list[Shown] = []
    for q in form.questions:
        if q.id not in answers or not visible(form, q, answers):
            continue
        shown = shown_answer(q, answers[q.id])
        out.append((Msg(msgid=q.text), shown if isinstance(shown, tuple) else (shown,)))
    return out


async def _intakes(conn: AsyncConnection, ids: list[int]) -> dict[int, dict[str, Any]]:
    found = {}
    for person in ids:
        done = [r for r in await Responses(conn).of_user(person, INTAKE) if r.completed_at]
        if done:
            found[person] = dict(max(done, key=lambda r: r.completed_at or r.started_at).answers)
    return found


async def _context(desk: Desk, viewer: Viewer) -> dict[str, object]:
    """Each newcomer with their intake summary; looking at someone's answers is written to
    the audit log (one row per newcomer whose answers the page shows)."""
    async with desk.app.db.transaction() as conn:
        everyone = await members(conn, viewer.person_id)
        newcomers = [m for m in everyone if "newcomer" in m.roles]
        ids = [m.id for m in newcomers]
        done = await steps_done(conn, ids)
        asked = await support_asked(conn, ids)
        mentors = await People(conn).pickable(viewer.person_id, ("mentor",))
        names = await People(conn).names({a.supporter_id for a in asked if a.supporter_id})
        intakes = await _intakes(conn, ids)
        for person in intakes:
            await AuditLog(conn).add(
                viewer.person_id, "view_intake", f"newcomer {person}", desk.now(), person
            )
    form = desk.app.library.forms.get(INTAKE)
    return {
        "intakes": {person: summary(form, answers) for person, answers in intakes.items()},
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
