"""`wegwijzer export responses|cohort`: exports for coordinators and the people who report.

`cohort` writes one XLSX workbook (exchanges, agendas, evaluations per role, follow-up actions,
shared reflections, the aggregate report) and with `--media` a zip holding exactly the files
the authors shared with the coordinator and the recorded evaluation answers.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.app import App
from bot.cli_programme import check_coordinator
from bot.private_files import make_private
from bot.settings import ConfigError
from conversations.text import Msg
from locales import LOCALES, RTL_LOCALES


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    export = sub.add_parser("export", help="export answers and exchanges for a report")
    export_sub = export.add_subparsers(dest="export_command", required=True)
    answers = export_sub.add_parser("responses", help="a form's responses as CSV")
    answers.add_argument("--form", required=True, help="the form id")
    answers.add_argument("--out", required=True, type=Path, help="the CSV file to write")
    answers.add_argument("--media", action="store_true", help="also write <out>-media.zip")
    answers.add_argument(
        "--coordinator",
        type=int,
        metavar="PERSON_ID",
        help="only respondents of the programmes this coordinator coordinates",
    )
    cohort = export_sub.add_parser(
        "cohort", help="exchanges, agendas, evaluations, actions, shared reflections as XLSX"
    )
    cohort.add_argument("--out", required=True, type=Path, help="the .xlsx file to write")
    cohort.add_argument(
        "--coordinator",
        type=int,
        metavar="PERSON_ID",
        help="only the exchanges this coordinator coordinates, in their programmes",
    )
    cohort.add_argument("--media", action="store_true", help="also write <out>-media.zip")
    cohort.add_argument(
        "--locale", choices=LOCALES, help="language of the report sheet (default: the bot's)"
    )


async def run(app: App, args: argparse.Namespace) -> int:
    if args.export_command == "responses":
        return await _responses(app, args.form, args.out, args.media, args.coordinator)
    return await _cohort(app, args)


async def _responses(
    app: App, form_id: str, out: Path, media: bool, coordinator: int | None
) -> int:
    from bot.export import export_responses

    form = app.library.forms.get(form_id)
    if form is None:
        known = ", ".join(sorted(app.library.forms)) or "none"
        raise ConfigError(f"--form: no form {form_id!r}; known: {known}")
    if coordinator is not None:
        async with app.db.transaction() as conn:
            await check_coordinator(conn, coordinator, "--coordinator")
    result = await export_responses(app, form, out, media, coordinator)
    for written in (result.csv_path, result.zip_path):
        if written is not None:
            make_private(written)  # also when an older, readable file was overwritten
    print(f"{result.rows} {'response' if result.rows == 1 else 'responses'} written to "
          f"{result.csv_path}")  # fmt: skip
    if result.zip_path is not None:
        print(f"{result.media_files} media files written to {result.zip_path}")
    return 0


async def _cohort(app: App, args: argparse.Namespace) -> int:
    from bot.cohort import load_cohort
    from bot.cohort_media import write_media_zip
    from bot.cohort_xlsx import save_workbook

    out: Path = args.out
    if out.suffix.lower() != ".xlsx":
        raise ConfigError("--out: the file name must end in .xlsx")
    async with app.db.read() as conn:  # a snapshot: a running bot keeps writing meanwhile
        if args.coordinator is not None:
            await check_coordinator(conn, args.coordinator, "--coordinator")
        cohort = await load_cohort(conn, args.coordinator, app.settings.min_group)
    locale = args.locale or app.settings.default_locale
    tz = ZoneInfo(app.settings.timezone)

    def render(msg: Msg) -> str:
        return app.translator.render(msg, locale, tz)

    def write() -> None:
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("wb") as stream:
            save_workbook(cohort, app.library.forms, render, app.settings.timezone, stream,
                          rtl=locale in RTL_LOCALES)  # fmt: skip
        make_private(out)  # also when an older, readable file was overwritten

    await asyncio.to_thread(write)
    print(f"{len(cohort.exchanges)} exchanges written to {out}")
    if args.media:
        zip_path = out.with_name(out.stem + "-media.zip")
        count = await asyncio.to_thread(
            write_media_zip, cohort, app.dispatcher.media, zip_path, app.settings.timezone
        )
        make_private(zip_path)
        print(f"{count} media files written to {zip_path}")
    return 0
