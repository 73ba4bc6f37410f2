"""Who is asked first to support a newcomer: pure ranking, so every rule is easy to test.

Only supporters who offer the kind of support asked for and still have room count. Then a
shared sector weighs most, then a shared language (Dutch counts from B1), then the same region
(or a supporter who works online), then the lightest load; the lowest id breaks ties.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

ONLINE = "online"


@dataclass(frozen=True)
class Candidate:
    person_id: int
    kinds: tuple[str, ...]
    sectors: tuple[str, ...]
    languages: tuple[str, ...]
    region: str
    capacity: int
    load: int


@dataclass(frozen=True)
class Wish:
    kind: str
    sector: str | None
    languages: tuple[str, ...]
    region: str | None
    dutch_level: str | None = None

    def spoken(self) -> set[str]:
        found = set(self.languages)
        if self.dutch_level in ("b1", "b2"):
            found.add("nl")
        return found


def score(candidate: Candidate, wish: Wish) -> int:
    points = 0
    if wish.sector and wish.sector in candidate.sectors:
        points += 4
    if wish.spoken() & set(candidate.languages):
        points += 2
    if candidate.region == ONLINE or (wish.region and wish.region == candidate.region):
        points += 1
    return points


def rank(candidates: Iterable[Candidate], wish: Wish, excluded: set[int]) -> list[Candidate]:
    eligible = [
        c
        for c in candidates
        if wish.kind in c.kinds and c.load < c.capacity and c.person_id not in excluded
    ]
    return sorted(eligible, key=lambda c: (-score(c, wish), c.load / c.capacity, c.person_id))
