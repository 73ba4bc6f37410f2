"""Matching as a pure function over content (issue 17 item 3; seeds-fidelity items 66-68):
content fit first, then practicality; own employer, competitors and full places never offered;
the reasons shown are the ones that decided."""

from __future__ import annotations

from datetime import date

import pytest

from conversations.matching.dates import read
from conversations.matching.model import Criterion, Needs, PlaceView
from conversations.matching.rank import rank

TODAY = date(2026, 12, 6)
NURSE = Needs(
    switcher_id=1,
    texts=(
        "Hoe organiseren jullie de verpleging op een drukke afdeling?",
        "Patiënten rustig krijgen",
    ),
    region="Gent",
    travel="30",
    dates="maandag of dinsdag in maart",
    organisation="AZ Sint-Jan",
)


def place(pid: int, topic: str, **kw: object) -> PlaceView:
    base: dict[str, object] = {
        "id": pid, "topic": topic, "host_org": f"Org {pid}", "site": "Straat 1",
        "municipality": "Gent", "region": "Oost-Vlaanderen", "capacity": 2, "left": 2,
    }  # fmt: skip
    return PlaceView.model_validate({**base, **kw})


def ids(needs: Needs, places: list[PlaceView]) -> list[int]:
    return [m.place.id for m in rank(needs, places, TODAY)]


def test_a_nurses_question_matches_a_care_place_before_a_warehouse() -> None:
    """A care place wins on content (sector map) although the warehouse is nearer."""
    care = place(1, "Verpleegafdeling geriatrie", municipality="Aalst", region="Oost-Vlaanderen")
    warehouse = place(2, "Magazijn en logistiek", municipality="Gent")
    [first, second] = rank(NURSE, [warehouse, care], TODAY)
    assert first.place.id == 1
    words = first.reason(Criterion.WORDS)
    sector = first.reason(Criterion.SECTOR)
    assert words is not None and words.details == ("verpleegafdeling",)
    assert sector is not None and sector.verdict == "same" and sector.details == ("care",)
    assert second.content == 0 and second.practical > first.practical  # nearer, but no fit


@pytest.mark.parametrize(
    ("case", "blocked"),
    [
        ("own employer", place(1, "Verpleging", host_org="AZ  Sint-Jan")),
        ("competitor", place(1, "Verpleging", excluded_orgs=("az sint-jan",))),
        ("full", place(1, "Verpleging", left=0)),
        ("paused", place(1, "Verpleging", status="paused")),
        ("retired", place(1, "Verpleging", status="retired")),
    ],
)
def test_places_never_offered(case: str, blocked: PlaceView) -> None:
    other = place(2, "Onthaal ziekenhuis")
    assert ids(NURSE, [blocked, other]) == [2], case


def test_same_fit_nearer_place_wins_and_says_why() -> None:
    """A place in another region loses to one in the switcher's own municipality; the far one
    says how far it is (estimated) and that it is beyond what the switcher gave."""
    far = place(1, "Verpleging", municipality="Hasselt", region="Limburg")
    near = place(2, "Verpleging", municipality="Gent")
    [first, second] = rank(NURSE, [far, near], TODAY)
    assert (first.place.id, second.place.id) == (2, 1)
    assert first.content == second.content
    near_travel, far_travel = first.reason(Criterion.TRAVEL), second.reason(Criterion.TRAVEL)
    assert near_travel is not None and near_travel.verdict == "same_municipality"
    assert far_travel is not None and far_travel.verdict == "too_far"
    assert far_travel.details[0] == "Hasselt" and int(far_travel.details[1]) > 90
    assert far_travel.details[2] == "30"


def test_same_region_beats_elsewhere_and_public_transport_counts() -> None:
    needs = NURSE.model_copy(update={"region": "Oost-Vlaanderen"})
    elsewhere = place(1, "Verpleging", municipality="Brugge", region="West-Vlaanderen",
                      public_transport=True)  # fmt: skip
    region = place(2, "Verpleging", municipality="Aalst", public_transport=True)
    by_bus = place(3, "Verpleging", municipality="Ninove", public_transport=False)
    assert ids(needs, [elsewhere, by_bus, region]) == [2, 3, 1]


def test_dates_the_switcher_gave_are_compared_and_shown() -> None:
    """Review item 22/66: the dates in the agenda were never shown when planning."""
    march = place(1, "Verpleging", dates=((date(2027, 3, 1), date(2027, 3, 31)),))
    april = place(2, "Verpleging", dates=((date(2027, 4, 1), date(2027, 4, 30)),))
    [first, second] = rank(NURSE, [april, march], TODAY)
    fits, misses = first.reason(Criterion.DATES), second.reason(Criterion.DATES)
    assert first.place.id == 1 and fits is not None and fits.verdict == "overlap"
    assert fits.details[0] == "2027-03-01"  # the first Monday of March 2027
    assert misses is not None and misses.verdict == "no_overlap"
    assert misses.details == ("maandag of dinsdag in maart",)


def test_unreadable_dates_are_shown_as_written() -> None:
    needs = NURSE.model_copy(update={"dates": "na de paasvakantie"})
    [match] = rank(needs, [place(1, "Verpleging", dates=((date(2027, 3, 1), date(2027, 3, 5)),))],
                   TODAY)  # fmt: skip
    reason = match.reason(Criterion.DATES)
    assert reason is not None and reason.verdict == "unread"
    assert reason.details == ("na de paasvakantie",)


def test_more_capacity_left_breaks_a_tie() -> None:
    one = place(1, "Verpleging", left=1)
    three = place(2, "Verpleging", capacity=3, left=3)
    assert ids(NURSE, [one, three]) == [2, 1]


@pytest.mark.parametrize(
    ("text", "days", "months", "weekdays"),
    [
        ("13/12 of 14/12", {date(2026, 12, 13), date(2026, 12, 14)}, set(), set()),
        ("2027-01-05", {date(2027, 1, 5)}, set(), set()),
        ("3/1", {date(2027, 1, 3)}, set(), set()),  # January has passed this year
        ("les mardis en février", set(), {(2027, 2)}, {1}),
        ("mardi ou jeudi", set(), set(), {1, 3}),
        ("I may do Mondays", set(), set(), {0}),
        ("maandagen", set(), set(), {0}),
    ],
)
def test_reading_dates(text: str, days: set[date], months: set[object], weekdays: set[int]) -> None:
    got = read(text, TODAY)
    assert (set(got.days), set(got.months), set(got.weekdays)) == (days, months, weekdays)
