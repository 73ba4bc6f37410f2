"""Issue 16, security of the desk: forms without the CSRF token are refused, a link older than
10 minutes or used once is refused, another programme's coordinator gets 404 for every
address of this programme's people, exchanges, invites and exports, a session ends with the
coordinator role, and every download is in the audit log (`wegwijzer audit list`)."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest

from bot.reminders.service import create_exchange
from storage.desk import AuditLog
from storage.exchanges import Exchanges, NewExchange
from storage.invites import Invites
from storage.people import People
from tests.desk.conftest import Running

pytestmark = pytest.mark.asyncio(loop_scope="module")
TZ = ZoneInfo("Europe/Brussels")


async def programme_with_exchange(running: Running) -> tuple[int, int, int, str]:
    """Kim coordinates the default programme: Anna and Luc in one exchange, one invite."""
    kim = await running.member("Kim", "coordinator")
    anna = await running.member("Anna", "switcher")
    luc = await running.member("Luc", "learning_coach")
    start = running.clock.now + timedelta(days=3)
    new = NewExchange(anna, luc, "Stadhuis Gent", ((start, start + timedelta(hours=7)),), kim)
    async with running.app.db.transaction() as conn:
        exchange = await create_exchange(conn, running.app.settings, new, running.clock.now)
        invite = await Invites(conn).create(
            "switcher", 3, running.clock.now + timedelta(days=9), running.clock.now,
            created_by=kim,
        )  # fmt: skip
    return kim, anna, exchange, invite.code


async def test_a_form_without_the_csrf_token_is_refused_and_changes_nothing(
    running: Running,
) -> None:
    kim, _anna, exchange, _code = await programme_with_exchange(running)
    async with running.logged_in(kim) as desk:
        cancel = await desk.post(f"/desk/exchanges/{exchange}/cancel", data={})
        forged = await desk.post(f"/desk/exchanges/{exchange}/cancel", data={"csrf": "x" * 43})
        invite = await desk.post("/desk/invites", data={"role": "switcher", "uses": "1"})
    assert (cancel.status_code, forged.status_code, invite.status_code) == (403, 403, 403)
    async with running.app.db.read() as conn:
        assert (await Exchanges(conn).get(exchange)).status == "planned"  # type: ignore[union-attr]
        assert await Invites(conn).invited_by(kim) == []


async def test_a_link_works_once_and_only_for_ten_minutes(running: Running) -> None:
    kim = await running.member("Kim", "coordinator")
    old = (await running.link_for(kim)).split("token=")[1]
    fresh = (await running.link_for(kim)).split("token=")[1]
    running.clock.advance(timedelta(minutes=10, seconds=1))
    newest = (await running.link_for(kim)).split("token=")[1]
    async with running.logged_in(kim) as desk:  # a link made just now works
        too_old = await desk.post("/desk/login", data={"token": old})
        also_old = await desk.post("/desk/login", data={"token": fresh})
        first = await desk.post("/desk/login", data={"token": newest})
        second = await desk.post("/desk/login", data={"token": newest})
    assert (too_old.status_code, also_old.status_code) == (403, 403)
    assert (first.status_code, second.status_code) == (303, 403)


async def test_another_programmes_coordinator_gets_404_everywhere(running: Running) -> None:
    kim, anna, exchange, code = await programme_with_exchange(running)
    async with running.app.db.read() as conn:
        [reminder, *_] = [r.id for r in await _reminders(conn, exchange)]
    urls = [
        f"/desk/people/{anna}",
        f"/desk/people/{kim}",
        f"/desk/exchanges/{exchange}",
        f"/desk/invites/{code}.png",
        f"/desk/invites/{code}.svg",
        "/desk/programmes/1/cohort.xlsx",
        "/desk/programmes/1/media.zip",
        "/desk/programmes/1/responses/readiness_quiz.csv",
    ]
    posts = [
        f"/desk/exchanges/{exchange}/cancel",
        f"/desk/exchanges/{exchange}/reschedule",
        f"/desk/reminders/{reminder}/again",
    ]
    outsider = await running.outsider("Olga")
    async with running.logged_in(outsider) as desk:
        csrf = (await desk.get("/desk/people")).text.split('name="csrf" value="')[1][:43]
        got = [(u, (await desk.get(u)).status_code) for u in urls]
        got += [(u, (await desk.post(u, data={"csrf": csrf})).status_code) for u in posts]
        people = (await desk.get("/desk/people")).text
        listed = (await desk.get("/desk/exchanges")).text
    assert got == [(u, 404) for u in urls + posts]
    assert "Anna" not in people and "Stadhuis Gent" not in listed
    async with running.logged_in(kim) as desk:  # the same addresses work for Kim
        assert [(await desk.get(u)).status_code for u in urls] == [200] * len(urls)


async def _reminders(conn, exchange: int):  # type: ignore[no-untyped-def]
    from storage.reminders import Reminders

    return await Reminders(conn).of_exchange(exchange)


async def test_a_session_ends_after_12_idle_hours_and_its_cookie_is_locked_down(
    running: Running,
) -> None:
    kim = await running.member("Kim", "coordinator")
    async with running.logged_in(kim) as desk:
        running.clock.advance(timedelta(hours=11, minutes=59))
        assert (await desk.get("/desk/people")).status_code == 200  # the idle clock restarts
        running.clock.advance(timedelta(hours=11, minutes=59))
        assert (await desk.get("/desk/people")).status_code == 200
        running.clock.advance(timedelta(hours=12, seconds=1))
        assert (await desk.get("/desk/people")).status_code == 401
    link = (await running.link_for(kim)).split("token=")[1]
    running.app.settings.web_url = "https://desk.example.org"  # behind a proxy
    async with httpx.AsyncClient(base_url=running.base) as browser:
        answer = await browser.post("/desk/login", data={"token": link})
    cookie = answer.headers["set-cookie"].lower()
    assert all(part in cookie for part in ("httponly", "samesite=lax", "secure", "path=/desk"))


async def test_taking_the_coordinator_role_away_ends_the_session(running: Running) -> None:
    kim = await running.member("Kim", "coordinator")
    async with running.logged_in(kim) as desk:
        assert (await desk.get("/desk/people")).status_code == 200
        async with running.app.db.transaction() as conn:
            await People(conn).remove_role(kim, "coordinator")
        assert (await desk.get("/desk/people")).status_code == 401


async def test_every_download_and_view_is_in_the_audit_log(running: Running) -> None:
    kim, anna, _exchange, _code = await programme_with_exchange(running)
    async with running.logged_in(kim) as desk:
        for url in (
            "/desk/programmes/1/cohort.xlsx",
            "/desk/programmes/1/cohort.xlsx",
            "/desk/programmes/1/media.zip",
            "/desk/programmes/1/responses/readiness_quiz.csv",
            f"/desk/people/{anna}",
        ):
            assert (await desk.get(url)).status_code == 200  # fmt: skip
    async with running.app.db.read() as conn:
        rows = list(reversed(await AuditLog(conn).latest()))
    assert [(r.actor_id, r.action, r.target, r.subject_id) for r in rows] == [
        (kim, "download", "programme-1-exchanges.xlsx", None),
        (kim, "download", "programme-1-exchanges.xlsx", None),
        (kim, "download", "programme-1-media.zip", None),
        (kim, "download", "programme-1-readiness_quiz.csv", None),
        (kim, "view_person", f"person {anna}", anna),
    ]
