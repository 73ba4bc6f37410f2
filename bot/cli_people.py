"""`wegwijzer people export|erase`: a GDPR access or erasure request answered by an operator."""

from __future__ import annotations

import argparse
import asyncio
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.app import App
from bot.i18n import resolve_locale
from bot.settings import ConfigError
from storage.people import People, Person

if TYPE_CHECKING:
    from bot.personal_data import Summarise


async def person_data(app: App, args: argparse.Namespace) -> int:
    from bot.personal_data import erase_person, export_zip

    if args.people_command == "erase" and not args.yes:
        raise ConfigError("erase: add --yes to confirm; this cannot be undone")
    async with app.db.transaction() as conn:
        person = await People(conn).get(args.person_id)
        if person is None:
            raise ConfigError(f"no person with id {args.person_id} (see wegwijzer people list)")
        if args.people_command != "erase":
            data = await export_zip(
                conn, app.dispatcher.media, args.person_id, _summarise(app, person)
            )
        else:
            await erase_person(conn, app.dispatcher.media, args.person_id)
    if args.people_command == "erase":
        await app.db.checkpoint()  # committed: the deleted rows leave the WAL too
        print(f"Person {args.person_id} erased.")
        return 0
    await asyncio.to_thread(args.out.write_bytes, data)
    print(f"Everything stored about person {args.person_id} written to {args.out}")
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
