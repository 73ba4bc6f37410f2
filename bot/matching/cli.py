"""`wegwijzer place add|edit|list|pause|retire`: learning places (draaiboek 5.4) from the command
line. A place belongs to a programme; `--coordinator` lists only the places of the programmes
that person coordinates, as matching does in chat."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime

from bot.app import App
from bot.cli_programme import check_coordinator, check_programme
from bot.settings import ConfigError
from conversations.matching.sectors import SECTORS
from storage.people import People
from storage.places import NewPlace, Places


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    place = sub.add_parser("place", help="learning places: register, edit, list, pause, retire")
    place_sub = place.add_subparsers(dest="place_command", required=True)
    add = place_sub.add_parser("add", help="register a learning place; prints its id")
    add.add_argument("--programme", type=int, required=True, metavar="ID")
    _place_options(add, required=True)
    add.add_argument("--by", type=int, metavar="PERSON_ID", help="the coordinator registering it")
    edit = place_sub.add_parser("edit", help="change what is given; the rest stays")
    edit.add_argument("place_id", type=int)
    _place_options(edit, required=False)
    listing = place_sub.add_parser("list", help="every place with its status and capacity")
    listing.add_argument("--coordinator", type=int, metavar="PERSON_ID")
    for name, what in (("pause", "no longer matched for now"), ("retire", "for good")):
        change = place_sub.add_parser(name, help=what)
        change.add_argument("place_id", type=int)


def _place_options(parser: argparse.ArgumentParser, *, required: bool) -> None:
    parser.add_argument("--topic", required=required, help="the job, team or department")
    parser.add_argument("--host-org", required=required, help="the host organisation")
    parser.add_argument("--site", required=required, help="the address")
    parser.add_argument("--municipality", required=required)
    parser.add_argument("--region", help="e.g. the province, or Brussels")
    parser.add_argument("--sector", choices=sorted(SECTORS))
    parser.add_argument(
        "--public-transport", action=argparse.BooleanOptionalAction, default=None,
        help="reachable by public transport",
    )  # fmt: skip
    parser.add_argument(
        "--dates", action="append", default=[], metavar="FIRST:LAST",
        help="possible dates, e.g. 2027-03-01:2027-03-31 (repeat for more ranges)",
    )  # fmt: skip
    parser.add_argument(
        "--capacity", type=int, default=1 if required else None,
        help="how many switchers" + (" (default 1)" if required else ""),
    )  # fmt: skip
    parser.add_argument("--coach", type=int, metavar="PERSON_ID", help="the learning coach")
    parser.add_argument("--host-contact", type=int, metavar="PERSON_ID", help="role employer")
    parser.add_argument("--safety", help="safety rules and what to wear")
    parser.add_argument("--exclusions", help="what cannot be shown: privacy, finances, ...")
    parser.add_argument(
        "--exclude-org", action="append", default=[], metavar="NAME",
        help="an organisation whose people may not come here (a competitor); repeatable",
    )  # fmt: skip


def _ranges(values: list[str]) -> tuple[tuple[date, date], ...]:
    found = []
    for value in values:
        first, _sep, last = value.partition(":")
        try:
            a, b = date.fromisoformat(first), date.fromisoformat(last or first)
        except ValueError:
            raise ConfigError(f"--dates {value}: give FIRST:LAST as ISO dates") from None
        if b < a:
            raise ConfigError(f"--dates {value}: the last date comes before the first")
        found.append((a, b))
    return tuple(found)


def _text(value: str | None, option: str, limit: int) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not 0 < len(value) <= limit:
        raise ConfigError(f"{option}: give 1 to {limit} characters")
    return value


async def _check_role(app: App, person_id: int | None, role: str, option: str) -> None:
    if person_id is None:
        return
    async with app.db.transaction() as conn:
        person = await People(conn).get(person_id)
    if person is None or role not in person.roles:
        raise ConfigError(f"{option}: person {person_id} is not a {role}")


async def _add(app: App, args: argparse.Namespace) -> int:
    if not 1 <= args.capacity <= 50:
        raise ConfigError("--capacity: from 1 to 50 switchers")
    await _check_role(app, args.coach, "learning_coach", "--coach")
    await _check_role(app, args.host_contact, "employer", "--host-contact")
    new = NewPlace(
        programme_id=args.programme,
        topic=_text(args.topic, "--topic", 200) or "",
        host_org=_text(args.host_org, "--host-org", 120) or "",
        site=_text(args.site, "--site", 300) or "",
        municipality=_text(args.municipality, "--municipality", 120) or "",
        capacity=args.capacity,
        dates=_ranges(args.dates),
        sector=args.sector,
        region=_text(args.region, "--region", 120),
        public_transport=args.public_transport,
        coach_id=args.coach,
        host_contact_id=args.host_contact,
        safety=_text(args.safety, "--safety", 1000),
        exclusions=_text(args.exclusions, "--exclusions", 1000),
        excluded_orgs=tuple(o for o in (_text(x, "--exclude-org", 120) for x in args.exclude_org)
                            if o),
        created_by=args.by,
    )  # fmt: skip
    async with app.db.transaction() as conn:
        await check_programme(conn, args.programme, "--programme")
        if args.by is not None:
            await check_coordinator(conn, args.by, "--by")
        print(await Places(conn).add(new, datetime.now(UTC)))
    return 0


async def _edit(app: App, args: argparse.Namespace) -> int:
    texts = {"topic": ("--topic", 200), "host_org": ("--host-org", 120), "site": ("--site", 300),
             "municipality": ("--municipality", 120), "region": ("--region", 120),
             "safety": ("--safety", 1000), "exclusions": ("--exclusions", 1000)}  # fmt: skip
    changes: dict[str, object] = {
        key: _text(getattr(args, key), option, most)
        for key, (option, most) in texts.items()
        if getattr(args, key) is not None
    }
    if args.capacity is not None:
        if not 1 <= args.capacity <= 50:
            raise ConfigError("--capacity: from 1 to 50 switchers")
        changes["capacity"] = args.capacity
    if args.dates:
        changes["dates"] = _ranges(args.dates)
    if args.exclude_org:
        changes["excluded_orgs"] = tuple(
            o for o in (_text(x, "--exclude-org", 120) for x in args.exclude_org) if o
        )
    for key in ("sector", "public_transport"):
        if getattr(args, key) is not None:
            changes[key] = getattr(args, key)
    await _check_role(app, args.coach, "learning_coach", "--coach")
    await _check_role(app, args.host_contact, "employer", "--host-contact")
    for key, value in (("coach_id", args.coach), ("host_contact_id", args.host_contact)):
        if value is not None:
            changes[key] = value
    if not changes:
        raise ConfigError("nothing to change: give at least one option")
    async with app.db.transaction() as conn:
        if not await Places(conn).update(args.place_id, changes, datetime.now(UTC)):
            raise ConfigError(f"no place {args.place_id} (see wegwijzer place list)")
    print(f"Place {args.place_id} changed: {', '.join(sorted(changes))}.")
    return 0


async def run(app: App, args: argparse.Namespace) -> int:
    if args.place_command == "add":
        return await _add(app, args)
    if args.place_command == "edit":
        return await _edit(app, args)
    if args.place_command == "list":
        async with app.db.transaction() as conn:
            if args.coordinator is None:
                found = await Places(conn).all()
            else:
                await check_coordinator(conn, args.coordinator, "--coordinator")
                found = await Places(conn).of_coordinator(args.coordinator)
        print("ID  STATUS  LEFT/CAPACITY  PROGRAMME  TOPIC  HOST  MUNICIPALITY  COACH")
        for p in found:
            print(
                f"{p.id}  {p.status}  {p.left}/{p.capacity}  {p.programme_id}  {p.topic}  "
                f"{p.host_org}  {p.municipality}  {p.coach_id or '-'}"
            )
        return 0
    status = {"pause": "paused", "retire": "retired"}[args.place_command]
    async with app.db.transaction() as conn:
        if not await Places(conn).set_status(args.place_id, status, datetime.now(UTC)):
            raise ConfigError(f"no place {args.place_id} (see wegwijzer place list)")
    print(f"Place {args.place_id} {status}; it is no longer offered in matching.")
    return 0
