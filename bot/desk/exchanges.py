"""The Exchanges page: list and create; per exchange its days, parties, attendance and every
reminder row with its status, with reschedule, cancel and "send again" for a failed message.

Creating, rescheduling and cancelling go through `bot.reminders.service`, as in the chat and
the command line: reminders are planned or moved and everyone involved is told.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from bot.desk.exchange_media import shared_media, shared_with_coordinator
from bot.desk.month import local_today, month_of, parse_month
from bot.desk.views import HEADERS, Viewer
from bot.desk.web import Desk
from bot.exchange_facts import view_of
from bot.reminders.service import (
    ExchangeError,
    cancel_exchange,
    create_exchange,
    edit_exchange,
    reschedule_exchange,
)
from conversations.agenda_view import heading_of
from conversations.follow_up.model import ACTION_STATUS_LABELS
from conversations.replies import AgendaDocument
from conversations.text import Msg, _
from storage.actions import Actions
from storage.attendance import Attendance
from storage.desk import AuditLog
from storage.exchanges import Exchange, ExchangeDetails, Exchanges, NewExchange
from storage.people import People
from storage.reminders import Reminders

PICKED = ("switcher", "learning_coach", "employer")


class BadInput(ValueError):
    def __init__(self, message: Msg) -> None:
        self.message = message
        super().__init__(message.msgid)


def _moment(value: str, tz: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise BadInput(_("Give each day a start and an end (date and time).")) from None
    return parsed.replace(tzinfo=ZoneInfo(tz)).astimezone(UTC)


def _days(form: FormData, tz: str) -> tuple[tuple[datetime, datetime], ...]:
    def text(key: str) -> str:
        return str(form.get(key, "")).strip()

    days = [(_moment(text("start1"), tz), _moment(text("end1"), tz))]
    if text("start2") or text("end2"):
        days.append((_moment(text("start2"), tz), _moment(text("end2"), tz)))
    return tuple(days)


def _person(form: FormData, key: str) -> int | None:
    value = str(form.get(key, "")).strip()
    return int(value) if value.isdigit() else None


async def _mine(desk: Desk, viewer: Viewer, exchange_id: int) -> Exchange:
    """The exchange if this coordinator coordinates it now; 404 otherwise."""
    async with desk.app.db.read() as conn:
        found = [
            e for e in await Exchanges(conn).coordinated_by(viewer.person_id)
            if e.id == exchange_id
        ]  # fmt: skip
    if not found:
        raise HTTPException(404)
    return found[0]


async def _list_context(desk: Desk, viewer: Viewer, month: str | None = None) -> dict[str, object]:
    async with desk.app.db.read() as conn:
        exchanges = await Exchanges(conn).coordinated_by(viewer.person_id)
        pickable = await People(conn).pickable(viewer.person_id, PICKED)
        names = await People(conn).names({e.switcher_id for e in exchanges})
    first = parse_month(month, local_today(desk.now(), viewer.timezone))
    return {
        "exchanges": sorted(exchanges, key=lambda e: e.days[0][0] if e.days else desk.now()),
        "names": names,
        "switchers": [(i, n) for i, n, r in pickable if r == "switcher"],
        "coaches": [(i, n) for i, n, r in pickable if r == "learning_coach"],
        "employers": [(i, n) for i, n, r in pickable if r == "employer"],
        "month": month_of(first, exchanges, viewer.timezone, viewer.locale),
    }


async def listing(desk: Desk, request: Request, viewer: Viewer) -> Response:
    context = await _list_context(desk, viewer, request.query_params.get("month"))
    return desk.page(request, "exchanges.html", viewer, context)


def _told(desk: Desk) -> None:
    """New notice rows: the running bot's deliverer looks at once, not at its next sync."""
    if desk.app.scheduler is not None:
        desk.app.scheduler.nudge()


async def create(desk: Desk, request: Request, viewer: Viewer) -> Response:
    form = await desk.form(request, viewer)
    values = {k: str(v) for k, v in form.items() if k != "csrf"}
    try:
        switcher, coach = _person(form, "switcher"), _person(form, "coach")
        place = values.get("place", "").strip()
        if switcher is None or coach is None or not 0 < len(place) <= 300:
            raise BadInput(_("Choose a switcher and a learning coach, and give the place."))

        def opt(key: str, most: int) -> str | None:
            return values.get(key, "").strip()[:most] or None

        new = NewExchange(
            switcher, coach, place, _days(form, viewer.timezone), viewer.person_id,
            opt("sending_org", 200), opt("host_org", 200), opt("notes", 1000),
            _person(form, "sending_contact"), _person(form, "host_contact"),
        )  # fmt: skip
        async with desk.app.db.transaction() as conn:
            exchange_id = await create_exchange(conn, desk.settings, new, desk.now())
    except (BadInput, ExchangeError) as exc:
        context = await _list_context(desk, viewer)
        context.update(error=exc.message, values=values)
        return desk.page(request, "exchanges.html", viewer, context, status=400)
    _told(desk)
    return desk.redirect(f"/desk/exchanges/{exchange_id}?created=1")


async def _detail_context(desk: Desk, viewer: Viewer, exchange: Exchange) -> dict[str, object]:
    """The exchange as the chat shows it to its coordinator (`view_of`: parties, attendance,
    checklist ticks, the agenda), plus every reminder row; the look is audited."""
    async with desk.app.db.transaction() as conn:
        view = await view_of(conn, exchange, viewer.person_id)
        names = await People(conn).names(set(exchange.participants))
        rows = await Reminders(conn).of_exchange(exchange.id)
        pickable = await People(conn).pickable(viewer.person_id, ("employer",))
        shared = await shared_with_coordinator(conn, exchange.id)
        media = await shared_media(conn, shared)
        reasons = await Attendance(conn).reasons(exchange.id)
        actions = await Actions(conn).of_exchange(exchange.id)
        names.update(await People(conn).names({a.person_id for a in actions}))
        await AuditLog(conn).add(
            viewer.person_id, "view_exchange", f"exchange {exchange.id}", desk.now(),
            exchange.switcher_id,
        )  # fmt: skip
    checklists = desk.app.library.checklists
    progress = {}
    for party in view.parties:
        items = {item.id for item in checklists.for_part(party.part)} if checklists else set()
        if items:
            progress[party.part.value] = (len(party.ticked & items), len(items))
    return {
        "exchange": exchange,
        "names": names,
        "parties": view.parties,
        "progress": progress,
        "has_agenda": view.agenda is not None,
        "shared": shared,
        "media": media,
        "reasons": reasons,
        "actions": actions,
        "action_labels": ACTION_STATUS_LABELS,
        "reminders": sorted(rows, key=lambda r: (r.due_at, r.id)),
        "message": None,
        "error": None,
        "employers": [(i, n) for i, n, r in pickable if r == "employer"],
    }


async def agenda_pdf(desk: Desk, request: Request, viewer: Viewer) -> Response:
    """The switcher's latest learning agenda, as the chat gives it to the coordinator."""
    exchange = await _mine(desk, viewer, int(request.path_params["exchange_id"]))
    async with desk.app.db.transaction() as conn:
        view = await view_of(conn, exchange, viewer.person_id)
        if view.agenda is None:
            raise HTTPException(404)
        await AuditLog(conn).add(
            viewer.person_id, "view_agenda", f"exchange {exchange.id}", desk.now(),
            exchange.switcher_id,
        )  # fmt: skip
    document = AgendaDocument(agenda=view.agenda, exchange=heading_of(view))
    renderer = desk.app.dispatcher.renderer
    out = await asyncio.to_thread(renderer.agenda, document, viewer.locale, viewer.timezone)
    assert isinstance(out.body, bytes)
    headers = {**HEADERS, "Content-Disposition": f'attachment; filename="{out.file_name}"'}
    return Response(out.body, media_type="application/pdf", headers=headers)


async def detail(desk: Desk, request: Request, viewer: Viewer) -> Response:
    exchange = await _mine(desk, viewer, int(request.path_params["exchange_id"]))
    context = await _detail_context(desk, viewer, exchange)
    if request.query_params.get("created"):
        context["message"] = _("The exchange is planned. Everyone involved is being told.")
    elif request.query_params.get("edited"):
        context["message"] = _("The exchange is changed. Everyone involved is being told.")
    elif request.query_params.get("moved"):
        context["message"] = _(
            "The exchange has new dates. Reminders moved; everyone is being told."
        )
    return desk.page(request, "exchange.html", viewer, context)


async def reschedule(desk: Desk, request: Request, viewer: Viewer) -> Response:
    exchange = await _mine(desk, viewer, int(request.path_params["exchange_id"]))
    form = await desk.form(request, viewer)
    try:
        days = _days(form, viewer.timezone)
        async with desk.app.db.transaction() as conn:
            await reschedule_exchange(
                conn, desk.settings, exchange.id, days, desk.now(), by=viewer.person_id
            )
    except (BadInput, ExchangeError) as exc:
        return await _again_with(desk, request, viewer, exc.message)
    _told(desk)
    return desk.redirect(f"/desk/exchanges/{exchange.id}?moved=1")


async def edit(desk: Desk, request: Request, viewer: Viewer) -> Response:
    exchange = await _mine(desk, viewer, int(request.path_params["exchange_id"]))
    form = await desk.form(request, viewer)

    def opt(key: str, most: int) -> str | None:
        return str(form.get(key, "")).strip()[:most] or None

    try:
        place = opt("place", 300)
        if place is None:
            raise BadInput(_("Choose a switcher and a learning coach, and give the place."))
        details = ExchangeDetails(
            place, opt("sending_org", 200), opt("host_org", 200), opt("notes", 1000),
            _person(form, "sending_contact"), _person(form, "host_contact"),
        )  # fmt: skip
        async with desk.app.db.transaction() as conn:
            await edit_exchange(
                conn, desk.settings, exchange.id, details, desk.now(), by=viewer.person_id
            )
    except (BadInput, ExchangeError) as exc:
        return await _again_with(desk, request, viewer, exc.message)
    _told(desk)
    return desk.redirect(f"/desk/exchanges/{exchange.id}?edited=1")


async def cancel(desk: Desk, request: Request, viewer: Viewer) -> Response:
    exchange = await _mine(desk, viewer, int(request.path_params["exchange_id"]))
    await desk.form(request, viewer)
    try:
        async with desk.app.db.transaction() as conn:
            await cancel_exchange(conn, exchange.id, desk.now(), by=viewer.person_id)
    except ExchangeError as exc:
        return await _again_with(desk, request, viewer, exc.message)
    _told(desk)
    return desk.redirect(f"/desk/exchanges/{exchange.id}")


async def _again_with(desk: Desk, request: Request, viewer: Viewer, error: Msg) -> Response:
    """The exchange's page again, saying why the change was not made."""
    exchange = await _mine(desk, viewer, int(request.path_params["exchange_id"]))
    context = await _detail_context(desk, viewer, exchange)
    context["error"] = error
    return desk.page(request, "exchange.html", viewer, context, 400)


async def send_again(desk: Desk, request: Request, viewer: Viewer) -> Response:
    reminder_id = int(request.path_params["reminder_id"])
    async with desk.app.db.read() as conn:
        row = await Reminders(conn).get(reminder_id)
    if row is None or row.exchange_id is None:
        raise HTTPException(404)
    exchange = await _mine(desk, viewer, row.exchange_id)
    await desk.form(request, viewer)
    async with desk.app.db.transaction() as conn:
        await Reminders(conn).send_again(reminder_id, desk.now(), "sent again from the desk")
        row = await Reminders(conn).get(reminder_id)
        names = await People(conn).names({row.person_id} if row else set())
    _told(desk)
    if request.headers.get("HX-Request") != "true":  # without JavaScript: the whole page
        return desk.redirect(f"/desk/exchanges/{exchange.id}")
    return desk.page(
        request, "reminder_row.html", viewer, {"r": row, "names": names, "exchange": exchange}
    )
