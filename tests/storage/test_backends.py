"""The list of suites that run on PostgreSQL too must name files that exist: a suite moved
into a feature folder would otherwise silently run on SQLite only (issue 18 item 2)."""

from __future__ import annotations

from pathlib import Path

from tests import backends


def test_every_suite_named_for_both_backends_exists() -> None:
    tests = Path(backends.__file__).parent
    missing = [name for name in backends.BOTH if not (tests / name).exists()]
    assert missing == [], f"move these entries of tests/backends.py BOTH along: {missing}"
