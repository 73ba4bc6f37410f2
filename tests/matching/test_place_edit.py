"""Places can be edited (issue 17 item 2: "places are content the coordinator can edit"): from
the command line (`wegwijzer place edit`), only what is given changes."""

from __future__ import annotations

import pytest

from bot.app import App
from bot.matching import cli
from bot.settings import ConfigError
from storage.places import Places
from storage.programmes import Programmes
from tests.fakes import Clock
from tests.matching.test_places import args, person


async def test_edit_changes_only_what_is_given(app: App, clock: Clock) -> None:
    async with app.db.transaction() as conn:
        await Programmes(conn).ensure_default(clock.now)
        ours = await Programmes(conn).create("Stad Gent", clock.now)
    jan = await person(app, clock, "learning_coach", ours)
    await cli.run(app, args(
        "add", "--programme", str(ours), "--topic", "Verpleegafdeling", "--host-org", "AZ Maria",
        "--site", "Kerkstraat 1", "--municipality", "Aalst", "--safety", "Gesloten schoenen",
    ))  # fmt: skip
    async with app.db.transaction() as conn:
        [place] = await Places(conn).all()
    await cli.run(app, args(
        "edit", str(place.id), "--municipality", "Gent", "--capacity", "3", "--coach", str(jan),
        "--dates", "2027-03-01:2027-03-31", "--no-public-transport",
    ))  # fmt: skip
    async with app.db.transaction() as conn:
        edited = await Places(conn).get(place.id)
    assert edited is not None
    assert (edited.municipality, edited.capacity, edited.coach_id) == ("Gent", 3, jan)
    assert edited.public_transport is False and edited.dates[0][0].isoformat() == "2027-03-01"
    assert (edited.topic, edited.safety) == ("Verpleegafdeling", "Gesloten schoenen")  # kept
    with pytest.raises(ConfigError, match="nothing to change"):
        await cli.run(app, args("edit", str(place.id)))
    with pytest.raises(ConfigError, match="capacity"):
        await cli.run(app, args("edit", str(place.id), "--capacity", "0"))
    with pytest.raises(ConfigError, match="no place"):
        await cli.run(app, args("edit", "999", "--topic", "X"))
