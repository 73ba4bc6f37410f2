"""Issue 16, the Results page: the same aggregate report as the chat and the workbook's report
sheet, and the quiz per organisation with its chart — an organisation with fewer answers than
WEGWIJZER_MIN_GROUP is named but its scores are not shown."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bot.reminders.service import create_exchange
from storage.exchanges import NewExchange
from storage.invites import Invites
from storage.people import People
from storage.responses import Responses
from tests.desk.conftest import Running

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def test_the_report_and_the_quiz_per_organisation(running: Running) -> None:
    kim = await running.member("Kim", "coordinator")
    luc = await running.member("Luc", "learning_coach")
    form = running.app.library.forms["readiness_quiz"]
    now = running.clock.now
    people: list[int] = []
    async with running.app.db.transaction() as conn:
        for label, count in (("Stad Gent", 3), ("Bakkerij Janssens", 1)):
            invite = await Invites(conn).create(
                "switcher", 9, now + timedelta(days=9), now, created_by=kim, label=label
            )
            for n in range(count):
                person = await People(conn).create("telegram", f"{label}{n}", f"{label}{n}", now)
                await People(conn).set_name(person, f"{label} {n}")
                await People(conn).grant_role(person, "switcher", now, invite.code)
                scores = {d.id: 2.0 + n for d in form.dimensions}
                started = now - timedelta(hours=1)
                await Responses(conn).save_answer(person, form.id, form.version, started,
                                                  form.questions[0].id, 1, started)  # fmt: skip
                await Responses(conn).finish(person, form.id, form.version, started, scores, now)
                people.append(person)
        start = now + timedelta(days=30)
        new = NewExchange(people[0], luc, "Stadhuis Gent", ((start, start + timedelta(hours=6)),),
                          kim)  # fmt: skip
        await create_exchange(conn, running.app.settings, new, now)
    async with running.logged_in(kim) as desk:
        html = (await desk.get("/desk/results")).text
    t = running.app.translator
    planned = (
        t.catalogs["nl"]
        .ngettext(
            "{count} exchange: {planned} planned, {confirmed} confirmed, {done} done, "
            "{cancelled} cancelled.",
            "{count} exchanges: {planned} planned, {confirmed} confirmed, {done} done, "
            "{cancelled} cancelled.",
            1,
        )
        .format(count=1, planned=1, confirmed=0, done=0, cancelled=0)
    )
    assert planned in html
    # walkthrough 22: one bar per organisation (the small one hidden) and the average per
    # point, titled without "?:", each bar also as text; scores with their maximum
    assert html.count('src="data:image/png;base64,') == 2
    title = t.gettext("nl", form.title)
    per_org = t.gettext("nl", "Per organisation: {title}").format(title=title)
    assert f'alt="{per_org}"' in html and "?:" not in html
    bars = html.split(f'alt="{per_org}"')[1].split("</ul>")[0]
    assert "Stad Gent" in bars and "Bakkerij Janssens" not in bars
    assert "Stad Gent" in html and "Bakkerij Janssens" in html
    trust = t.gettext("nl", "Bond and trust")
    assert re.search(re.escape(trust) + r": [^<(]+\(\d+(,\d)? van 3\)", html)
    too_few = t.gettext(
        "nl",
        "{organisation}: too few answers to show without identifying someone (at least "
        "{minimum} are needed).",
    ).format(organisation="Bakkerij Janssens", minimum=3)
    assert too_few in html
