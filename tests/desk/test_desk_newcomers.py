"""Issue 16, the Newcomers page: plan progress and requests for support per newcomer, and
"offer to a mentor" by hand for a request nobody could take. The mentor gets the same offer
with Accept / Decline buttons on Telegram as from the automatic matching; a request of
another programme's newcomer answers 404."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bot.desk.views import REQUESTS
from storage.supporters import Supporter, Supporters
from tests.desk.conftest import Running

pytestmark = pytest.mark.asyncio(loop_scope="module")


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


async def test_a_coordinator_offers_a_waiting_request_to_a_mentor(running: Running) -> None:
    kim = await running.member("Kim", "coordinator")
    nadia = await running.member("Nadia Haddad", "newcomer")
    mentor = await running.onboard(9401, "mentor", "nl", "Marc")
    outsider = await running.outsider("Olga")
    now = running.clock.now
    async with running.app.db.transaction() as conn:
        await Supporters(conn).save(
            Supporter(mentor, ("mentor",), ("care",), ("nl",), "gent", 2, None), now
        )
        request = await Supporters(conn).request(nadia, "mentor", None, None, now)
        await Supporters(conn).set_request(request, "unavailable", now + timedelta(minutes=1))
    async with running.logged_in(outsider) as desk:
        page = await desk.get("/desk/newcomers")
        assert "Nadia" not in page.text
        form = {"csrf": csrf_of(page.text), "mentor": str(mentor)}
        refused = await desk.post(f"/desk/requests/{request}/offer", data=form)
    assert refused.status_code == 404
    async with running.logged_in(kim) as desk:
        page = await desk.get("/desk/newcomers")
        nobody = running.app.translator.gettext("nl", REQUESTS["unavailable"])
        assert "Nadia Haddad" in page.text and nobody in page.text
        before = len(running.botapi.messages(9401))
        form = {"csrf": csrf_of(page.text), "mentor": str(mentor)}
        done = await desk.post(f"/desk/requests/{request}/offer", data=form)
        again = await desk.post(f"/desk/requests/{request}/offer", data=form)
    assert done.status_code == 200 and again.status_code == 400
    offer = (await running.botapi.wait_for_messages(9401, before + 1))[-1]
    buttons = [data for _label, data in running.botapi.buttons(offer)]
    assert len(buttons) == 2 and "Nadia" in offer["text"] and "Haddad" not in offer["text"]


async def test_each_newcomer_has_an_intake_summary_in_the_coordinators_language(
    running: Running,
) -> None:
    """Issue 16 item 3 (Newcomers: intake summary): the answers of the newest finished intake,
    question by question, with the options' labels translated (not `east_flanders`); looking
    at them is written to the audit log; another programme's coordinator sees none of it."""
    from storage.desk import AuditLog
    from storage.responses import Responses

    kim = await running.member("Kim", "coordinator")
    amal = await running.member("Amal Haddad", "newcomer")
    outsider = await running.outsider("Olga")
    form = running.app.library.forms["newcomer_intake"]
    now = running.clock.now
    answers = {"residence": "refugee", "region": "east_flanders", "municipality": "Lokeren",
               "languages": ["ar", "fa"]}  # fmt: skip
    async with running.app.db.transaction() as conn:
        for question, value in answers.items():
            await Responses(conn).save_answer(amal, form.id, form.version, now, question, value,
                                              now)  # fmt: skip
        await Responses(conn).finish(amal, form.id, form.version, now, None, now)
    t = running.app.translator
    async with running.logged_in(kim) as desk:
        html = (await desk.get("/desk/newcomers")).text
    for shown in ("Recognised refugee", "East Flanders", "Arabic", "Dari or Persian"):
        assert t.gettext("nl", shown) in html, shown
    assert "Lokeren" in html and "east_flanders" not in html
    region = next(q for q in form.questions if q.id == "region")
    assert t.gettext("nl", region.text) in html
    async with running.app.db.read() as conn:
        audit = await AuditLog(conn).latest()
    assert any(a.action == "view_intake" and a.subject_id == amal for a in audit)
    async with running.logged_in(outsider) as desk:
        assert "Lokeren" not in (await desk.get("/desk/newcomers")).text
