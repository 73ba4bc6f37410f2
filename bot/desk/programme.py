"""The Programme page: the funnel per phase with the people in each, and who is stuck."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from bot.desk.funnel import funnel, stuck
from bot.desk.views import Viewer
from bot.desk.web import Desk
from storage.desk_views import (
    failed_reminders,
    invited,
    members,
    switcher_facts,
    waiting_for_support,
)
from storage.exchanges import Exchanges
from storage.programmes import Programmes


async def funnel_page_data(desk: Desk, viewer: Viewer) -> dict[str, object]:
    forms = desk.app.library.forms
    quizzes = [f.id for f in forms.values() if f.kind == "quiz"]
    now = desk.now()
    async with desk.app.db.read() as conn:
        everyone = await members(conn, viewer.person_id)
        switchers = [m for m in everyone if "switcher" in m.roles]
        facts = await switcher_facts(
            conn, [m.id for m in switchers], quizzes, "evaluation_switcher"
        )
        exchanges = await Exchanges(conn).coordinated_by(viewer.person_id)
        places, _taken = await invited(conn, viewer.person_id, "switcher")
        failed = await failed_reminders(conn, [e.id for e in exchanges])
        waiting = await waiting_for_support(conn, viewer.person_id, now - desk.settings.match_delay)
        programmes = [
            p for p in await Programmes(conn).all()
            if p.id in await Programmes(conn).coordinated_by(viewer.person_id)
        ]  # fmt: skip
    people = {m.id: m for m in everyone}
    return {
        "phases": funnel(switchers, facts, exchanges, places, now),
        "stuck": stuck(
            switchers,
            facts,
            exchanges,
            failed,
            people,
            desk.settings.evaluation_delay,
            now,
            waiting,
        ),
        "programmes": programmes,
    }


async def page(desk: Desk, request: Request, viewer: Viewer) -> Response:
    return desk.page(request, "programme.html", viewer, await funnel_page_data(desk, viewer))
