"""Travel time in matching (issue 17 item 3: "a place 90 minutes away loses to one 20 minutes
away with the same fit"): estimated from the municipalities' coordinates
(conversations/matching/municipalities.py), table-driven, pure."""

from __future__ import annotations

from datetime import UTC, date

import pytest

from bot.i18n import Translator
from conversations.matching.model import Criterion, Needs, PlaceView
from conversations.matching.rank import rank
from conversations.matching.texts import reason_line
from conversations.matching.travel import locate, travel_minutes

TODAY = date(2026, 12, 6)


def needs(home: str, travel: str | None = "more") -> Needs:
    return Needs(switcher_id=1, texts=("Hoe werkt een magazijn met logistiek?",), region=home,
                 travel=travel)  # fmt: skip


def place(pid: int, municipality: str) -> PlaceView:
    return PlaceView(id=pid, topic="Magazijn en logistiek", host_org=f"Org {pid}", site="Straat 1",
                     municipality=municipality, capacity=1, left=1)  # fmt: skip


@pytest.mark.parametrize(
    ("origin", "destination", "low", "high"),
    [
        ("Gent", "Gent", 5, 12),  # in town
        ("Mechelen", "Bonheiden", 12, 25),  # next door
        ("Schaerbeek", "Anderlecht", 15, 30),  # across Brussels
        ("Gent", "Aalst", 35, 55),
        ("Antwerpen", "Brussel", 45, 75),
        ("Gent", "Hasselt", 90, 150),
        ("Leuven", "Oostende", 110, 170),
        ("ik woon in Sint-Niklaas", "Gand", 40, 65),  # a sentence, a French name
        ("Bruxelles", "Louvain", 25, 50),
    ],
)
def test_estimated_minutes(origin: str, destination: str, low: int, high: int) -> None:
    minutes = travel_minutes(origin, destination)
    assert minutes is not None and low <= minutes <= high, minutes


@pytest.mark.parametrize("text", ["", None, "Atlantis", "Oost-Vlaanderen"])
def test_no_estimate_without_a_known_municipality(text: str | None) -> None:
    assert travel_minutes(text, "Gent") is None and travel_minutes("Gent", text) is None


def test_the_longest_name_wins() -> None:
    found = locate("Sint-Pieters-Leeuw")
    assert found is not None and found[0] == "Sint-Pieters-Leeuw"


@pytest.mark.parametrize(
    ("home", "travel", "near", "far"),
    [
        ("Mechelen", "more", "Bonheiden", "Oostende"),  # ~20 against ~100 minutes
        ("Gent", "more", "Merelbeke", "Hasselt"),
        ("Gent", "60", "Merelbeke", "Antwerpen"),  # the far one is beyond the hour they gave
        ("Schaerbeek", None, "Evere", "Kortrijk"),
    ],
)
def test_same_fit_the_nearer_place_wins(home: str, travel: str | None, near: str, far: str) -> None:
    """The same topic at both: the place about 20 minutes away comes before the one 90
    minutes away, and the reasons say the estimated minutes."""
    [first, second] = rank(needs(home, travel), [place(1, far), place(2, near)], TODAY)
    assert (first.place.id, second.place.id) == (2, 1)
    assert first.content == second.content and first.practical > second.practical
    near_travel, far_travel = first.reason(Criterion.TRAVEL), second.reason(Criterion.TRAVEL)
    assert near_travel is not None and near_travel.verdict == "minutes"
    assert near_travel.points > 0 and int(near_travel.details[1]) <= 30
    assert far_travel is not None and far_travel.points == 0 and int(far_travel.details[1]) > 60


def test_beyond_the_travel_time_the_switcher_gave_is_said() -> None:
    [match] = rank(needs("Gent", "30"), [place(1, "Aalst")], TODAY)
    reason = match.reason(Criterion.TRAVEL)
    assert reason is not None and reason.verdict == "too_far" and reason.details[2] == "30"
    line = reason_line(reason)
    assert line is not None
    shown = Translator().render(line, "en", UTC)
    assert "Aalst" in shown and "30" in shown and reason.details[1] in shown


def test_nearer_scores_more_within_the_limit() -> None:
    found = rank(needs("Gent", "60"), [place(1, "Ninove"), place(2, "Destelbergen")], TODAY)
    points = {m.place.id: m.reason(Criterion.TRAVEL) for m in found}
    assert points[2] is not None and points[1] is not None
    assert points[2].points > points[1].points > 0
