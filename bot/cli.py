"""The `wegwijzer` command line: chat, run, invite, people, content.

Operator mistakes (bad configuration, a wrong role name) end with one clear line on stderr and
exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot import (
    __version__,
    cli_desk,
    cli_exchange,
    cli_export,
    cli_programme,
    cli_retention,
    cli_run,
    consultation_share,
)
from bot.app import App
from bot.cli_args import fits
from bot.cli_people import person_data
from bot.content import ContentError, diagram, load_library
from bot.durations import parse_duration
from bot.invitations import InviteError, create_invite
from bot.invite_poster import add_poster_arguments, print_poster
from bot.logs import configure
from bot.matching import cli as matching_cli
from bot.private_files import private_umask
from bot.settings import ConfigError, Settings, load_settings
from conversations.roles import Role
from storage.people import People
from storage.schema import invites

if TYPE_CHECKING:
    pass


def _parser() -> argparse.ArgumentParser:
    roles = [r.value for r in Role]
    parser = argparse.ArgumentParser(
        prog="wegwijzer", description="Wegwijzer learning-journey bot."
    )
    parser.add_argument("--version", action="version", version=f"wegwijzer {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    chat = sub.add_parser("chat", help="chat with the bot in this terminal (no token needed)")
    chat.add_argument(
        "--user", default="local", help="who you are in the terminal chat (default: local)"
    )

    sub.add_parser("run", help="run every configured transport (Telegram, Matrix) and the desk")

    sub.add_parser(
        "migrate", help="bring the database to this version's schema (before starting workers)"
    )

    invite = sub.add_parser("invite", help="create an invitation code for a role")
    invite.add_argument("--role", required=True, choices=roles)
    invite.add_argument(
        "--uses", type=int, default=1, help="how many people may use it (default 1)"
    )
    invite.add_argument("--expires", default="14d", help="valid for, e.g. 14d, 12h (default 14d)")
    invite.add_argument("--form", help="a form (e.g. a consultation) to start right after sign-up")
    invite.add_argument(
        "--by", type=int, metavar="PERSON_ID", help="the coordinator on whose behalf (sees results)"
    )
    invite.add_argument(
        "--label",
        type=fits(invites.c.label),
        help="who it is for, e.g. the organisation (shown in results)",
    )
    invite.add_argument(
        "--programme",
        type=int,
        metavar="ID",
        help="the programme people join (default: the --by coordinator's, else the default)",
    )
    add_poster_arguments(invite)

    content = sub.add_parser("content", help="check content files, draw a form")
    content_sub = content.add_subparsers(dest="content_command", required=True)
    check = content_sub.add_parser(
        "check", help="validate the shipped content (and DIR) without starting"
    )
    check.add_argument("dir", nargs="?", type=Path, help="a content folder to check as well")
    draw = content_sub.add_parser("diagram", help="print a form as a Mermaid diagram")
    draw.add_argument("form", help="the form id")

    cli_export.add_parser(sub)
    consultation_share.add_parser(sub)
    cli_exchange.add_parser(sub)
    cli_programme.add_parser(sub)
    cli_retention.add_parser(sub)
    cli_desk.add_parser(sub)
    matching_cli.add_parser(sub)

    people = sub.add_parser("people", help="people who use the bot")
    people_sub = people.add_subparsers(dest="people_command", required=True)
    listing = people_sub.add_parser(
        "list", help="list people: id, name, roles, platform, language, joined"
    )
    listing.add_argument("--role", choices=roles)
    listing.add_argument(
        "--coordinator",
        type=int,
        metavar="PERSON_ID",
        help="only the people of the programmes this coordinator coordinates",
    )
    cli_programme.add_role_parser(people_sub)
    export = people_sub.add_parser(
        "export", help="everything stored about one person, as a zip (GDPR access request)"
    )
    export.add_argument("person_id", type=int)
    export.add_argument("--out", required=True, type=Path, help="the .zip file to write")
    erase = people_sub.add_parser(
        "erase", help="delete everything stored about one person (GDPR erasure request)"
    )
    erase.add_argument("person_id", type=int)
    erase.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")
    return parser


async def _with_app(settings: Settings, body: Callable[[App], Awaitable[int]]) -> int:
    app = await App.open(settings)
    try:
        return await body(app)
    finally:
        await app.close()


async def _chat(app: App, user: str) -> int:
    from bot.desk.server import DeskServer
    from bot.terminal.chat import run_terminal_chat

    await app.start_scheduler()
    desk = DeskServer(app)
    try:
        await desk.start()
        print(f"Coordinator's desk: {app.settings.desk_url}/desk/ (as a coordinator, send /desk)")
    except OSError as exc:  # another Wegwijzer on this machine has the port: chat anyway
        print(f"Coordinator's desk not started: {exc}")
    try:
        await run_terminal_chat(app, user)
    finally:
        await desk.stop()
    return 0


async def _invite(
    app: App,
    role: str,
    uses: int,
    expires: str,
    form: str | None,
    by: int | None,
    label: str | None,
    programme: int | None = None,
    poster: Path | None = None,
    languages: str = "nl,fr,en",
) -> int:
    try:
        valid_for = parse_duration(expires)
    except ValueError as exc:
        raise ConfigError(f"--expires: {exc}") from None
    async with app.db.transaction() as conn:
        try:
            made = await create_invite(
                conn, app.settings, app.library.forms, role, uses, valid_for,
                datetime.now(UTC), form=form, by=by, label=label, programme=programme,
            )  # fmt: skip
        except InviteError as exc:
            text = str(exc).rstrip(".")
            known = ", ".join(sorted(app.library.forms)) or "none"
            extra = {"form": f"; known: {known}", "by": " (see wegwijzer people list)"}
            raise ConfigError(
                f"--{exc.field}: {text[:1].lower()}{text[1:]}{extra.get(exc.field, '')}"
            ) from None
    invite = made.invite
    assert invite.expires_at is not None
    local_expiry = invite.expires_at.astimezone(ZoneInfo(app.settings.timezone))
    print(f"Invite code: {invite.code}")
    print(f"Role: {role}; uses: {uses}; valid until {local_expiry:%Y-%m-%d %H:%M %Z}")
    if form is not None:
        print(f"After signing up, people go straight to the form {form!r}.")
    if label is not None or by is not None:
        print(f"For: {label or '-'}; results visible to coordinator {by if by else '-'}")
    print(f"Programme: {invite.programme_id or 'default'}")
    if made.telegram_link:
        print(f"Telegram link: {made.telegram_link}")
    else:
        print(
            "Telegram link: run the bot once with a token "
            "(or set WEGWIJZER_TELEGRAM_USERNAME) to get it."
        )
    if app.settings.matrix_user:
        print(
            f"Matrix: start a direct chat with {app.settings.matrix_user} "
            f"and send !start {invite.code}"
        )
    print(f"In the terminal chat or on any platform: send /start {invite.code}")
    if poster is not None:  # issue 17.5: the text per audience and the QR code, to share
        print_poster(app.translator, app.settings.timezone, made, poster, languages)
    return 0


async def _people(app: App, role: str | None, coordinator: int | None) -> int:
    async with app.db.transaction() as conn:
        if coordinator is not None:
            await cli_programme.check_coordinator(conn, coordinator, "--coordinator")
        rows = await People(conn).list(role, coordinator)
    header = ("ID", "NAME", "ROLES", "PLATFORM", "LANGUAGE", "JOINED")
    table = [header] + [
        (
            str(r.person.id),
            r.person.name or "-",
            ",".join(sorted(r.person.roles)) or "-",
            ",".join(r.platforms) or "-",
            r.person.locale or "-",
            r.person.created_at.astimezone(ZoneInfo(app.settings.timezone)).strftime("%Y-%m-%d"),
        )
        for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    return 0


def _content(args: argparse.Namespace) -> int:
    """Works without a database: a content editor can run it anywhere."""
    extra = args.dir if args.content_command == "check" else load_settings().content_dir
    library = load_library(extra)
    if args.content_command == "check":
        for form_id, path in sorted(library.sources.items()):
            form = library.forms[form_id]
            print(f"ok  {form_id} v{form.version} ({len(form.questions)} questions)  {path}")
        print(f"{len(library.forms)} forms valid")
        if library.plan is not None:
            plan = library.plan
            steps = len(plan.all_steps())
            unverified = [s.id for s in plan.all_steps() if not s.verify]
            print(
                f"ok  newcomer step plan v{plan.version}: {steps} steps, {len(plan.tracks)} "
                f"sector tracks; {plan.region}; facts last reviewed {plan.reviewed}"
            )
            if unverified:
                print(f"note: steps without a verify note for editors: {', '.join(unverified)}")
        return 0
    chosen = library.forms.get(args.form)
    if chosen is None:
        known = ", ".join(sorted(library.forms)) or "none"
        raise ConfigError(f"no form {args.form!r}; known: {known}")
    print(diagram(chosen))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    private_umask()  # exports, the database and media are for this account only
    try:
        if args.command == "content":
            return _content(args)
        settings = load_settings()
        configure(
            "WARNING" if args.command == "chat" else settings.log_level, settings.secrets,
            fmt=settings.log_format, worker=settings.worker,
        )  # fmt: skip
        if args.command == "chat":
            return asyncio.run(_with_app(settings, lambda app: _chat(app, args.user)))
        if args.command == "migrate":
            return asyncio.run(cli_run.migrate(settings))
        if args.command == "run":
            from bot.instance_lock import run_lock

            settings.prepare_data_dir()
            with run_lock(settings.data_dir):
                return asyncio.run(_with_app(settings, cli_run.run))
        if args.command == "invite":
            a = args
            given = (a.role, a.uses, a.expires, a.form, a.by, a.label, a.programme, a.poster,
                     a.languages)  # fmt: skip
            return asyncio.run(_with_app(settings, lambda app: _invite(app, *given)))
        if args.command == "export":
            return asyncio.run(_with_app(settings, lambda app: cli_export.run(app, args)))
        if args.command == "desk":
            return asyncio.run(_with_app(settings, lambda app: cli_desk.run_desk(app, args)))
        if args.command == "audit":
            return asyncio.run(_with_app(settings, lambda app: cli_desk.run_audit(app, args)))
        if args.command == "consultation":
            return asyncio.run(_with_app(settings, lambda app: consultation_share.run(app, args)))
        if args.command == "retention":
            return asyncio.run(_with_app(settings, lambda app: cli_retention.run(app, args)))
        if args.command == "exchange":
            return asyncio.run(_with_app(settings, lambda app: cli_exchange.run(app, args)))
        if args.command == "place":
            return asyncio.run(_with_app(settings, lambda app: matching_cli.run(app, args)))
        if args.command == "programme":
            return asyncio.run(
                _with_app(settings, lambda app: cli_programme.run_programme(app, args))
            )
        if args.people_command == "role":
            return asyncio.run(_with_app(settings, lambda app: cli_programme.run_role(app, args)))
        if args.people_command != "list":
            return asyncio.run(_with_app(settings, lambda app: person_data(app, args)))
        return asyncio.run(
            _with_app(settings, lambda app: _people(app, args.role, args.coordinator))
        )
    except ConfigError as exc:
        print(f"wegwijzer: {exc}", file=sys.stderr)
        return 2
    except ContentError as exc:
        for problem in exc.problems:
            print(f"wegwijzer: content: {problem}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `wegwijzer invite … | head -1`: the reader has enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception:  # logged without its message: it may quote what someone typed
        logging.getLogger(__name__).exception("wegwijzer %s failed", args.command)
        return 1


if __name__ == "__main__":
    sys.exit(main())
