"""Keeping a consultation's promise to share what was learned (Desk Reset, seed 004): the
organiser's summary goes, as a notice, to everyone who completed the form and said yes to its
`share_results` question, in the summary's language that fits them best."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.app import App
from bot.notices import add_notice
from bot.settings import ConfigError
from conversations.forms.schema import Form
from conversations.text import Msg, _
from storage.people import People
from storage.responses import Responses

#: The yes/no question of a consultation that asks whether to send the summary.
SHARE_QUESTION = "share_results"


def parse_summaries(given: list[str]) -> dict[str | None, str]:
    """`--summary TEXT` (for everyone) and `--summary ll=TEXT` (for readers of language ll)."""
    found: dict[str | None, str] = {}
    for item in given:
        code, sep, text = item.partition("=")
        if sep and len(code) == 2 and code.isalpha():
            found[code.lower()] = text.strip()
        else:
            found[None] = item.strip()
    return {k: v for k, v in found.items() if v}


def summary_text(form: Form, summary: str) -> Msg:
    return _(
        "As promised: what we learned from “{title}”.\n\n{summary}",
        title=Msg(msgid=form.title),
        summary=Msg.plain(summary),
    )


async def share_summary(
    conn: AsyncConnection,
    form: Form,
    summaries: Mapping[str | None, str],
    now: datetime,
    coordinator: int | None = None,
) -> int:
    """Queue the summary for each person who asked for it; returns how many."""
    if not any(q.id == SHARE_QUESTION for q in form.questions):
        raise ValueError(f"form {form.id!r} has no {SHARE_QUESTION!r} question")
    fallback = summaries.get(None) or next(iter(summaries.values()))
    wanted: set[int] = set()
    for response in await Responses(conn).of_form(form.id, coordinator):
        if response.completed_at is not None and response.answers.get(SHARE_QUESTION) == "yes":
            wanted.add(response.user_id)
    sent = 0
    for person_id in sorted(wanted):
        person = await People(conn).get(person_id)
        if person is None:
            continue
        text = summaries.get(person.locale, fallback)
        await add_notice(conn, person_id, summary_text(form, text), now)
        sent += 1
    return sent


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    consultation = sub.add_parser("consultation", help="follow up a consultation")
    consultation_sub = consultation.add_subparsers(dest="consultation_command", required=True)
    share = consultation_sub.add_parser(
        "share", help="send the summary of what was learned to those who asked for it"
    )
    share.add_argument("--form", required=True, help="the consultation's form id")
    share.add_argument(
        "--summary",
        action="append",
        required=True,
        metavar="[LL=]TEXT",
        help="the summary; repeat as nl=…, fr=… for readers of each language",
    )
    share.add_argument(
        "--coordinator",
        type=int,
        metavar="PERSON_ID",
        help="only the participants of the programmes this coordinator coordinates",
    )


async def run(app: App, args: argparse.Namespace) -> int:
    from bot.cli_programme import check_coordinator

    form = app.library.forms.get(args.form)
    if form is None or not any(q.id == SHARE_QUESTION for q in form.questions):
        asking = sorted(
            f.id
            for f in app.library.forms.values()
            if any(q.id == SHARE_QUESTION for q in f.questions)
        )
        raise ConfigError(
            f"--form: {args.form!r} does not ask {SHARE_QUESTION!r}; forms that do: "
            f"{', '.join(asking) or 'none'}"
        )
    summaries = parse_summaries(args.summary)
    if not summaries:
        raise ConfigError("--summary: give the text to send")
    async with app.db.transaction() as conn:
        if args.coordinator is not None:
            await check_coordinator(conn, args.coordinator, "--coordinator")
        count = await share_summary(conn, form, summaries, app.clock(), args.coordinator)
    print(f"summary queued for {count} {'person' if count == 1 else 'people'}")
    return 0
