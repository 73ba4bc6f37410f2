"""Issue 16, the Programme page: the funnel counts each switcher in every phase up to the
furthest one reached and lists who is there now; "who is stuck" names the switcher who
joined two weeks ago without an agenda, the newcomer waiting for a mentor longer than the
match time, and the failed message — and nobody of another programme."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bot.reminders.service import create_exchange
from storage.agendas import Agendas
from storage.exchanges import NewExchange
from storage.reminders import Reminders
from storage.responses import Responses
from storage.supporters import Supporters
from tests.desk.conftest import Running

pytestmark = pytest.mark.asyncio(loop_scope="module")


def phase(html: str, name: str) -> tuple[int, list[str]]:
    """The count of a phase and the names listed as there now."""
    block = html.split(f'data-phase="{name}"')[1].split("</li>\n{% ")[0].split("data-phase=")[0]
    count = int(re.search(r'class="count">(\d+)<', block).group(1))  # type: ignore[union-attr]
    return count, re.findall(r'<a href="/desk/people/\d+">([^<]+)</a>', block)


async def test_the_funnel_and_who_is_stuck(running: Running) -> None:
    now = running.clock.now
    kim = await running.member("Kim", "coordinator")
    running.clock.now = now - timedelta(days=20)  # they joined three weeks ago
    anna = await running.member("Anna", "switcher")
    await running.member("Lies", "switcher")
    nadia = await running.member("Nadia", "newcomer")
    running.clock.now = now
    await running.member("Tom", "switcher")  # joined today: not stuck
    luc = await running.member("Luc", "learning_coach")
    await running.member("Olga", "coordinator", await _other_programme(running))
    async with running.app.db.transaction() as conn:
        started = now - timedelta(days=5)
        await Responses(conn).save_answer(anna, "readiness_quiz", 1, started, "bond", 3, started)
        await Responses(conn).finish(anna, "readiness_quiz", 1, started, {}, started)
        await Agendas(conn).add_version(anna, {}, anna, now - timedelta(days=4))
        start = now + timedelta(days=30)
        new = NewExchange(anna, luc, "Stadhuis Gent", ((start, start + timedelta(hours=6)),), kim)
        exchange = await create_exchange(conn, running.app.settings, new, now)
        rows = await Reminders(conn).of_exchange(exchange)
        notice = next(r for r in rows if r.person_id == luc)
        await Reminders(conn).finish(notice.id, "failed", now, "blocked")
        await Supporters(conn).request(nadia, "mentor", None, None, now - timedelta(days=4))
    async with running.logged_in(kim) as desk:
        html = (await desk.get("/desk/")).text
    assert phase(html, "joined") == (3, ["Lies", "Tom"])
    assert phase(html, "quiz") == (1, [])
    assert phase(html, "agenda") == (1, [])
    assert phase(html, "matched") == (1, ["Anna"])
    assert phase(html, "planned") == (0, [])
    stuck = html.split('id="stuck-h"')[1]
    t = running.app.translator
    assert t.gettext("nl", "joined {days} days ago and has no learning agenda yet").format(
        days=20) in stuck and ">Lies<" in stuck and ">Tom<" not in stuck  # fmt: skip
    assert t.gettext("nl", "has been waiting {days} days for a mentor or career coach").format(
        days=4) in stuck and ">Nadia<" in stuck  # fmt: skip
    assert f"/desk/exchanges/{exchange}" in stuck and ">Luc<" in stuck
    assert "Olga" not in html


async def _other_programme(running: Running) -> int:
    from storage.programmes import Programmes

    async with running.app.db.transaction() as conn:
        await Programmes(conn).ensure_default(running.clock.now)
        return await Programmes(conn).create("Elders", running.clock.now)
