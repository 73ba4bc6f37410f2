"""The README's desk screenshots (docs/desk/*.png), taken from a running bot and desk with a
small, made-up programme: `.venv/bin/python -m tests.desk.screenshots [OUT_DIR]`.

The same wiring as the desk tests (`tests/desk/conftest.py`: the loopback Bot API, the App and
the desk server) and Debian's Chromium; nothing is downloaded. Everyone here is invented.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.app import App
from bot.desk.server import DeskServer
from bot.reminders.service import create_exchange
from bot.settings import load_settings
from storage.actions import Actions
from storage.agendas import Agendas
from storage.attendance import Attendance
from storage.exchanges import NewExchange
from storage.invites import Invites
from storage.media import MediaFiles
from storage.people import People
from storage.reflections import Reflections
from storage.reminders import Reminders
from storage.responses import Responses
from storage.supporters import Supporter, Supporters
from tests.desk.conftest import CHROMIUM, Running
from tests.fakes import Clock
from tests.telegram.botapi_server import BotApiServer

DOCS = Path(__file__).resolve().parents[2] / "docs" / "desk"
NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def board() -> bytes:
    """A made-up photo: a week planning board with notes in five columns."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (360, 220), "#f4f1ea")
    draw = ImageDraw.Draw(image)
    colours = ["#f6d55c", "#8fd3c8", "#f2a5a0", "#b8c4f0"]
    for column in range(5):
        x = 12 + column * 70
        draw.rectangle((x, 12, x + 62, 208), outline="#888888")
        for row in range((column * 3) % 4 + 1):
            y = 24 + row * 44
            draw.rectangle((x + 6, y, x + 56, y + 36), fill=colours[(column + row) % 4])
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


async def seed(running: Running) -> dict[str, int]:
    app, now = running.app, running.clock.now
    ids = {name: await running.member(name, role) for name, role in (
        ("Els Janssens", "coordinator"), ("Anna Peeters", "switcher"),
        ("Luc Martens", "learning_coach"), ("Samir Haddad", "switcher"),
        ("Lies Vermeulen", "learning_coach"), ("Amal Yousef", "newcomer"),
        ("Reza Karimi", "newcomer"), ("Marc De Smet", "mentor"),
    )}  # fmt: skip
    quiz = app.library.forms["readiness_quiz"]
    intake = app.library.forms["newcomer_intake"]
    start = now + timedelta(days=7)
    async with app.db.transaction() as conn:
        for label, count in (("Stad Gent", 4), ("Bakkerij Janssens", 3), ("Zorg Oost", 1)):
            invite = await Invites(conn).create(
                "switcher",
                9,
                now + timedelta(days=9),
                now,
                created_by=ids["Els Janssens"],
                label=label,
            )
            for n in range(count):
                person = await People(conn).create("telegram", f"q{label}{n}", f"q{label}{n}", now)
                await People(conn).grant_role(person, "switcher", now, invite.code)
                scores = {d.id: min(float(n + 1), 2.0) for d in quiz.dimensions}
                await Responses(conn).save_answer(
                    person, quiz.id, quiz.version, now, quiz.questions[0].id, 1, now
                )
                await Responses(conn).finish(person, quiz.id, quiz.version, now, scores, now)
        for switcher in (ids["Anna Peeters"], ids["Samir Haddad"]):
            await Responses(conn).save_answer(
                switcher, quiz.id, quiz.version, now, quiz.questions[0].id, 1, now
            )
            await Responses(conn).finish(
                switcher, quiz.id, quiz.version, now, {d.id: 1.0 for d in quiz.dimensions}, now
            )
        goal = {
            "text": "Een weekplanning op één bord maken",
            "observable": "Mijn team gebruikt het",
            "by_when": "eind januari",
        }
        await Agendas(conn).add_version(
            ids["Anna Peeters"], {"goals": [goal]}, ids["Anna Peeters"], now
        )
        days = ((start, start + timedelta(hours=7, minutes=30)),)
        new = NewExchange(
            ids["Anna Peeters"],
            ids["Luc Martens"],
            "Stadhuis Gent, Botermarkt 1",
            days,
            ids["Els Janssens"],
            sending_org="OCMW Gent",
            host_org="Stad Gent",
            notes="Veiligheidsschoenen meebrengen.",
        )
        exchange = await create_exchange(conn, app.settings, new, now)
        later = now + timedelta(days=16)
        other = NewExchange(
            ids["Samir Haddad"],
            ids["Lies Vermeulen"],
            "Bakkerij Janssens, Lokeren",
            ((later, later + timedelta(hours=6)),),
            ids["Els Janssens"],
        )
        await create_exchange(conn, app.settings, other, now)
        first = (await Reminders(conn).of_exchange(exchange))[0]
        await Reminders(conn).finish(first.id, "failed", now, "blocked the bot")
        await Attendance(conn).answer(exchange, ids["Luc Martens"], True, now)
        await Attendance(conn).answer(exchange, ids["Anna Peeters"], False, now)
        await Attendance(conn).give_reason(
            exchange, ids["Anna Peeters"], "Mijn dochter is ziek; de week erna kan ik wel.", now
        )
        await Actions(conn).add(
            exchange,
            ids["Anna Peeters"],
            "switcher",
            "De weekplanning op één bord voorstellen aan mijn team",
            now,
        )
        reflection = await Reflections(conn).draft_id(
            exchange, ids["Anna Peeters"], "switcher", "reflection", "docs", now
        )
        await Reflections(conn).add_item(
            reflection, "text", "Ze plannen de week samen op één groot bord.", None, now
        )
        data = app.settings.data_dir
        for kind, path, body, mime, name in (
            ("voice", "media/d/v.ogg", b"OggS" * 64, "audio/ogg", None),
            ("photo", "media/d/p.png", board(), "image/png", None),
            (
                "document",
                "media/d/d.docx",
                b"PK",
                "application/octet-stream",
                "Weekplanning ploeg B.docx",
            ),
        ):
            (data / path).parent.mkdir(parents=True, exist_ok=True)
            (data / path).write_bytes(body)
            fields = {
                "path": path,
                "sha256": "0" * 64,
                "size": len(body),
                "mime_type": mime,
                "file_name": name,
            }
            media = await MediaFiles(conn).add(ids["Anna Peeters"], kind, fields, now)
            await Reflections(conn).add_item(reflection, kind, None, media, now)
        await Reflections(conn).share(reflection, "partner+coordinator", now)
        for person, answers in (
            (
                ids["Amal Yousef"],
                {
                    "residence": "refugee",
                    "region": "east_flanders",
                    "municipality": "Lokeren",
                    "languages": ["ar", "en"],
                },
            ),
            (
                ids["Reza Karimi"],
                {"residence": "subsidiary", "region": "brussels", "languages": ["fa"]},
            ),
        ):
            for question, value in answers.items():
                await Responses(conn).save_answer(
                    person, intake.id, intake.version, now, question, value, now
                )
            await Responses(conn).finish(person, intake.id, intake.version, now, None, now)
        profile = Supporter(ids["Marc De Smet"], ("mentor",), ("care",), ("nl",), "gent", 2, None)
        await Supporters(conn).save(profile, now)
        request = await Supporters(conn).request(ids["Amal Yousef"], "mentor", None, None, now)
        await Supporters(conn).set_request(request, "unavailable", now)
    ids["exchange"] = exchange
    return ids


async def shoot(running: Running, out: Path) -> None:
    from playwright.async_api import async_playwright

    ids = await seed(running)
    link = await running.link_for(ids["Els Janssens"])
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, headless=True)
        context = await browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-BE")
        page = await context.new_page()
        await page.goto(link)
        await page.screenshot(path=str(out / "login.png"))
        await page.click("form[action='/desk/login'] button")
        await page.wait_for_url(f"{running.base}/desk/")
        pages: list[tuple[str, str, Any]] = [
            ("programme", "/desk/", None), ("people", "/desk/people", None),
            ("exchanges", "/desk/exchanges", None),
            ("exchange", f"/desk/exchanges/{ids['exchange']}", None),
            ("newcomers", "/desk/newcomers", "details.intake summary"),
            ("results", "/desk/results", None),
        ]  # fmt: skip
        for name, path, click in pages:
            await page.goto(running.base + path)
            if click:
                await page.click(click)
            await page.screenshot(path=str(out / f"{name}.png"), full_page=True)
        await page.set_viewport_size({"width": 390, "height": 844})
        await page.goto(f"{running.base}/desk/")
        await page.screenshot(path=str(out / "programme-phone.png"))
        await browser.close()


async def main(out: Path) -> None:
    clock = Clock(NOW)
    with tempfile.TemporaryDirectory() as folder:
        async with BotApiServer() as botapi:
            settings = load_settings(
                data_dir=Path(folder) / "data",
                telegram_token=botapi.token,
                telegram_api_url=botapi.url,
                web_url="http://127.0.0.1:1",
            )
            app = await App.open(settings, clock=clock)
            desk = DeskServer(app, host="127.0.0.1", port=0)
            await desk.start()
            base = f"http://127.0.0.1:{desk.port}"
            app.settings.web_url = base
            try:
                await shoot(Running(app, botapi, clock, base), out)
            finally:
                await desk.stop()
                await app.close()


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DOCS
    target.mkdir(parents=True, exist_ok=True)
    asyncio.run(main(target))
