"""Matching (draaiboek 5.5, 788-790): for a switcher with a saved learning agenda, the open
learning places ranked by content fit first — the learning question and goals against the
place's topic, by shared words and a sector map — then by practicality: travel (same
municipality, then same region, then public transport), dates that overlap with the dates the
switcher gave, and capacity left. Travel is an estimate in minutes when both municipalities are
known (`conversations/matching/travel.py`): nearer scores more, and a place beyond the travel
time the switcher said they accept scores nothing for travel.

Never offered: a place of the switcher's own employer (the sending organisation), of an
organisation that excludes theirs (a competitor), a paused, retired or full place. Every
ranked place carries the reasons that decided, one per criterion with its points, so the
coordinator sees why and can override. Pure: no I/O, the same input gives the same order."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from conversations.matching.dates import overlap, read
from conversations.matching.model import Criterion, Match, Needs, PlaceView, Reason
from conversations.matching.sectors import sectors_in
from conversations.matching.travel import travel_minutes

#: Words too common to say anything about a learning question (nl, fr, en).
STOPWORDS = frozenset(
    """aan als ander andere been bij daar dan dat deze die dit doen door een eens geen goed hoe
    hun iets ik in is je kan kunnen leren maar meer met mijn naar niet nog ook over want wat
    werk werken wie wil willen zijn zou zoals avec dans des est les leur mais mon mes nous
    par pas plus pour que qui sur une aux ces cette comment apprendre travail travailler faire
    about also and are can could does doing from have how into learn learning like more much
    other that their them then there they this want what when which will with work working
    would your""".split()
)
_WORD = re.compile(r"[^\W\d_]+")
#: A shared beginning this long counts as the same word ("verpleging" ~ "verpleegkundige").
STEM = 6

POINTS_WORD = 2  # per shared word, at most three counted
POINTS_SECTOR = 3
POINTS_MUNICIPALITY = 3
POINTS_REGION = 2
POINTS_TRANSPORT = 1
POINTS_DATES = 2
#: Estimated minutes of travel → points (a place 20 minutes away beats one 90 minutes away).
POINTS_MINUTES = ((20, 3), (45, 2), (75, 1))
#: The most a switcher said they would travel (the agenda's TRAVEL answer), in minutes.
TRAVEL_LIMIT = {"15": 15, "30": 30, "60": 60}


def words(texts: Iterable[str]) -> set[str]:
    return {
        w
        for text in texts
        for w in _WORD.findall(text.lower())
        if len(w) >= 3 and w not in STOPWORDS
    }


def _same(a: str, b: str) -> bool:
    return a == b or (len(a) >= STEM and len(b) >= STEM and a[:STEM] == b[:STEM])


def _norm(name: str | None) -> str:
    return " ".join(_WORD.findall((name or "").lower()))


def excluded(needs: Needs, place: PlaceView) -> bool:
    """Never offered: own employer, an organisation that excludes theirs, not open, full."""
    own = _norm(needs.organisation)
    if own and (own == _norm(place.host_org) or own in {_norm(o) for o in place.excluded_orgs}):
        return True
    return place.status != "open" or place.left <= 0


def _content(needs: Needs, place: PlaceView) -> list[Reason]:
    asked = {w for w in words(needs.texts) if len(w) >= 4}
    offered = {w for w in words((place.topic,)) if len(w) >= 4}
    shared = sorted(o for o in offered if any(_same(o, a) for a in asked))
    reasons = [
        Reason(
            criterion=Criterion.WORDS,
            points=POINTS_WORD * min(3, len(shared)),
            verdict="shared" if shared else "none",
            details=tuple(shared[:3]),
        )
    ]
    wanted = sectors_in(words(needs.texts))
    place_sectors = {place.sector} if place.sector else set(sectors_in(words((place.topic,))))
    common = sorted(wanted & place_sectors)
    reasons.append(
        Reason(
            criterion=Criterion.SECTOR,
            points=POINTS_SECTOR if common else 0,
            verdict="same" if common else "other",
            details=tuple(common or sorted(place_sectors)),
        )
    )
    return reasons


def _minutes(needs: Needs, place: PlaceView, minutes: int) -> Reason:
    """An estimated travel time (conversations/matching/travel.py): points by minutes, none
    beyond what the switcher said they would travel."""
    limit = TRAVEL_LIMIT.get(needs.travel or "")
    if limit is not None and minutes > limit:
        return Reason(criterion=Criterion.TRAVEL, points=0, verdict="too_far",
                      details=(place.municipality, str(minutes), str(limit)))  # fmt: skip
    points = next((p for up_to, p in POINTS_MINUTES if minutes <= up_to), 0)
    return Reason(criterion=Criterion.TRAVEL, points=points, verdict="minutes",
                  details=(place.municipality, str(minutes)))  # fmt: skip


def _travel(needs: Needs, place: PlaceView) -> list[Reason]:
    where = words((needs.region or "",))
    town = words((place.municipality,))
    region = words((place.region or "",))
    minutes = travel_minutes(needs.region, place.municipality)
    if town and town <= where:
        travel = Reason(
            criterion=Criterion.TRAVEL,
            points=POINTS_MUNICIPALITY,
            verdict="same_municipality",
            details=(place.municipality,),
        )
    elif minutes is not None:
        travel = _minutes(needs, place, minutes)
    elif region and (region <= where or bool(where and where <= region)):
        travel = Reason(
            criterion=Criterion.TRAVEL,
            points=POINTS_REGION,
            verdict="same_region",
            details=(place.region or "",),
        )
    elif not where:
        travel = Reason(
            criterion=Criterion.TRAVEL, points=0, verdict="unknown", details=(place.municipality,)
        )
    else:
        travel = Reason(
            criterion=Criterion.TRAVEL,
            points=0,
            verdict="elsewhere",
            details=(place.municipality, needs.region or ""),
        )
    transport = Reason(
        criterion=Criterion.TRANSPORT,
        points=POINTS_TRANSPORT if place.public_transport else 0,
        verdict={True: "yes", False: "no", None: "unknown"}[place.public_transport],
    )
    return [travel, transport]  # fmt: skip


def _dates(needs: Needs, place: PlaceView, today: date) -> Reason:
    free = read(needs.dates, today)
    if not place.dates:
        return Reason(criterion=Criterion.DATES, points=0, verdict="place_open")
    if free.empty:
        return Reason(criterion=Criterion.DATES, points=0, verdict="unread",
                      details=(needs.dates or "",))  # fmt: skip
    found = overlap(free, place.dates, today)
    if not found:
        return Reason(criterion=Criterion.DATES, points=0, verdict="no_overlap",
                      details=(needs.dates or "",))  # fmt: skip
    return Reason(criterion=Criterion.DATES, points=POINTS_DATES, verdict="overlap",
                  details=tuple(d.isoformat() for d in found))  # fmt: skip


def rank(needs: Needs, places: Iterable[PlaceView], today: date) -> list[Match]:
    """The places this switcher may be offered, best first: content fit, then practicality,
    then the place registered first."""
    ranked = []
    for place in places:
        if excluded(needs, place):
            continue
        content = _content(needs, place)
        practical = [*_travel(needs, place), _dates(needs, place, today)]
        practical.append(
            Reason(
                criterion=Criterion.CAPACITY, points=0, verdict="left", details=(str(place.left),)
            )
        )
        ranked.append(
            Match(
                place=place,
                content=sum(r.points for r in content),
                practical=sum(r.points for r in practical),
                reasons=(*content, *practical),
            )
        )
    ranked.sort(key=lambda m: (-m.content, -m.practical, -m.place.left, m.place.id))
    return ranked
