"""An estimated travel time between two municipalities (issue 17 item 3): the distance between
their centres (`conversations/matching/municipalities.py`) made into minutes door to door.

Estimate = 8 minutes to set off and arrive, the road taken as 1.3 times the straight line, its
first 10 km at 30 km/h (town traffic, a bus, walking to the station) and the rest at 85 km/h.
Wegwijzer's own rule of thumb, not the draaiboek's: it tells a place 20 minutes away from one
90 minutes away, which is all matching needs; the coordinator checks the real journey."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from math import asin, cos, radians, sin, sqrt

from conversations.matching.municipalities import TABLE

ROAD_FACTOR = 1.3
SET_OFF = 8.0  # minutes
TOWN_KM, TOWN_KMH, ROAD_KMH = 10.0, 30.0, 85.0
_WORD = re.compile(r"[a-z]+")


def _key(text: str) -> str:
    """Lower case, accents and punctuation gone: "Sint-Truiden" and "sint truiden" agree."""
    plain = unicodedata.normalize("NFKD", text.lower())
    return " ".join(_WORD.findall("".join(c for c in plain if not unicodedata.combining(c))))


@cache
def _table() -> dict[str, tuple[str, float, float]]:
    """Every name (as `_key`) → (the first, Dutch name, latitude, longitude)."""
    found: dict[str, tuple[str, float, float]] = {}
    for line in TABLE.splitlines():
        names, lat, lon = line.split(";")
        first = names.split("|")[0]
        for name in names.split("|"):
            found[_key(name)] = (first, float(lat), float(lon))
    return found


def locate(text: str | None) -> tuple[str, float, float] | None:
    """The listed municipality named in a free text ("ik woon in Sint-Niklaas", "Gand"), the
    longest name first; None when none is named."""
    words = f" {_key(text or '')} "
    hits = [(len(k), v) for k, v in _table().items() if f" {k} " in words]
    return max(hits, key=lambda h: h[0])[1] if hits else None


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Straight-line (great-circle) distance."""
    lat1, lon1, lat2, lon2 = map(radians, (*a, *b))
    h = sin((lat2 - lat1) / 2) ** 2 + cos(lat1) * cos(lat2) * sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * asin(sqrt(h))


def minutes_between(a: tuple[float, float], b: tuple[float, float]) -> int:
    road = distance_km(a, b) * ROAD_FACTOR
    town = min(road, TOWN_KM)
    return round(SET_OFF + town / TOWN_KMH * 60 + (road - town) / ROAD_KMH * 60)


def travel_minutes(origin: str | None, destination: str | None) -> int | None:
    """Estimated minutes from the switcher's municipality to the place's; None if either is
    not in the table."""
    a, b = locate(origin), locate(destination)
    if a is None or b is None:
        return None
    return minutes_between(a[1:], b[1:])
