"""Learning places (issue 17 item 2; seeds-fidelity items 60-62): registered per programme with
the command line, listed only to that programme's coordinator, paused and retired, and their
capacity counted from the exchanges made from them."""

from __future__ import annotations

import argparse
from datetime import timedelta

import pytest

from bot.app import App
from bot.cli import _parser as build_parser
from bot.matching import cli
from bot.settings import ConfigError
from storage.exchanges import Exchanges, NewExchange
from storage.people import People
from storage.places import Places
from storage.programmes import Programmes
from tests.fakes import Clock


async def person(app: App, clock: Clock, role: str, programme: int | None = None) -> int:
    async with app.db.transaction() as conn:
        pid = await People(conn).create(
            "terminal", f"{role}{clock.now.timestamp()}", "c", clock.now
        )
        await People(conn).grant_role(pid, role, clock.now, programme_id=programme)
        clock.advance(timedelta(seconds=1))
    return pid


def args(*argv: str) -> argparse.Namespace:
    return build_parser().parse_args(["place", *argv])


async def test_places_are_registered_listed_per_programme_paused_and_retired(
    app: App, clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    async with app.db.transaction() as conn:
        await Programmes(conn).ensure_default(clock.now)
        ours = await Programmes(conn).create("Stad Gent", clock.now)
        theirs = await Programmes(conn).create("Acerta", clock.now)
    kim = await person(app, clock, "coordinator", ours)
    lou = await person(app, clock, "coordinator", theirs)
    jan = await person(app, clock, "learning_coach", ours)
    await cli.run(app, args(
        "add", "--programme", str(ours), "--topic", "Verpleegafdeling", "--host-org", "AZ Maria",
        "--site", "Kerkstraat 1", "--municipality", "Aalst", "--public-transport",
        "--dates", "2027-03-01:2027-03-31", "--capacity", "2", "--coach", str(jan),
        "--exclude-org", "AZ Sint-Jan", "--by", str(kim),
    ))  # fmt: skip
    await cli.run(app, args(
        "add", "--programme", str(theirs), "--topic", "Boekhouding", "--host-org", "Acerta",
        "--site", "Laan 2", "--municipality", "Brussel",
    ))  # fmt: skip
    capsys.readouterr()
    await cli.run(app, args("list", "--coordinator", str(kim)))
    listed = capsys.readouterr().out
    assert "Verpleegafdeling" in listed and "2/2" in listed and "Boekhouding" not in listed
    await cli.run(app, args("list", "--coordinator", str(lou)))
    assert "Verpleegafdeling" not in capsys.readouterr().out
    async with app.db.transaction() as conn:
        [place] = await Places(conn).of_coordinator(kim, open_only=True)
    assert place.public_transport is True and place.excluded_orgs == ("AZ Sint-Jan",)
    assert place.dates[0][0].isoformat() == "2027-03-01" and place.coach_id == jan
    await cli.run(app, args("pause", str(place.id)))
    async with app.db.transaction() as conn:
        assert await Places(conn).of_coordinator(kim, open_only=True) == []
    await cli.run(app, args("retire", str(place.id)))
    await cli.run(app, args("list"))
    assert f"{place.id}  retired" in capsys.readouterr().out


async def test_bad_input_is_refused_with_a_clear_line(app: App, clock: Clock) -> None:
    async with app.db.transaction() as conn:
        await Programmes(conn).ensure_default(clock.now)
    switcher = await person(app, clock, "switcher")
    base = ("add", "--programme", "1", "--topic", "t", "--host-org", "h", "--site", "s",
            "--municipality", "m")  # fmt: skip
    for extra, says in (
        (("--dates", "1 maart"), "--dates 1 maart: give FIRST:LAST"),
        (("--dates", "2027-03-05:2027-03-01"), "the last date comes before the first"),
        (("--coach", str(switcher)), f"--coach: person {switcher} is not a learning_coach"),
        (("--capacity", "0"), "--capacity: from 1 to 50"),
    ):
        with pytest.raises(ConfigError, match=says):
            await cli.run(app, args(*base, *extra))
    with pytest.raises(ConfigError, match="no programme 9"):
        await cli.run(app, args("add", "--programme", "9", *base[3:]))
    with pytest.raises(ConfigError, match="no place 42"):
        await cli.run(app, args("pause", "42"))
    async with app.db.transaction() as conn:
        assert await Places(conn).all() == []  # nothing half-made


async def test_capacity_left_counts_exchanges_made_from_the_place(app: App, clock: Clock) -> None:
    async with app.db.transaction() as conn:
        await Programmes(conn).ensure_default(clock.now)
    switcher = await person(app, clock, "switcher")
    coach = await person(app, clock, "learning_coach")
    await cli.run(app, args(
        "add", "--programme", "1", "--topic", "Kassa", "--host-org", "Colruyt", "--site", "x",
        "--municipality", "Gent", "--capacity", "2",
    ))  # fmt: skip
    day = (clock.now + timedelta(days=30), clock.now + timedelta(days=30, hours=7))
    async with app.db.transaction() as conn:
        for _ in range(2):
            await Exchanges(conn).create(
                NewExchange(switcher, coach, "x", (day,), learning_place_id=1), clock.now
            )
        await Exchanges(conn).set_status(2, "cancelled", clock.now)
        place = await Places(conn).get(1)
    assert place is not None and (place.taken, place.left) == (1, 1)
