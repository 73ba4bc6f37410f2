"""Issue 16 item 3 (Exchanges, per exchange): attendance with the reasons people gave for not
coming, the follow-up actions of that exchange with their status, and the recordings, photos
and documents shared with the coordinator played back on the page — through an address that
needs a session, is written to the audit log, answers with the file's own type (a document
under the name it was sent with, walkthrough 20) and 404 for another programme's coordinator
or for an item the author did not share with the coordinator."""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.reminders.service import create_exchange
from storage.actions import Actions
from storage.attendance import Attendance
from storage.desk import AuditLog
from storage.exchanges import NewExchange
from storage.media import MediaFiles
from storage.reflections import Reflections
from tests.desk.conftest import Running
from tests.flows.test_media import png

pytestmark = pytest.mark.asyncio(loop_scope="module")
VOICE = b"OggS" + bytes(range(256)) * 4
REASON = "Mijn dochter is ziek; de week erna kan ik wel"


async def world(running: Running) -> tuple[int, int, dict[str, int]]:
    kim = await running.member("Kim", "coordinator")
    anna = await running.member("Anna", "switcher")
    luc = await running.member("Luc", "learning_coach")
    now = running.clock.now
    start = now + timedelta(days=20)
    new = NewExchange(anna, luc, "Stadhuis Gent", ((start, start + timedelta(hours=7)),), kim)
    data = running.app.settings.data_dir
    files = {"voice": ("media/x/v.ogg", VOICE, "audio/ogg", None),
             "photo": ("media/x/p.png", png(60, 40), "image/png", None),
             "document": ("media/x/d.txt", b"board", "text/plain", "Weekplanning ploeg B.txt"),
             "private": ("media/x/q.ogg", VOICE, "audio/ogg", None)}  # fmt: skip
    items: dict[str, int] = {}
    async with running.app.db.transaction() as conn:
        exchange = await create_exchange(conn, running.app.settings, new, now)
        await Attendance(conn).answer(exchange, anna, False, now)
        await Attendance(conn).give_reason(exchange, anna, REASON, now)
        await Attendance(conn).answer(exchange, luc, True, now)
        await Actions(conn).add(exchange, anna, "switcher", "Share the planning board", now)
        shared = await Reflections(conn).draft_id(exchange, anna, "switcher", "reflection",
                                                  "s1", now)  # fmt: skip
        private = await Reflections(conn).draft_id(exchange, anna, "switcher", "reflection",
                                                   "s2", now)  # fmt: skip
        for kind, (path, body, mime, name) in files.items():
            (data / path).parent.mkdir(parents=True, exist_ok=True)
            (data / path).write_bytes(body)
            fields = {"path": path, "sha256": "0" * 64, "size": len(body), "mime_type": mime,
                      "file_name": name}  # fmt: skip
            media = await MediaFiles(conn).add(anna, kind, fields, now)
            target = private if kind == "private" else shared
            await Reflections(conn).add_item(target, "voice" if kind == "private" else kind,
                                             None, media, now)  # fmt: skip
        await Reflections(conn).share(shared, "partner+coordinator", now)
        await Reflections(conn).share(private, "partner", now)
        for reflection in await Reflections(conn).of_exchange(exchange):
            for item in reflection.items:
                key = "private" if reflection.id == private else item.kind
                items[key] = item.id
    return kim, exchange, items


async def test_attendance_reasons_actions_and_shared_media_on_the_exchange_page(
    running: Running,
) -> None:
    kim, exchange, items = await world(running)
    t = running.app.translator
    async with running.logged_in(kim) as desk:
        html = (await desk.get(f"/desk/exchanges/{exchange}")).text
        assert REASON in html  # beside Anna's "no"
        assert "Share the planning board" in html
        assert t.gettext("nl", "not started") in html or "not started" in html
        base = f"/desk/exchanges/{exchange}/media"
        assert re.search(rf'<audio controls[^>]* src="{base}/{items["voice"]}"', html)
        assert re.search(rf'<img src="{base}/{items["photo"]}"', html)
        assert f'href="{base}/{items["document"]}"' in html
        assert "Weekplanning ploeg B.txt" in html
        assert f"{base}/{items['private']}" not in html  # shared with the partner only

        voice = await desk.get(f"{base}/{items['voice']}")
        assert voice.status_code == 200 and voice.content == VOICE
        assert voice.headers["content-type"] == "audio/ogg"
        document = await desk.get(f"{base}/{items['document']}")
        assert document.content == b"board"
        disposition = document.headers["content-disposition"]
        assert "attachment" in disposition and "Weekplanning%20ploeg%20B.txt" in disposition
        assert (await desk.get(f"{base}/{items['private']}")).status_code == 404
        assert (await desk.get(f"{base}/999999")).status_code == 404
    async with running.app.db.read() as conn:
        audit = await AuditLog(conn).latest()
    looked = [a for a in audit if a.action == "view_media" and a.actor_id == kim]
    assert len(looked) == 2 and all(a.target.startswith(f"exchange {exchange}") for a in looked)

    omar = await running.outsider("Omar")
    async with running.logged_in(omar) as other:
        answer = await other.get(f"/desk/exchanges/{exchange}/media/{items['voice']}")
        assert answer.status_code == 404 and answer.content != VOICE
    async with running.app.db.read() as conn:
        audit = await AuditLog(conn).latest()
    assert not [a for a in audit if a.action == "view_media" and a.actor_id == omar]


async def test_the_media_zip_from_the_results_page(running: Running) -> None:
    """Issue 16 item 4 / walkthrough 21: the programme's shared files in one zip from the
    desk, named as in the workbook, a document under the name it was sent with, nothing the
    author kept from the coordinator; the download is audited; 404 for another programme."""
    import io
    import zipfile

    from storage.programmes import Programmes

    kim, exchange, _items = await world(running)
    async with running.app.db.read() as conn:
        [programme] = await Programmes(conn).coordinated_by(kim)
    async with running.logged_in(kim) as desk:
        results = (await desk.get("/desk/results")).text
        address = f"/desk/programmes/{programme}/media.zip"
        assert f'href="{address}"' in results
        answer = await desk.get(address)
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
        names = sorted(archive.namelist())
        assert archive.read(f"exchange-{exchange}/Weekplanning ploeg B.txt") == b"board"
    day = f"{running.clock.now.astimezone(ZoneInfo('Europe/Brussels')):%Y-%m-%d}"
    assert names == sorted([f"exchange-{exchange}/Weekplanning ploeg B.txt",
                            f"exchange-{exchange}/reflection-anna-{day}-1.ogg",
                            f"exchange-{exchange}/reflection-anna-{day}-2.png"])  # fmt: skip
    async with running.app.db.read() as conn:
        audit = await AuditLog(conn).latest()
    assert any(a.action == "download" and a.target.endswith("media.zip") for a in audit)
    assert not list((running.app.settings.data_dir / "outgoing").glob("*/*.zip"))
    omar = await running.outsider("Omar")
    async with running.logged_in(omar) as other:
        assert (await other.get(f"/desk/programmes/{programme}/media.zip")).status_code == 404
