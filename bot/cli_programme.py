"""`wegwijzer programme create|list`, `wegwijzer people role`, and the `--coordinator` check
every listing and export shares.

A programme groups one coordinating organisation's people; a coordinator sees only the
people of the programmes they coordinate. Taking a role away works at once: the next event,
tap or export of that person is checked against the roles held then.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.app import App
from bot.cli_args import fits
from bot.settings import ConfigError
from conversations.roles import Role
from storage.people import People
from storage.programmes import Programmes
from storage.schema_programmes import programmes


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    programme = sub.add_parser("programme", help="programmes keep organisations' people apart")
    programme_sub = programme.add_subparsers(dest="programme_command", required=True)
    create = programme_sub.add_parser("create", help="a new programme; prints its id")
    create.add_argument(
        "name", type=fits(programmes.c.name), help="e.g. the coordinating organisation"
    )
    programme_sub.add_parser("list", help="id, name, members and coordinators of each")


def add_role_parser(people_sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    roles = [r.value for r in Role]
    role = people_sub.add_parser("role", help="give or take away a role (effective at once)")
    role.add_argument("person_id", type=int)
    change = role.add_mutually_exclusive_group(required=True)
    change.add_argument("--add", choices=roles, metavar="ROLE")
    change.add_argument("--remove", choices=roles, metavar="ROLE")
    role.add_argument(
        "--programme",
        type=int,
        metavar="ID",
        help="with --add: the programme they hold it in (default: the default programme)",
    )


async def check_coordinator(conn: AsyncConnection, person_id: int, option: str) -> None:
    """`--coordinator ID` must name someone who holds the role now."""
    person = await People(conn).get(person_id)
    if person is None or "coordinator" not in person.roles:
        raise ConfigError(
            f"{option}: person {person_id} is not a coordinator (see wegwijzer people list)"
        )


async def check_programme(conn: AsyncConnection, programme_id: int, option: str) -> None:
    if await Programmes(conn).get(programme_id) is None:
        raise ConfigError(f"{option}: no programme {programme_id} (see wegwijzer programme list)")


async def run_programme(app: App, args: argparse.Namespace) -> int:
    now = datetime.now(UTC)
    async with app.db.transaction() as conn:
        programmes = Programmes(conn)
        if args.programme_command == "create":
            name = args.name.strip()
            if not 0 < len(name) <= 120:
                raise ConfigError("programme create: give a name of 1 to 120 characters")
            await programmes.ensure_default(now)  # id 1 stays the default one
            print(await programmes.create(name, now))
            return 0
        found = await programmes.all()
    print("ID  NAME  MEMBERS  COORDINATORS")
    for p in found:
        coordinators = ",".join(str(c) for c in p.coordinators) or "-"
        print(f"{p.id}  {p.name}  {p.members}  {coordinators}")
    return 0


async def run_role(app: App, args: argparse.Namespace) -> int:
    now = datetime.now(UTC)
    async with app.db.transaction() as conn:
        people = People(conn)
        if await people.get(args.person_id) is None:
            raise ConfigError(f"no person with id {args.person_id} (see wegwijzer people list)")
        if args.remove is not None:
            if args.programme is not None:
                raise ConfigError("--programme: only with --add (a role is removed everywhere)")
            if not await people.remove_role(args.person_id, args.remove):
                raise ConfigError(f"person {args.person_id} does not have the role {args.remove}")
            print(f"Person {args.person_id} no longer has the role {args.remove}.")
            return 0
        if args.programme is not None:
            await check_programme(conn, args.programme, "--programme")
        await people.grant_role(args.person_id, args.add, now, programme_id=args.programme)
    where = f" in programme {args.programme}" if args.programme is not None else ""
    print(f"Person {args.person_id} has the role {args.add}{where}.")
    return 0
