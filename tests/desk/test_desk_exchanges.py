"""Issue 16, the Exchanges page without a browser: a message that failed goes out again with
*Send again* and reaches the person on Telegram; a day that ends before it starts is refused
with the service's own words in the coordinator's language, and the form keeps what was typed;
an exchange cancelled from the desk tells everyone, as from the chat."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from bot.reminders.service import create_exchange
from conversations.exchange_texts import NOTICE
from storage.exchanges import Exchanges, NewExchange
from storage.people import People
from storage.reminders import Reminders
from tests.desk.conftest import Running

pytestmark = pytest.mark.asyncio(loop_scope="module")
TZ = ZoneInfo("Europe/Brussels")


async def sent_to(running: Running, chat: int, needle: str) -> str:
    """The first message to `chat` containing `needle`, as soon as the bot sends it."""
    call = await running.botapi.wait_for_call(
        "sendMessage",
        lambda c: str(c.params.get("chat_id")) == str(chat) and needle in str(c.params.get("text")),
    )
    return str(call.params.get("text"))


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


async def test_a_failed_message_is_sent_again_and_arrives(running: Running) -> None:
    kim = await running.member("Kim", "coordinator")
    anna = await running.onboard(9102, "switcher", "nl", "Anna")
    luc = await running.member("Luc", "learning_coach")
    running.botapi.blocked.add(9102)  # Anna blocked the bot: her notice fails
    start = running.clock.now + timedelta(days=30)  # only the notice is due now
    new = NewExchange(anna, luc, "Stadhuis Gent", ((start, start + timedelta(hours=7)),), kim)
    async with running.app.db.transaction() as conn:
        exchange = await create_exchange(conn, running.app.settings, new, running.clock.now)
    assert running.app.scheduler is not None
    running.app.scheduler.nudge()
    await running.botapi.wait_for_call("sendMessage", lambda c: c.error is not None)
    await running.botapi.wait_idle()  # the deliverer has written down what happened
    failed_texts = {
        str(c.params.get("text"))
        for c in running.botapi.calls_of("sendMessage")
        if c.error and str(c.params.get("chat_id")) == "9102"
    }
    async with running.app.db.read() as conn:
        rows = await Reminders(conn).of_exchange(exchange)
    failed = [r for r in rows if r.person_id == anna and r.status == "failed"]
    assert [r.kind for r in failed] == [NOTICE] and failed[0].payload  # its text, to retry
    async with running.logged_in(kim) as desk:
        page = await desk.get(f"/desk/exchanges/{exchange}")
        for row in failed:
            assert f"/desk/reminders/{row.id}/again" in page.text
        running.botapi.blocked.discard(9102)  # she unblocked the bot
        before = len(running.botapi.messages(9102))
        again = await desk.post(f"/desk/reminders/{failed[0].id}/again",
                                data={"csrf": csrf_of(page.text)},
                                headers={"HX-Request": "true"})  # fmt: skip
    assert again.status_code == 200 and f'id="reminder-{failed[0].id}"' in again.text
    assert "/again" not in again.text  # the row now waits to go out: no second button
    assert running.app.translator.gettext("nl", "sent again from the desk") in again.text
    told = await running.botapi.wait_for_messages(9102, before + 1)
    assert told[-1]["text"] in failed_texts


async def test_bad_dates_are_refused_in_the_coordinators_language_and_nothing_is_lost(
    running: Running,
) -> None:
    kim = await running.member("Kim", "coordinator")
    anna = await running.member("Anna", "switcher")
    luc = await running.member("Luc", "learning_coach")
    async with running.app.db.transaction() as conn:
        await People(conn).set_locale(kim, "fr")
    day = (running.clock.now.astimezone(TZ) + timedelta(days=3)).date().isoformat()
    async with running.logged_in(kim) as desk:
        form = await desk.get("/desk/exchanges")
        sent = await desk.post("/desk/exchanges", data={
            "csrf": csrf_of(form.text), "switcher": str(anna), "coach": str(luc),
            "place": "Stadhuis Gent", "notes": "Veiligheidsschoenen",
            "start1": f"{day}T16:00", "end1": f"{day}T09:00",
        })  # fmt: skip
    said = running.app.translator.gettext("fr", "A day must end after it starts.")
    assert sent.status_code == 400 and said in sent.text
    assert 'value="Stadhuis Gent"' in sent.text and "Veiligheidsschoenen" in sent.text
    async with running.app.db.read() as conn:
        assert await Exchanges(conn).all() == []


async def test_cancelling_on_the_desk_tells_the_switcher(running: Running) -> None:
    kim = await running.member("Kim", "coordinator")
    anna = await running.onboard(9202, "switcher", "en", "Anna")
    luc = await running.member("Luc", "learning_coach")
    start = running.clock.now + timedelta(days=3)
    new = NewExchange(anna, luc, "Stadhuis Gent", ((start, start + timedelta(hours=7)),), kim)
    async with running.app.db.transaction() as conn:
        exchange = await create_exchange(conn, running.app.settings, new, running.clock.now)
    assert running.app.scheduler is not None
    running.app.scheduler.nudge()
    await sent_to(running, 9202, "Stadhuis Gent")
    async with running.logged_in(kim) as desk:
        page = await desk.get(f"/desk/exchanges/{exchange}")
        done = await desk.post(f"/desk/exchanges/{exchange}/cancel",
                               data={"csrf": csrf_of(page.text)})  # fmt: skip
    assert done.status_code == 303
    told = await sent_to(running, 9202, "cancelled")
    assert "Stadhuis Gent" in told


async def test_an_employer_contact_added_on_the_desk_is_told_and_reminded(running: Running) -> None:
    """Walkthrough 8: the employers were left out of an exchange set up in chat. On the desk
    the coordinator adds the host employer's contact to a planned exchange: the contact is told
    and gets their own checklist nudge and evaluation, through the service the CLI uses too."""
    kim = await running.member("Kim", "coordinator")
    anna = await running.member("Anna", "switcher")
    luc = await running.member("Luc", "learning_coach")
    koen = await running.onboard(9302, "employer", "en", "Koen")
    start = running.clock.now + timedelta(days=30)
    new = NewExchange(anna, luc, "Stadhuis Gent", ((start, start + timedelta(hours=7)),), kim)
    async with running.app.db.transaction() as conn:
        exchange = await create_exchange(conn, running.app.settings, new, running.clock.now)
    async with running.logged_in(kim) as desk:
        page = await desk.get(f"/desk/exchanges/{exchange}")
        assert f'<option value="{koen}">' in page.text
        done = await desk.post(f"/desk/exchanges/{exchange}/edit", data={
            "csrf": csrf_of(page.text), "place": "Stadhuis Gent, Botermarkt 1",
            "host_org": "Stad Gent", "host_contact": str(koen),
        })  # fmt: skip
    assert done.status_code == 303, done.text
    told = await sent_to(running, 9302, "Stadhuis Gent, Botermarkt 1")
    assert "/exchanges" in told
    async with running.app.db.read() as conn:
        changed = await Exchanges(conn).get(exchange)
        kinds = {r.kind for r in await Reminders(conn).of_exchange(exchange) if r.person_id == koen}
    assert changed is not None and changed.host_contact_id == koen
    assert changed.host_org == "Stad Gent"
    assert {"checklist_nudge", "evaluation", NOTICE} <= kinds


async def test_the_month_calendar_shows_each_exchange_day(running: Running) -> None:
    """Issue 16: a month calendar of the exchanges, on the coordinator's local days."""
    kim = await running.member("Kim", "coordinator")
    anna = await running.member("Anna", "switcher")
    luc = await running.member("Luc", "learning_coach")
    start = (running.clock.now + timedelta(days=40)).astimezone(TZ).replace(hour=9, minute=0)
    days = ((start, start + timedelta(hours=7)), (start + timedelta(days=1),
            start + timedelta(days=1, hours=7)))  # fmt: skip
    new = NewExchange(anna, luc, "Stadhuis Gent", days, kim)
    async with running.app.db.transaction() as conn:
        exchange = await create_exchange(conn, running.app.settings, new, running.clock.now)
    async with running.logged_in(kim) as desk:
        html = (await desk.get(f"/desk/exchanges?month={start:%Y-%m}")).text
        other = (await desk.get("/desk/exchanges?month=1999-01")).text
    cells = re.findall(r'<td class="busy"><span class="daynum">(\d+)</span>\s*(.*?)</td>', html)
    expected = sorted({start.day, (start + timedelta(days=1)).day})
    if start.month == (start + timedelta(days=1)).month:
        assert sorted(int(d) for d, _ in cells) == expected
    assert all(f"/desk/exchanges/{exchange}" in links for _d, links in cells)
    assert 'class="busy"' not in other


async def test_the_agenda_and_checklist_progress_of_an_exchange(running: Running) -> None:
    """Issue 16: per exchange the checklist progress per part and the switcher's agenda (the
    PDF the chat gives the coordinator); reading the agenda is in the audit log."""
    from storage.agendas import Agendas
    from storage.desk import AuditLog

    kim = await running.member("Kim", "coordinator")
    anna = await running.member("Anna", "switcher")
    luc = await running.member("Luc", "learning_coach")
    start = running.clock.now + timedelta(days=30)
    new = NewExchange(anna, luc, "Stadhuis Gent", ((start, start + timedelta(hours=7)),), kim)
    async with running.app.db.transaction() as conn:
        exchange = await create_exchange(conn, running.app.settings, new, running.clock.now)
    async with running.logged_in(kim) as desk:
        before = await desk.get(f"/desk/exchanges/{exchange}/agenda.pdf")
        async with running.app.db.transaction() as conn:
            await Agendas(conn).add_version(anna, {}, anna, running.clock.now)
        page = (await desk.get(f"/desk/exchanges/{exchange}")).text
        pdf = await desk.get(f"/desk/exchanges/{exchange}/agenda.pdf")
    assert before.status_code == 404
    items = len(running.app.library.checklists.switcher)  # type: ignore[union-attr]
    none_done = running.app.translator.gettext("nl", "{done} of {total} done")
    assert none_done.format(done=0, total=items) in page
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # Walkthrough 31: the desk's PDF says which exchange it belongs to, as the chat's does.
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Stadhuis Gent" in text
    async with running.app.db.read() as conn:
        rows = await AuditLog(conn).latest()
    assert (rows[0].action, rows[0].subject_id) == ("view_agenda", anna)


async def test_an_exchange_reads_done_as_soon_as_its_last_day_is_over(running: Running) -> None:
    """Walkthrough 25: the exchange stayed "planned" for half an hour after the last day. On
    the desk it reads "done" from the end of the last day, in the list and on its page."""
    kim = await running.member("Kim", "coordinator")
    anna = await running.member("Anna", "switcher")
    luc = await running.member("Luc", "learning_coach")
    start = running.clock.now + timedelta(days=2)
    new = NewExchange(anna, luc, "Stadhuis Gent", ((start, start + timedelta(hours=7)),), kim)
    async with running.app.db.transaction() as conn:
        exchange = await create_exchange(conn, running.app.settings, new, running.clock.now)
    t = running.app.translator
    planned, done = t.gettext("nl", "planned"), t.gettext("nl", "done")
    async with running.logged_in(kim) as desk:
        before = (await desk.get(f"/desk/exchanges/{exchange}")).text
    running.clock.now = start + timedelta(hours=7, minutes=1)
    async with running.logged_in(kim) as desk:
        after = (await desk.get(f"/desk/exchanges/{exchange}")).text
        listed = (await desk.get("/desk/exchanges")).text
    assert f"<dd>{planned}</dd>" in before
    assert f"<dd>{done}</dd>" in after and f"<td>{done}</td>" in listed


async def test_only_reflections_shared_with_the_coordinator_are_shown(running: Running) -> None:
    """Issue 16: the exchange page shows the reflections their authors shared with the
    coordinator — never one kept to themselves or shared with the partner only."""
    from storage.reflections import Reflections

    kim = await running.member("Kim", "coordinator")
    anna = await running.member("Anna", "switcher")
    luc = await running.member("Luc", "learning_coach")
    start = running.clock.now + timedelta(days=30)
    new = NewExchange(anna, luc, "Stadhuis Gent", ((start, start + timedelta(hours=7)),), kim)
    now = running.clock.now
    async with running.app.db.transaction() as conn:
        exchange = await create_exchange(conn, running.app.settings, new, now)
        reflections = Reflections(conn)
        for who, part, text, visibility in (
            (anna, "switcher", "Ik leerde veel over de planning.", "partner+coordinator"),
            (luc, "learning_coach", "Alleen voor Anna bedoeld.", "partner"),
            (anna, "switcher", "Mijn eigen notitie.", "me"),
        ):
            found = await reflections.draft_id(exchange, who, part, "reflection", text, now)
            await reflections.add_item(found, "text", text, None, now)
            await reflections.share(found, visibility, now)
    async with running.logged_in(kim) as desk:
        page = (await desk.get(f"/desk/exchanges/{exchange}")).text
    assert "Ik leerde veel over de planning." in page
    assert "Alleen voor Anna bedoeld." not in page and "Mijn eigen notitie." not in page
