"""Issue 16, in a real browser: a coordinator asks for the desk in the Telegram chat, logs in
with the link (a second use is refused), reads the funnel, plans an exchange and moves it —
the switcher and the coach get their notices on Telegram — and downloads the XLSX, which
opens in openpyxl. Screenshots at 390 px and 1280 px go to test-artifacts/desk/."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from storage.desk import AuditLog
from tests.desk.conftest import Running, artifact_dir

pytestmark = pytest.mark.asyncio(loop_scope="module")
TZ = ZoneInfo("Europe/Brussels")


def nl(running: Running, msgid: str) -> str:
    return running.app.translator.gettext("nl", msgid)


async def shoot(page: Any, name: str) -> None:
    folder = artifact_dir("screenshots")
    for width, height in ((390, 844), (1280, 900)):
        await page.set_viewport_size({"width": width, "height": height})
        await page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)


async def test_a_coordinator_runs_an_exchange_from_the_desk(running: Running, browser: Any) -> None:
    kim = await running.onboard(9001, "coordinator", "nl", "Kim")
    anna = await running.onboard(9002, "switcher", "nl", "Anna")
    luc = await running.onboard(9003, "learning_coach", "fr", "Luc")
    assert kim and anna and luc

    said = running.chats["Kim"].text(await running.chats["Kim"].say("/desk"))
    link = re.search(r"http://\S+/desk/login\?token=\S+", said)
    assert link is not None, said

    context = await browser.new_context(viewport={"width": 1280, "height": 900},
                                        accept_downloads=True, locale="nl-BE")  # fmt: skip
    page = await context.new_page()
    await page.goto(link.group(0))
    await page.click("form[action='/desk/login'] button")
    await page.wait_for_url(f"{running.base}/desk/")
    assert await page.inner_text("h1") == nl(running, "Programme")
    assert await page.inner_text("li[data-phase=joined] .count") == "1"
    await page.keyboard.press("Tab")  # keyboard first: the skip link comes first
    assert await page.evaluate("document.activeElement.className") == "skip"
    await shoot(page, "programme")

    again = await browser.new_context(locale="nl-BE")  # before login: the browser's language
    second = await again.new_page()
    await second.goto(link.group(0))
    async with second.expect_response("**/desk/login") as refused:
        await second.click("form[action='/desk/login'] button")
    assert (await refused.value).status == 403
    assert await second.inner_text("h1") == nl(running, "Link not valid")
    await again.close()

    await page.goto(f"{running.base}/desk/exchanges")
    day = (running.clock.now.astimezone(TZ) + timedelta(days=3)).date().isoformat()
    await page.select_option("#switcher", str(anna))
    await page.select_option("#coach", str(luc))
    await page.fill("#place", "Stadhuis Gent")
    await page.fill("#host_org", "Stad Gent")
    await page.fill("#start1", f"{day}T09:00")
    await page.fill("#end1", f"{day}T16:30")
    await shoot(page, "exchanges")
    seen = {who: len(running.botapi.messages(uid)) for who, uid in (("Anna", 9002), ("Luc", 9003))}
    await page.click("form[action='/desk/exchanges'] button[type=submit]")
    await page.wait_for_url(re.compile(r".*/desk/exchanges/\d+\?created=1"))
    for who, uid in (("Anna", 9002), ("Luc", 9003)):
        told = await running.botapi.wait_for_messages(uid, seen[who] + 1)
        assert "Stadhuis Gent" in told[-1]["text"], told[-1]
    await shoot(page, "exchange")

    moved = (running.clock.now.astimezone(TZ) + timedelta(days=5)).date().isoformat()
    await page.fill("#start1", f"{moved}T10:00")
    await page.fill("#end1", f"{moved}T15:00")
    seen = {uid: len(running.botapi.messages(uid)) for uid in (9002, 9003)}
    await page.click("form[action$='/reschedule'] button[type=submit]")
    await page.wait_for_url(re.compile(r".*\?moved=1"))
    for uid in (9002, 9003):
        told = await running.botapi.wait_for_messages(uid, seen[uid] + 1)
        assert any("Stadhuis Gent" in m.get("text", "") for m in told[seen[uid] :])

    await page.goto(f"{running.base}/desk/results")
    await shoot(page, "results")
    async with page.expect_download() as info:
        await page.click("a[href$='cohort.xlsx']")
    download = await info.value
    saved = artifact_dir("downloads") / download.suggested_filename
    await download.save_as(saved)
    book = openpyxl.load_workbook(saved)
    rows = list(book["exchanges"].iter_rows(values_only=True))
    assert any("Stadhuis Gent" in [str(c) for c in row] for row in rows[1:]), rows
    async with running.app.db.read() as conn:
        audit = await AuditLog(conn).latest()
    assert [(a.actor_id, a.target) for a in audit if a.action == "download"] == [
        (kim, download.suggested_filename)
    ]

    await page.goto(f"{running.base}/desk/people")
    await shoot(page, "people")
    await page.click("form[action='/desk/logout'] button")
    await page.goto(f"{running.base}/desk/")
    assert await page.inner_text("h1") == nl(running, "Log in")  # the session is over
    await context.close()
