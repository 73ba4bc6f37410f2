"""The People page: search and filter the programme's people, one person's page (audited),
and inviting: a code, the deep link and a QR code (PNG or SVG) for a poster or a slide."""

from __future__ import annotations

import io
from datetime import timedelta

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from bot.desk.views import HEADERS, Viewer
from bot.desk.web import Desk
from bot.invitations import InviteError, create_invite, telegram_link
from conversations.about import invite_text
from conversations.roles import Role
from conversations.text import Msg, _
from storage.desk import AuditLog
from storage.desk_views import Member, is_member, members
from storage.exchanges import Exchanges
from storage.invites import Invites
from storage.programmes import Programmes

#: The roles offered when inviting, the most common first.
INVITABLE = tuple(
    r.value
    for r in (Role.SWITCHER, Role.LEARNING_COACH, Role.EMPLOYER, Role.NEWCOMER, Role.MENTOR,
              Role.PARTICIPANT, Role.COORDINATOR)
)  # fmt: skip


def _matches(m: Member, q: str, role: str, org: str) -> bool:
    if q and q.casefold() not in (m.name or "").casefold() and q != str(m.id):
        return False
    if role and role not in m.roles:
        return False
    return not org or (m.label or "") == org


async def _context(desk: Desk, request: Request, viewer: Viewer) -> dict[str, object]:
    q = request.query_params.get("q", "").strip()[:100]
    role = request.query_params.get("role", "")
    org = request.query_params.get("org", "")
    async with desk.app.db.read() as conn:
        everyone = await members(conn, viewer.person_id)
        programmes = await Programmes(conn).coordinated_by(viewer.person_id)
    return {
        "people": [m for m in everyone if _matches(m, q, role, org)],
        "q": q,
        "role_filter": role,
        "org": org,
        "orgs": sorted({m.label for m in everyone if m.label}),
        "roles": INVITABLE,
        "programmes": programmes,
    }


async def listing(desk: Desk, request: Request, viewer: Viewer) -> Response:
    context = await _context(desk, request, viewer)
    if request.headers.get("HX-Request") == "true":
        return desk.page(request, "people_table.html", viewer, context)
    return desk.page(request, "people.html", viewer, context)


async def detail(desk: Desk, request: Request, viewer: Viewer) -> Response:
    person_id = int(request.path_params["person_id"])
    async with desk.app.db.transaction() as conn:
        if not await is_member(conn, viewer.person_id, person_id):
            raise HTTPException(404)
        person = next(m for m in await members(conn, viewer.person_id) if m.id == person_id)
        theirs = [
            e for e in await Exchanges(conn).coordinated_by(viewer.person_id)
            if e.involves(person_id)
        ]  # fmt: skip
        await AuditLog(conn).add(
            viewer.person_id, "view_person", f"person {person_id}", desk.now(), person_id
        )
    return desk.page(request, "person.html", viewer, {"person": person, "exchanges": theirs})


async def invite(desk: Desk, request: Request, viewer: Viewer) -> Response:
    form = await desk.form(request, viewer)
    values = {
        k: str(form.get(k, "")).strip() for k in ("role", "label", "uses", "days", "programme")
    }
    error: Msg | None = None
    field = ""
    made = None
    try:
        uses = int(values["uses"] or "1")
        days = int(values["days"] or "14")
        programme = int(values["programme"]) if values["programme"] else None
    except ValueError:
        uses = days = 0
        programme = None
    if not 1 <= days <= 365:
        error, field = _("Give a number of days from 1 to 365."), "days"
    else:
        async with desk.app.db.transaction() as conn:
            try:
                made = await create_invite(
                    conn, desk.settings, desk.app.library.forms, values["role"], uses,
                    timedelta(days=days), desk.now(), by=viewer.person_id,
                    label=values["label"] or None, programme=programme,
                )  # fmt: skip
            except InviteError as exc:
                error, field = exc.message, exc.field
    context = await _context(desk, request, viewer)
    if made is None:
        context.update(invite_error=error, invite_field=field, values=values)
        return desk.page(request, "people.html", viewer, context, status=400)
    context.update(made=made, share=invite_text(values["role"]))  # issue 17.5
    return desk.page(request, "people.html", viewer, context)


async def qr(desk: Desk, request: Request, viewer: Viewer) -> Response:
    code, fmt = request.path_params["code"], request.path_params["fmt"]
    if fmt not in ("png", "svg"):
        raise HTTPException(404)
    async with desk.app.db.read() as conn:
        found = await Invites(conn).get(code)
        theirs = await Programmes(conn).coordinated_by(viewer.person_id)
        link = await telegram_link(conn, desk.settings, code)
    if found is None or not (found.created_by == viewer.person_id or found.programme_id in theirs):
        raise HTTPException(404)
    target = link or f"/start {code}"
    import segno  # loaded with the first QR code

    symbol = segno.make(target, error="m")
    out = io.BytesIO()
    if fmt == "png":
        symbol.save(out, kind="png", scale=10, border=4)
        media = "image/png"
    else:
        symbol.save(out, kind="svg", scale=10, border=4, xmldecl=False)
        media = "image/svg+xml"
    headers = {**HEADERS, "Content-Disposition": f'inline; filename="invite-{code}.{fmt}"'}
    return Response(out.getvalue(), media_type=media, headers=headers)
