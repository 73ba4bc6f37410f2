"""The Results page and its downloads: the cohort workbook (XLSX) and each form's responses
(CSV), made by the same exports as `wegwijzer export`, scoped to one of the coordinator's
programmes (another programme's address answers 404) and written to the audit log."""

from __future__ import annotations

import asyncio
import base64
import io
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.numbers import format_percent
from starlette.background import BackgroundTask
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from bot.cohort import Cohort, load_cohort
from bot.cohort_report import cohort_report
from bot.cohort_xlsx import save_workbook
from bot.desk.views import HEADERS, Viewer
from bot.desk.web import Desk
from bot.reports import OrganisationResult, quiz_report, quiz_results
from conversations.forms.schema import Form
from conversations.replies import Chart, Say
from conversations.text import Msg, _
from locales import RTL_LOCALES
from storage.desk import AuditLog
from storage.programmes import Programmes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORTED_KINDS = ("quiz", "evaluation", "form", "consultation")


@dataclass(frozen=True)
class Shown:
    """One piece of a report on the page: a paragraph, or a chart with its title as alt."""

    text: str
    image: str | None = None  # a data: URL
    #: A chart's bars as text beside the picture ("Stad Gent: 58 %"), for everyone who
    #: cannot see the picture and for copying.
    bars: tuple[str, ...] = ()


async def page(desk: Desk, request: Request, viewer: Viewer) -> Response:
    """The same report as in the chat and the workbook's report sheet, and the quiz results
    per organisation (groups smaller than WEGWIJZER_MIN_GROUP hidden), then the downloads."""
    library = desk.app.library.forms
    quizzes = [f for f in library.values() if f.kind == "quiz"]
    async with desk.app.db.read() as conn:
        mine = await Programmes(conn).coordinated_by(viewer.person_id)
        programmes = [p for p in await Programmes(conn).all() if p.id in mine]
        cohort = await load_cohort(conn, viewer.person_id, desk.settings.min_group)
        quiz = [(f, await quiz_results(conn, viewer.person_id, f)) for f in quizzes]
    tz = ZoneInfo(viewer.timezone)

    def render(msg: Msg) -> str:
        return desk.app.translator.render(msg, viewer.locale, tz)

    def shown(form: Form, results: list[OrganisationResult]) -> list[Shown]:
        out = []
        for reply in quiz_report(form, results, desk.settings.min_group):
            if isinstance(reply, Chart):
                png = desk.app.dispatcher.renderer.chart(reply, viewer.locale).body
                assert isinstance(png, bytes)
                data = "data:image/png;base64," + base64.b64encode(png).decode()
                bars = tuple(
                    render(_("{label}: {share}", label=b.label,
                             share=Msg.plain(format_percent(b.value, locale=viewer.locale))))
                    for b in reply.bars
                )  # fmt: skip
                out.append(Shown(render(reply.title), data, bars))
            elif isinstance(reply, Say):
                out.append(Shown(render(reply.text)))
        return out

    blocks = await asyncio.to_thread(lambda: [(f, shown(f, r)) for f, r in quiz])
    forms = [f for f in library.values() if f.kind in EXPORTED_KINDS]
    return desk.page(
        request,
        "results.html",
        viewer,
        {
            "programmes": programmes,
            "forms": forms,
            "report": [render(line) for line in cohort_report(cohort, library)],
            "quizzes": blocks,
        },
    )


async def _programme(desk: Desk, viewer: Viewer, request: Request) -> int:
    programme_id = int(request.path_params["programme_id"])
    async with desk.app.db.read() as conn:
        if programme_id not in await Programmes(conn).coordinated_by(viewer.person_id):
            raise HTTPException(404)
    return programme_id


def only_programme(cohort: Cohort, programme_id: int) -> Cohort:
    """The coordinator's cohort narrowed to one of their programmes."""
    keep = {e.id for e in cohort.exchanges if e.programme_id == programme_id}
    cohort.exchanges = [e for e in cohort.exchanges if e.id in keep]
    switchers = {e.switcher_id for e in cohort.exchanges}
    cohort.agendas = {k: v for k, v in cohort.agendas.items() if k in switchers}
    cohort.evaluations = [e for e in cohort.evaluations if e.exchange_id in keep]
    cohort.actions = [a for a in cohort.actions if a.exchange_id in keep]
    cohort.shared = [s for s in cohort.shared if s.exchange_id in keep]
    return cohort


async def _audit(desk: Desk, viewer: Viewer, name: str) -> None:
    async with desk.app.db.transaction() as conn:
        await AuditLog(conn).add(viewer.person_id, "download", name, desk.now())


def _download(data: bytes, name: str, media: str) -> Response:
    headers = {**HEADERS, "Content-Disposition": f'attachment; filename="{name}"'}
    return Response(data, media_type=media, headers=headers)


async def cohort_xlsx(desk: Desk, request: Request, viewer: Viewer) -> Response:
    programme_id = await _programme(desk, viewer, request)
    async with desk.app.db.read() as conn:
        cohort = await load_cohort(conn, viewer.person_id, desk.settings.min_group)
    cohort = only_programme(cohort, programme_id)
    tz = ZoneInfo(viewer.timezone)

    def render(msg: Msg) -> str:
        return desk.app.translator.render(msg, viewer.locale, tz)

    def build() -> bytes:
        out = io.BytesIO()
        save_workbook(cohort, desk.app.library.forms, render, viewer.timezone, out,
                      rtl=viewer.locale in RTL_LOCALES)  # fmt: skip
        return out.getvalue()

    data = await asyncio.to_thread(build)
    name = f"programme-{programme_id}-exchanges.xlsx"
    await _audit(desk, viewer, name)
    return _download(data, name, XLSX)


async def media_zip(desk: Desk, request: Request, viewer: Viewer) -> Response:
    """The programme's shared recordings, photos and documents, named as in the workbook
    (`exchange-3/reflection-anna-2026-12-10-1.ogg`, walkthrough 21); written to a private
    file and streamed (never the whole zip in memory), removed once sent."""
    from bot.cohort_media import write_media_zip

    programme_id = await _programme(desk, viewer, request)
    async with desk.app.db.read() as conn:
        cohort = await load_cohort(conn, viewer.person_id, desk.settings.min_group)
    cohort = only_programme(cohort, programme_id)
    outgoing = desk.settings.data_dir / "outgoing"  # swept at start-up if left (bot/workspace)
    outgoing.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=outgoing))  # only the bot's account can read it
    path = folder / "media.zip"
    media = desk.app.dispatcher.media
    await asyncio.to_thread(write_media_zip, cohort, media, path, viewer.timezone)
    name = f"programme-{programme_id}-media.zip"
    await _audit(desk, viewer, name)
    headers = {**HEADERS, "Content-Disposition": f'attachment; filename="{name}"'}
    return FileResponse(path, media_type="application/zip", headers=headers,
                        background=BackgroundTask(shutil.rmtree, folder, True))  # fmt: skip


async def responses(desk: Desk, request: Request, viewer: Viewer) -> Response:
    from bot.export import export_responses

    programme_id = await _programme(desk, viewer, request)
    form = desk.app.library.forms.get(request.path_params["form_id"])
    if form is None or form.kind not in EXPORTED_KINDS:
        raise HTTPException(404)
    with tempfile.TemporaryDirectory(dir=desk.settings.data_dir) as folder:
        out = Path(folder) / "responses.csv"
        await export_responses(desk.app, form, out, False, viewer.person_id)
        data = await asyncio.to_thread(out.read_bytes)
    name = f"programme-{programme_id}-{form.id}.csv"
    await _audit(desk, viewer, name)
    return _download(data, name, "text/csv; charset=utf-8")
