"""The Learning places page (issue 17 items 1-3): the coordinator's learning places with status
and room left, their employers (intake and engagement), and, for a switcher picked, the
suggestions with the reasons and the points per criterion. Confirming one goes through the
same service as the chat (`bot.matching.service.create_from_place`): the same checks, the same
exchange, everyone told (both organisations too)."""

from __future__ import annotations

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from bot.desk.exchanges import BadInput, _days, _person
from bot.desk.views import Viewer
from bot.desk.web import Desk
from bot.employers.facts import organisations
from bot.matching.effects import PlaceUnavailable
from bot.matching.service import NotYourSwitcher, Suggestions, create_from_place, suggestions
from bot.reminders.service import ExchangeError
from conversations.employers.overview import INTAKE_FORM, intake_lines
from conversations.matching.model import Criterion
from conversations.matching.places_flow import STATUS
from conversations.matching.texts import limits, reason_line
from conversations.text import Msg, _
from storage.exchanges import NewExchange
from storage.people import People
from storage.places import Places

#: The columns of the suggestions table, in the order of the ranking.
CRITERIA: tuple[tuple[Criterion, Msg], ...] = (
    (Criterion.WORDS, _("Topic")),
    (Criterion.SECTOR, _("Sector")),
    (Criterion.TRAVEL, _("Travel")),
    (Criterion.TRANSPORT, _("Public transport")),
    (Criterion.DATES, _("Dates")),
    (Criterion.CAPACITY, _("Room left")),
)


async def _context(
    desk: Desk, viewer: Viewer, switcher: int | None, values: FormData | None = None
) -> dict[str, object]:
    form = desk.app.dispatcher.journey.forms.get(INTAKE_FORM)
    async with desk.app.db.read() as conn:
        places = await Places(conn).of_coordinator(viewer.person_id)
        pickable = await People(conn).pickable(viewer.person_id, ("switcher", "learning_coach"))
        orgs = await organisations(conn, viewer.person_id)
        names = await People(conn).names({p.coach_id for p in places if p.coach_id})
        found: Suggestions | None = None
        if switcher is not None:
            try:
                found = await suggestions(conn, viewer.person_id, switcher, desk.now().date())
            except NotYourSwitcher:
                found = None
                switcher = None
    switchers = [(i, n) for i, n, r in pickable if r == "switcher"]
    return {
        "places": places,
        "coach_names": names,
        "organisations": orgs,
        "intake": {o.organisation: intake_lines(form, o.answers) for o in orgs},
        "switchers": switchers,
        "coaches": [(i, n) for i, n, r in pickable if r == "learning_coach"],
        "switcher": switcher,
        "switcher_name": dict(switchers).get(switcher) if switcher else None,
        "found": found,
        "limits": (
            limits(Msg.plain(dict(switchers).get(switcher) or "?"), found.needs)
            if found is not None and found.needs is not None and switcher is not None
            else None
        ),
        "criteria": CRITERIA,
        "statuses": STATUS,
        "reason_line": reason_line,
        "values": values,
        "error": None,
    }


async def page(desk: Desk, request: Request, viewer: Viewer) -> Response:
    raw = request.query_params.get("switcher", "")
    switcher = int(raw) if raw.isdigit() and len(raw) < 10 else None
    return desk.page(request, "matching.html", viewer, await _context(desk, viewer, switcher))


async def confirm(desk: Desk, request: Request, viewer: Viewer) -> Response:
    """The coordinator confirms a suggested place: the exchange is made as in the chat."""
    form = await desk.form(request, viewer)
    switcher, place_id, coach = (_person(form, k) for k in ("switcher", "place", "coach"))
    try:
        if switcher is None or place_id is None or coach is None:
            raise BadInput(_("Choose a switcher and a learning coach, and give the place."))
        async with desk.app.db.transaction() as conn:
            place = await Places(conn).get(place_id)
            if place is None:
                raise PlaceUnavailable(f"learning place {place_id} is not there")
            new = NewExchange(
                switcher, coach, place.site, _days(form, viewer.timezone), viewer.person_id,
                notes=place.safety, learning_place_id=place.id,
            )  # fmt: skip
            exchange_id = await create_from_place(
                conn, desk.settings, viewer.person_id, new, desk.now()
            )
    except (BadInput, ExchangeError) as exc:
        return await _refused(desk, request, viewer, switcher, form, exc.message)
    except PlaceUnavailable:
        text = _("That learning place can no longer be chosen: it is closed, full or not yours.")
        return await _refused(desk, request, viewer, switcher, form, text)
    if desk.app.scheduler is not None:
        desk.app.scheduler.nudge()
    return desk.redirect(f"/desk/exchanges/{exchange_id}?created=1")


async def _refused(
    desk: Desk, request: Request, viewer: Viewer, switcher: int | None, form: FormData,
    message: Msg,
) -> Response:  # fmt: skip
    context = await _context(desk, viewer, switcher, form)
    context["error"] = message
    return desk.page(request, "matching.html", viewer, context, status=400)


#: The fields a coordinator changes on the desk, with the most characters.
FIELDS = {"topic": 200, "host_org": 120, "site": 300, "municipality": 120, "safety": 1000,
          "exclusions": 1000}  # fmt: skip


async def edit_place(desk: Desk, request: Request, viewer: Viewer) -> Response:
    """Change a learning place of the coordinator's programmes (404 for any other)."""
    place_id = int(request.path_params["place_id"])
    async with desk.app.db.read() as conn:
        mine = {p.id for p in await Places(conn).of_coordinator(viewer.person_id)}
    if place_id not in mine:
        raise HTTPException(404)
    form = await desk.form(request, viewer)
    changes: dict[str, object] = {}
    for key, most in FIELDS.items():
        value = " ".join(str(form.get(key, "")).split())
        if value and len(value) <= most:
            changes[key] = value
        elif key in ("safety", "exclusions") and not value:
            changes[key] = None
    capacity = str(form.get("capacity", "")).strip()
    status = str(form.get("status", ""))
    if not (capacity.isdigit() and 1 <= int(capacity) <= 50) or status not in STATUS:
        context = await _context(desk, viewer, None)
        context["error"] = _("Give a number from 1 to 50.")
        return desk.page(request, "matching.html", viewer, context, status=400)
    changes["capacity"] = int(capacity)
    async with desk.app.db.transaction() as conn:
        await Places(conn).update(place_id, changes, desk.now())
        await Places(conn).set_status(place_id, status, desk.now())
    return desk.redirect(f"/desk/matching?saved={place_id}")
