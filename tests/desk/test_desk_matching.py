"""Issue 17 item 3, the Learning places page: the coordinator sees a switcher's suggestions
with the reasons and the points per criterion and confirms one. "The same confirmation from the
web desk creates the same exchange" as the chat (one service, `create_from_place`), with both
organisations attached and told (790). Another programme's coordinator sees none of it and
cannot confirm."""

from __future__ import annotations

import dataclasses
import re
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.matching.service import create_from_place
from storage.agendas import Agendas
from storage.employers import Employers
from storage.exchanges import Exchanges, NewExchange
from storage.invites import Invites
from storage.people import People
from storage.places import NewPlace, Places
from storage.programmes import Programmes
from storage.schema import reminders
from tests.desk.conftest import Running
from tests.desk.test_desk_accessibility import violations
from tests.matching.test_chat_matching import AGENDA

pytestmark = pytest.mark.asyncio(loop_scope="module")


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


async def labelled(running: Running, name: str, role: str, label: str) -> int:
    """Someone invited for an organisation (`wegwijzer invite --label`), without a chat."""
    now = running.clock.now
    async with running.app.db.transaction() as conn:
        code = (await Invites(conn).create(role, 1, now + timedelta(days=9), now, label=label)).code
        person = await People(conn).create("telegram", f"l-{name}", f"l-{name}", now)
        await People(conn).set_name(person, name)
        await People(conn).grant_role(person, role, now, code)
    return person


async def test_suggestions_and_the_same_exchange_as_the_chat(running: Running) -> None:
    kim = await running.member("Kim", "coordinator")
    anna = await labelled(running, "Anna", "switcher", "AZ Sint-Jan")
    lien = await labelled(running, "Lien", "employer", "AZ Sint-Jan")
    jan = await running.member("Jan", "learning_coach")
    eva = await running.member("Eva", "employer")
    outsider = await running.outsider("Olga")
    now = running.clock.now
    async with running.app.db.transaction() as conn:
        await Agendas(conn).add_version(anna, AGENDA, anna, now)
        [ours] = await Programmes(conn).coordinated_by(kim)
        place_id = await Places(conn).add(
            NewPlace(programme_id=ours, topic="Verpleegafdeling", host_org="AZ Maria",
                     site="Kerkstraat 1, Aalst", municipality="Aalst", capacity=2, coach_id=jan,
                     host_contact_id=eva, safety="Gesloten schoenen"), now)  # fmt: skip
        await Places(conn).add(
            NewPlace(programme_id=ours, topic="Magazijn", host_org="Colruyt", site="Dok 3",
                     municipality="Hasselt"), now)  # fmt: skip
        assert await Employers(conn).contact_of(kim, "AZ Sint-Jan") == lien
    tz = ZoneInfo("Europe/Brussels")
    day = (now + timedelta(days=35)).astimezone(tz).replace(hour=9, minute=0, second=0)
    form_days = {"start1": day.strftime("%Y-%m-%dT%H:%M"),
                 "end1": (day + timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M")}  # fmt: skip

    async with running.logged_in(outsider) as desk:
        page = await desk.get(f"/desk/matching?switcher={anna}")
        assert page.status_code == 200 and "AZ Maria" not in page.text
        form = {"csrf": csrf_of(page.text), "switcher": str(anna), "place": str(place_id),
                "coach": str(jan), **form_days}  # fmt: skip
        refused = await desk.post("/desk/matching/confirm", data=form)
    assert refused.status_code == 400
    async with running.logged_in(kim) as desk:
        page = await desk.get(f"/desk/matching?switcher={anna}")
        assert page.status_code == 200
        text = page.text
        assert text.index("AZ Maria") < text.index("Colruyt")  # best fit first
        assert "Verpleegafdeling" in text and "Gent" in text  # reasons: shared word, region
        assert "(+2)" in text and "(+3)" in text  # points per criterion
        form = {"csrf": csrf_of(text), "switcher": str(anna), "place": str(place_id),
                "coach": str(jan), **form_days}  # fmt: skip
        made = await desk.post("/desk/matching/confirm", data=form)
    assert made.status_code == 303
    desk_id = int(made.headers["location"].split("/")[-1].split("?")[0])

    # The chat's applier makes the same NewExchange (bot/exchange_effects.py: create).
    start = day.astimezone(ZoneInfo("UTC"))
    chat = NewExchange(switcher_id=anna, coach_id=jan, place="Kerkstraat 1, Aalst",
                       days=((start, start + timedelta(hours=8)),), coordinator_id=kim,
                       host_org="AZ Maria", notes="Gesloten schoenen",
                       learning_place_id=place_id)  # fmt: skip
    async with running.app.db.transaction() as conn:
        chat_id = await create_from_place(conn, running.app.settings, kim, chat, now)
        from_desk = await Exchanges(conn).get(desk_id)
        from_chat = await Exchanges(conn).get(chat_id)
        told = await conn.execute(
            select(reminders.c.person_id).where(reminders.c.exchange_id == desk_id)
        )
        told_ids = {r[0] for r in told}
    assert from_desk is not None and from_chat is not None
    same = {f.name for f in dataclasses.fields(from_desk)} - {"id"}
    assert {k: getattr(from_desk, k) for k in same} == {k: getattr(from_chat, k) for k in same}
    assert (from_desk.sending_org, from_desk.sending_contact_id) == ("AZ Sint-Jan", lien)
    assert (from_desk.host_org, from_desk.host_contact_id) == ("AZ Maria", eva)
    assert from_desk.notes == "Gesloten schoenen" and from_desk.coach_id == jan
    assert {anna, jan, lien, eva} <= told_ids  # both organisations are told (790)


@pytest.mark.parametrize("locale", ["nl", "ar"])
async def test_the_learning_places_page_passes_axe(
    running: Running, browser: Any, locale: str
) -> None:
    """WCAG 2.1 A/AA on the new page, with suggestions, confirm forms and an employer's intake."""
    kim = await running.member("Kim", "coordinator")
    anna = await labelled(running, "Anna", "switcher", "AZ Sint-Jan")
    eva = await labelled(running, "Eva", "employer", "AZ Maria")
    now = running.clock.now
    async with running.app.db.transaction() as conn:
        await People(conn).set_locale(kim, locale)
        await Agendas(conn).add_version(anna, AGENDA, anna, now)
        [ours] = await Programmes(conn).coordinated_by(kim)
        await Places(conn).add(
            NewPlace(programme_id=ours, topic="Verpleegafdeling", host_org="AZ Maria",
                     site="Kerkstraat 1, Aalst", municipality="Aalst"), now)  # fmt: skip
        await Employers(conn).save_intake(ours, "AZ Maria", eva, {"role": "host",
                                          "sector": "Zorg"}, now)  # fmt: skip
    context = await browser.new_context(bypass_csp=True)
    page = await context.new_page()
    await page.goto(await running.link_for(kim))
    await page.click("form[action='/desk/login'] button")
    await page.wait_for_url(f"{running.base}/desk/")
    await page.goto(f"{running.base}/desk/matching?switcher={anna}")
    await page.click("details summary")
    assert "AZ Maria" in await page.content()
    found = await violations(page)
    await context.close()
    assert found == []


async def test_a_place_is_edited_on_the_desk_and_not_by_another_programme(
    running: Running,
) -> None:
    """Issue 17 item 2: places are content the coordinator edits on the desk too."""
    kim = await running.member("Kim", "coordinator")
    outsider = await running.outsider("Olga")
    now = running.clock.now
    async with running.app.db.transaction() as conn:
        [ours] = await Programmes(conn).coordinated_by(kim)
        place_id = await Places(conn).add(
            NewPlace(programme_id=ours, topic="Magazijn", host_org="Colruyt", site="Dok 3",
                     municipality="Gent", safety="Schoenen"), now)  # fmt: skip
    form = {"topic": "Magazijn en logistiek", "host_org": "Colruyt", "site": "Dok 3",
            "municipality": "Halle", "safety": "", "exclusions": "", "capacity": "2",
            "status": "paused"}  # fmt: skip
    async with running.logged_in(outsider) as desk:
        page = await desk.get("/desk/matching")
        refused = await desk.post(f"/desk/places/{place_id}/edit",
                                  data={**form, "csrf": csrf_of(page.text)})  # fmt: skip
    assert refused.status_code == 404
    async with running.logged_in(kim) as desk:
        page = await desk.get("/desk/matching")
        done = await desk.post(f"/desk/places/{place_id}/edit",
                               data={**form, "csrf": csrf_of(page.text)})  # fmt: skip
    assert done.status_code == 303
    async with running.app.db.transaction() as conn:
        place = await Places(conn).get(place_id)
    assert place is not None
    assert (place.topic, place.municipality, place.capacity, place.status, place.safety) == (
        "Magazijn en logistiek", "Halle", 2, "paused", None,
    )  # fmt: skip
