"""`wegwijzer people export|erase`: a GDPR access or erasure request answered by an operator."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.app import App
from bot.i18n import resolve_locale
from bot.private_files import make_private
from bot.settings import ConfigError
from storage.people import People, Person

if TYPE_CHECKING:
    from bot.personal_export import Summarise


async def person_data(app: App, args: argparse.Namespace) -> int:
    from bot.personal_data import erase_person

    if args.people_command == "erase" and not args.yes:
        raise ConfigError("erase: add --yes to confirm; this cannot be undone")
    if args.people_command != "erase":
        return await _export(app, args.person_id, args.out)
    async with app.db.transaction() as conn:
        person = await People(conn).get(args.person_id)
        if person is None:
            raise ConfigError(f"no person with id {args.person_id} (see wegwijzer people list)")
        await erase_person(conn, app.dispatcher.media, args.person_id)
    await app.db.checkpoint()  # committed: the deleted rows leave the WAL too
    print(f"Person {args.person_id} erased.")
    return 0


async def _export(app: App, person_id: int, out: Path) -> int:
    """Read in a snapshot (a running bot keeps writing meanwhile, the writer is not taken),
    then stream the zip to `out` in a worker thread: one file whatever its size."""
    from bot.personal_export import read_export, write_export

    async with app.db.read() as conn:
        person = await People(conn).get(person_id)
        if person is None:
            raise ConfigError(f"no person with id {person_id} (see wegwijzer people list)")
        export = await read_export(conn, app.dispatcher.media, person_id)
    summarise = _summarise(app, person)

    def write() -> None:
        with out.open("wb") as stream:
            write_export(export, summarise, stream)
        make_private(out)  # perhaps over an older, readable file

    await asyncio.to_thread(write)
    print(f"Everything stored about person {person_id} written to {out}")
    return 0


def _summarise(app: App, person: Person) -> Summarise:
    """summary.html in the person's own language and time zone, as /mydata gives it."""
    from bot.personal_summary import summary_html

    locale = resolve_locale(person.locale, None, app.settings.default_locale)
    tz = ZoneInfo(person.timezone or app.settings.timezone)
    return lambda rows: summary_html(
        rows, app.library.forms, app.library.plan, locale,
        lambda msg: app.translator.render(msg, locale, tz), app.clock(),
    )  # fmt: skip
