"""Issue 16, WCAG 2.1 AA: axe-core (vendored from the npm registry under tests/desk/vendor, not
shipped in the product) finds no level A or AA violation on any desk page, on a phone and at a
desk, in Dutch, French and English — nor in Arabic, where the page reads right to left."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.reminders.service import create_exchange
from storage.actions import Actions
from storage.attendance import Attendance
from storage.exchanges import NewExchange
from storage.media import MediaFiles
from storage.people import People
from storage.reflections import Reflections
from storage.reminders import Reminders
from storage.responses import Responses
from storage.supporters import Supporter, Supporters
from tests.desk.conftest import Running
from tests.flows.test_media import png

pytestmark = pytest.mark.asyncio(loop_scope="module")
AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: Both widths in Dutch; the other languages at one width each (the layout is shared).
WIDTHS = {"nl": (390, 1280), "fr": (1280,), "en": (1280,), "ar": (390,)}


async def violations(page: Any) -> list[str]:
    if not await page.evaluate("typeof window.axe !== 'undefined'"):
        await page.add_script_tag(content=AXE)
    found = await page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))",
        TAGS,
    )
    return list(found)


async def with_content(running: Running, exchange: int, anna: int, nadia: int) -> None:
    """What the exchange and newcomers pages show beside their tables (issue 16): a reason
    for not coming, a follow-up action, shared voice, photo and document, an intake."""
    now, data = running.clock.now, running.app.settings.data_dir
    intake = running.app.library.forms["newcomer_intake"]
    async with running.app.db.transaction() as conn:
        await Attendance(conn).answer(exchange, anna, False, now)
        await Attendance(conn).give_reason(exchange, anna, "Mijn dochter is ziek", now)
        await Actions(conn).add(exchange, anna, "switcher", "Share the planning board", now)
        reflection = await Reflections(conn).draft_id(exchange, anna, "switcher", "reflection",
                                                      "a11y", now)  # fmt: skip
        await Reflections(conn).add_item(reflection, "text", "One board for the week.", None, now)
        for kind, path, body, mime in (("voice", "media/a/v.ogg", b"OggS" * 64, "audio/ogg"),
                                       ("photo", "media/a/p.png", png(40, 30), "image/png"),
                                       ("document", "media/a/d.txt", b"notes", "text/plain")):
            (data / path).parent.mkdir(parents=True, exist_ok=True)
            (data / path).write_bytes(body)
            fields = {"path": path, "sha256": "0" * 64, "size": len(body), "mime_type": mime,
                      "file_name": "notes.txt" if kind == "document" else None}
            media = await MediaFiles(conn).add(anna, kind, fields, now)
            await Reflections(conn).add_item(reflection, kind, None, media, now)
        await Reflections(conn).share(reflection, "coordinator", now)
        for question, value in (("region", "east_flanders"), ("languages", ["ar", "fa"])):
            await Responses(conn).save_answer(nadia, intake.id, intake.version, now, question,
                                              value, now)  # fmt: skip
        await Responses(conn).finish(nadia, intake.id, intake.version, now, None, now)


@pytest.mark.parametrize("locale", ["nl", "fr", "en", "ar"])
async def test_no_wcag_a_or_aa_violations_on_any_page(
    running: Running, browser: Any, locale: str
) -> None:
    kim = await running.member("Kim", "coordinator")
    anna = await running.member("Anna", "switcher")
    luc = await running.member("Luc", "learning_coach")
    nadia = await running.member("Nadia", "newcomer")
    marc = await running.member("Marc", "mentor")
    start = running.clock.now + timedelta(days=3)
    new = NewExchange(anna, luc, "Stadhuis Gent", ((start, start + timedelta(hours=7)),), kim)
    async with running.app.db.transaction() as conn:
        await People(conn).set_locale(kim, locale)
        exchange = await create_exchange(conn, running.app.settings, new, running.clock.now)
        first = (await Reminders(conn).of_exchange(exchange))[0]
        await Reminders(conn).finish(first.id, "failed", running.clock.now, "blocked the bot")
        profile = Supporter(marc, ("mentor",), ("care",), ("nl",), "gent", 2, None)
        await Supporters(conn).save(profile, running.clock.now)
        request = await Supporters(conn).request(nadia, "mentor", None, None, running.clock.now)
        await Supporters(conn).set_request(request, "unavailable", running.clock.now)
    await with_content(running, exchange, anna, nadia)
    link = await running.link_for(kim)
    context = await browser.new_context(bypass_csp=True)  # only to inject axe
    page = await context.new_page()
    await page.goto(link)
    found = {"login": await violations(page)}
    await page.click("form[action='/desk/login'] button")
    await page.wait_for_url(f"{running.base}/desk/")
    assert await page.get_attribute("html", "lang") == locale
    assert await page.get_attribute("html", "dir") == ("rtl" if locale == "ar" else "ltr")
    pages = ["/desk/", "/desk/people", f"/desk/people/{anna}", "/desk/exchanges",
             f"/desk/exchanges/{exchange}", "/desk/newcomers", "/desk/results",
             "/desk/exchanges/999"]  # fmt: skip
    for width in WIDTHS[locale]:
        await page.set_viewport_size({"width": width, "height": 900})
        for path in pages:
            await page.goto(running.base + path)
            found[f"{path} at {width}px"] = await violations(page)
    await page.goto(f"{running.base}/desk/people")
    await page.fill("#invite-label", "Bakkerij Janssens")
    await page.click("form[action='/desk/invites'] button")
    found["invite made"] = await violations(page)
    await page.click("form[action='/desk/logout'] button")
    found["logged out"] = await violations(page)
    await page.goto(link)  # used already
    await page.click("form[action='/desk/login'] button")
    found["link refused"] = await violations(page)
    await context.close()
    assert {where: v for where, v in found.items() if v} == {}
