"""One refusal for every effect a person may not cause (forged, stale, or no longer theirs).

Flows decide from the facts they were given; the appliers check again against the database
(defence in depth). When an applier refuses, the whole event is rolled back — nothing the flow
did in that event is kept, its "Saved" is never sent — and the person gets a neutral answer
with the question they were at. Feature modules raise this (or a subclass naming them).
"""

from __future__ import annotations


class Refused(Exception):
    """An effect the person may not cause; the event is rolled back."""
